import { SQL_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { goAdapter } from '../../analysis/treeSitter/languages/go';
import type { CallSite } from '../../analysis/treeSitter/model';

/** database/sql, sqlx and gorm methods, with the index of their SQL argument. */
const SQL_METHODS: Record<string, number> = {
  Query: 0, QueryRow: 0, Exec: 0, Prepare: 0, Queryx: 0, QueryRowx: 0, MustExec: 0, Raw: 0, Where: 0, Order: 0,
  QueryContext: 1, QueryRowContext: 1, ExecContext: 1, PrepareContext: 1, Get: 1, Select: 1,
};

/** SQL built with fmt.Sprintf or + and passed to database/sql, sqlx or gorm. */
export const goSqlStringBuilding = defineTreeSitterRule({
  language: 'go',
  adapter: goAdapter,
  meta: {
    id: 'injection/go-sql-string-building',
    severity: 'high',
    confidence: 'medium',
    cwe: [89],
    keywords: ['query', 'exec', 'raw(', 'where(', 'select(', 'get(', 'prepare'],
    docs: {
      summary: 'SQL text built with fmt.Sprintf or + and run by db.Query/QueryRow/Exec (database/sql, sqlx) or gorm Raw/Exec/Where.',
      why: 'A quote in the value ends the SQL string and the rest runs as SQL: the caller can read, change or drop any table the connection can reach.',
      fix: 'Keep the SQL constant and pass values as arguments: db.Query("SELECT ... WHERE id = $1", id) (MySQL and SQLite use ?). Identifiers come from an allow-list.',
      example: {
        bad: 'rows, err := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = \'%s\'", name))',
        good: 'rows, err := db.Query("SELECT * FROM users WHERE name = $1", name)',
      },
    },
    messages: standardMessages('an SQL query'),
  },
  visit(site, context) {
    if (site.kind !== 'call' || !site.receiver) return;
    const index = SQL_METHODS[site.name];
    if (index === undefined || !looksLikeDatabase(site)) return;
    reportOperand(context, site, site.args[index], site.callee, SQL_POLICY);
  },
});

function looksLikeDatabase(site: CallSite): boolean {
  // Get and Select are too common a name to trust on any receiver (http.Get, c.Get); Where/Order too.
  if (site.name !== 'Get' && site.name !== 'Select' && site.name !== 'Where' && site.name !== 'Order') return true;
  const receiver = site.receiver?.text.toLowerCase() ?? '';
  return receiver.includes('db') || receiver.includes('tx') || receiver.includes('conn');
}
