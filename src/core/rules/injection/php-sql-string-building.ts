import { SQL_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { phpAdapter } from '../../analysis/treeSitter/languages/php';
import type { CallSite } from '../../analysis/treeSitter/model';

/** Functions whose SQL is the second argument (after the connection). */
const CONNECTION_FIRST = new Set(['mysqli_query', 'mysqli_multi_query', 'mysqli_real_query', 'pg_query', 'sqlite_query']);
/** Methods of PDO, mysqli, Laravel's DB facade and query builder whose first argument is SQL. */
const SQL_METHODS = new Set(['query', 'exec', 'prepare', 'multi_query', 'real_query', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'selectRaw']);
const DB_FACADE = new Set(['select', 'statement', 'unprepared', 'raw', 'update', 'insert', 'delete']);

/** SQL built by interpolation or concatenation and run by mysqli, PDO or Laravel's DB. */
export const phpSqlStringBuilding = defineTreeSitterRule({
  language: 'php',
  adapter: phpAdapter,
  meta: {
    id: 'injection/php-sql-string-building',
    severity: 'high',
    confidence: 'medium',
    cwe: [89],
    keywords: ['query', 'exec', 'prepare', 'raw', 'db::'],
    docs: {
      summary: 'SQL built with "…$var…" interpolation, . concatenation or sprintf and run by mysqli_query, PDO query/exec/prepare or Laravel DB::select/whereRaw.',
      why: 'A quote in the value ends the SQL string and the rest runs as SQL: the visitor can dump the users table or log in as anyone.',
      fix: 'Use prepared statements with bound values: $stmt = $pdo->prepare("SELECT * FROM users WHERE id = ?"); $stmt->execute([$id]); in Laravel DB::select("... = ?", [$id]) or whereRaw("... = ?", [$id]).',
      example: {
        bad: '$rows = $pdo->query("SELECT * FROM users WHERE email = \'$email\'");',
        good: '$stmt = $pdo->prepare("SELECT * FROM users WHERE email = ?");\n$stmt->execute([$email]);',
      },
    },
    messages: standardMessages('an SQL query'),
  },
  visit(site, context) {
    if (site.kind !== 'call') return;
    reportOperand(context, site, sqlArgument(site), site.callee, SQL_POLICY);
  },
});

function sqlArgument(site: CallSite): CallSite['args'][number] | undefined {
  if (!site.receiver) {
    if (CONNECTION_FIRST.has(site.name)) return site.args.length > 1 ? site.args[1] : site.args[0];
    return site.name === 'mysql_query' ? site.args[0] : undefined;
  }
  if (site.callee.endsWith(`::${site.name}`)) return site.callee.startsWith('DB::') && DB_FACADE.has(site.name) ? site.args[0] : undefined;
  return SQL_METHODS.has(site.name) ? site.args[0] : undefined;
}
