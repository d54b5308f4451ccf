import { SQL_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { pythonAdapter } from '../../analysis/treeSitter/languages/python';
import type { CallSite, FileModel } from '../../analysis/treeSitter/model';
import type { RuleContext } from '../types';

const EXECUTE = new Set(['execute', 'executemany', 'executescript']);
const TEXT = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text']);

/** SQL built with f-strings, `%`, `.format` or `+` and passed to a DB-API cursor, SQLAlchemy or Django. */
export const pythonSqlStringBuilding = defineTreeSitterRule({
  language: 'python',
  adapter: pythonAdapter,
  meta: {
    id: 'injection/python-sql-string-building',
    severity: 'high',
    confidence: 'medium',
    cwe: [89],
    keywords: ['execute', 'text(', 'exec_driver_sql', '.raw(', '.extra(', 'rawsql'],
    docs: {
      summary: 'SQL text built from variables with an f-string, %, .format() or + and run by cursor.execute, SQLAlchemy text()/exec_driver_sql or Django raw/extra/RawSQL.',
      why: 'Whoever controls the variable controls the query: a quote in the value ends the string literal and the rest runs as SQL, reading or deleting any table.',
      fix: 'Keep the SQL constant and pass values as parameters: cursor.execute("... WHERE id = %s", (user_id,)) (sqlite3 uses ?), text("... WHERE id = :id") with {"id": user_id}, raw("... %s", [user_id]). Table or column names come from an allow-list.',
      example: {
        bad: 'cursor.execute(f"SELECT * FROM users WHERE email = \'{email}\'")',
        good: 'cursor.execute("SELECT * FROM users WHERE email = %s", (email,))',
      },
    },
    messages: standardMessages('an SQL query'),
  },
  visit(site, context, model) {
    if (site.kind !== 'call') return;
    const query = sqlArgument(site, context, model);
    if (!query) return;
    reportOperand(context, site, query, site.callee, SQL_POLICY);
  },
});

function sqlArgument(site: CallSite, context: RuleContext, model: FileModel): CallSite['args'][number] | undefined {
  const first = site.args[0] ?? site.keywords.sql ?? site.keywords.query ?? site.keywords.statement;
  if (EXECUTE.has(site.name) && site.receiver) {
    // session.execute(text(...)) is judged at the text() call.
    const head = first?.nodeType === 'call' ? first.text.slice(0, first.text.indexOf('(')) : '';
    if (head === 'text' || head.endsWith('.text')) return undefined;
    return first;
  }
  if (site.name === 'text') {
    const fromSqlAlchemy = TEXT.has(site.callee) || (site.callee === 'text' && (model.aliases.get('text') ?? '').startsWith('sqlalchemy')) || (site.callee === 'text' && context.text.includes('sqlalchemy'));
    return fromSqlAlchemy ? first : undefined;
  }
  if (site.name === 'exec_driver_sql') return first;
  if (site.name === 'raw' && site.receiver && site.receiver.text.includes('objects')) return first;
  if (site.name === 'RawSQL') return first;
  if (site.name === 'extra' && site.receiver) {
    return site.keywords.where ?? site.keywords.select ?? site.keywords.tables ?? site.keywords.order_by;
  }
  return undefined;
}
