import { defineJsRule, jsMessages } from './defineJsRule';

/** SQL text assembled from values: pg, mysql/mysql2, sqlite3/better-sqlite3, mssql, oracledb, knex, Sequelize, TypeORM, Prisma, Drizzle. */
export const sqlStringBuilding = defineJsRule(
  {
    id: 'injection/sql-string-building',
    severity: 'critical',
    confidence: 'high',
    cwe: [89],
    keywords: ['select', 'insert', 'update', 'delete', 'raw', 'query', 'execute', 'where', 'literal', 'unsafe'],
    docs: {
      summary: 'A SQL statement built by concatenation, a template literal with ${} or format(), then run',
      why: 'Whoever controls a value that is pasted into SQL text controls the statement: `1 OR 1=1` reads every row, `1; DROP TABLE users` destroys data. Placeholders send the values apart from the SQL, so the database never parses them as SQL.',
      fix: 'Use placeholders and pass the values separately: `$1` for pg, `?` for mysql, sqlite and knex.raw, `:name` for Sequelize replacements and TypeORM parameters. Use tagged templates where the library offers them (Prisma `$queryRaw`, Drizzle `sql`, postgres.js `sql`). Identifiers (tables, columns, sort order) cannot be placeholders: pick them from an allow-list.',
      example: {
        bad: "const { rows } = await pool.query(\"SELECT * FROM users WHERE id = '\" + req.params.id + \"'\");",
        good: "const { rows } = await pool.query('SELECT * FROM users WHERE id = $1', [req.params.id]);",
      },
    },
    messages: jsMessages('this SQL string'),
  },
  { sharedPatterns: true },
);
