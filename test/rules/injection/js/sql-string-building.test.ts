import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf, ruleTable } from './ruleTester';

const ID = 'injection/sql-string-building';

describe(ID, () => {
  ruleTable(ID, {
    valid: [
      { name: 'pg placeholders with a parameter array', code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/u', (req, res) => pool.query('SELECT * FROM users WHERE id = $1', [req.query.id]));" },
      { name: 'mysql placeholders', code: "const mysql = require('mysql2');\nfunction f(req) { return conn.execute('SELECT * FROM t WHERE a = ? AND b = ?', [req.body.a, req.body.b]); }" },
      { name: 'a constant query built from constants', code: "const TABLE = 'users';\nconst q = 'SELECT * FROM ' + TABLE + ' WHERE active = 1';\ndb.query(q);" },
      { name: 'a Prisma tagged template', code: 'app.get("/", async (req, res) => { await prisma.$queryRaw`SELECT * FROM users WHERE id = ${req.query.id}`; });' },
      { name: 'a Drizzle sql tagged template', code: "import { sql } from 'drizzle-orm';\nexport const f = (req) => db.execute(sql`select * from users where id = ${req.params.id}`);" },
      { name: 'knex.raw with bindings', code: "function f(req) { return knex.raw('select * from users where id = ?', [req.params.id]); }" },
      { name: 'sqlite prepared statement', code: "const Database = require('better-sqlite3');\nconst db = new Database('x.db');\nfunction get(req) { return db.prepare('SELECT * FROM t WHERE id = ?').get(req.params.id); }" },
      { name: 'a number from parseInt', code: "app.get('/', (req, res) => { const id = parseInt(req.query.id, 10); db.query('SELECT * FROM t WHERE id = ' + id); });" },
      { name: 'an escaped value', code: "app.get('/', (req, res) => { db.query('SELECT * FROM t WHERE name = ' + connection.escape(req.query.name)); });" },
      { name: 'a sort column from an allow-list', code: "app.get('/', (req, res) => { const col = req.query.sort; if (!['name', 'date'].includes(col)) return; db.query(`SELECT * FROM t ORDER BY ${col}`); });" },
      { name: 'a Map.get with a concatenated key is not SQL', code: "app.get('/', (req, res) => cache.get('user:' + req.query.id));" },
      { name: 'a TypeORM where with parameters', code: "function f(req) { return repo.createQueryBuilder('u').where('u.id = :id', { id: req.params.id }).getOne(); }" },
      { name: 'sequelize replacements', code: "const { Sequelize } = require('sequelize');\nfunction f(req) { return sequelize.query('SELECT * FROM t WHERE id = :id', { replacements: { id: req.params.id } }); }" },
    ],
    invalid: [
      { name: 'pg concatenation with a request parameter', code: "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/u/:id', async (req, res) => {\n  const r = await pool.query('SELECT * FROM users WHERE id = ' + req.params.id); // <-\n});", severity: 'critical', message: 'request parameter `id` flows into this SQL string' },
      { name: 'mysql untagged template', code: "const mysql = require('mysql');\napp.get('/', (req, res) => {\n  connection.query(`SELECT * FROM users WHERE name = '${req.query.name}'`); // <-\n});", message: 'query parameter `name`' },
      { name: 'util.format', code: "const util = require('util');\napp.post('/', (req, res) => {\n  db.query(util.format(\"SELECT * FROM t WHERE a = '%s'\", req.body.a)); // <-\n});" },
      { name: 'sqlite3 db.all with a concatenated variable', code: "const sqlite3 = require('sqlite3');\napp.get('/', (req, res) => {\n  const sql = 'SELECT * FROM t WHERE x = ' + req.query.x;\n  db.all(sql, (err, rows) => res.json(rows)); // <-\n});" },
      { name: 'better-sqlite3 prepare', code: "app.get('/', (req, res) => {\n  db.prepare(`DELETE FROM t WHERE id = ${req.query.id}`).run(); // <-\n});" },
      { name: 'mssql request.query', code: "const sql = require('mssql');\napp.get('/', async (req, res) => {\n  await new sql.Request().query('SELECT * FROM t WHERE n = ' + req.query.n); // <-\n});" },
      { name: 'oracledb execute', code: "const oracledb = require('oracledb');\nasync function f(req) {\n  await connection.execute(`SELECT * FROM emp WHERE name = '${req.body.name}'`); // <-\n}\napp.post('/', f);" },
      { name: 'knex whereRaw', code: "app.get('/', (req, res) => {\n  knex('users').whereRaw('name = ' + req.query.name); // <-\n});" },
      { name: 'knex.raw', code: "app.get('/', (req, res) => {\n  knex.raw(`select * from users where id = ${req.query.id}`); // <-\n});" },
      { name: 'sequelize.query', code: "const { Sequelize } = require('sequelize');\napp.get('/', (req, res) => {\n  sequelize.query('SELECT * FROM users WHERE id = ' + req.query.id); // <-\n});" },
      { name: 'sequelize.literal', code: "const { Sequelize } = require('sequelize');\napp.get('/', (req, res) => {\n  User.findAll({ where: Sequelize.literal('id = ' + req.query.id) }); // <-\n});" },
      { name: 'TypeORM createQueryBuilder().where(string)', code: "app.get('/', (req, res) => {\n  repo.createQueryBuilder('u').where(`u.name = '${req.query.name}'`).getMany(); // <-\n});" },
      { name: 'TypeORM repository.query', code: "app.get('/', (req, res) => {\n  dataSource.query('SELECT * FROM t WHERE id = ' + req.query.id); // <-\n});" },
      { name: 'Prisma $queryRawUnsafe', code: "app.get('/', async (req, res) => {\n  await prisma.$queryRawUnsafe(`SELECT * FROM t WHERE id = ${req.query.id}`); // <-\n});" },
      { name: 'Prisma $executeRawUnsafe', code: "app.post('/', async (req, res) => {\n  await prisma.$executeRawUnsafe('DELETE FROM t WHERE id = ' + req.body.id); // <-\n});" },
      { name: 'Drizzle sql.raw', code: "import { sql } from 'drizzle-orm';\napp.get('/', (req, res) => {\n  db.execute(sql.raw(`select * from t where id = ${req.query.id}`)); // <-\n});" },
      { name: 'pg config object with text', code: "app.get('/', (req, res) => {\n  pool.query({ text: 'SELECT * FROM t WHERE id = ' + req.query.id, values: [] }); // <-\n});" },
      { name: 'a parameter of unknown origin (medium)', code: "function findByName(name) {\n  return db.query(\"SELECT * FROM users WHERE name = '\" + name + \"'\"); // <-\n}", severity: 'medium', message: '`name`' },
      { name: 'a .ts file with types', path: 'src/repo.ts', code: "export async function byId(req: Request, id: string): Promise<Row[]> {\n  return (await pool.query<Row>(`SELECT * FROM t WHERE id = ${id}`)).rows; // <-\n}", severity: 'medium' },
    ],
  });

  it('offers $1 placeholders as a fix for a concatenated pg query', async () => {
    const code = "const { Pool } = require('pg');\nconst pool = new Pool();\napp.get('/u/:id', (req, res) => pool.query(\"SELECT * FROM users WHERE id = '\" + req.params.id + \"' AND org = \" + req.user.org));";
    const [finding] = await findingsOf(ID, code);
    assert.ok(finding.fix);
    assert.equal(finding.fix.edits[0].text, "'SELECT * FROM users WHERE id = $1 AND org = $2', [req.params.id, req.user.org]");
  });

  it('offers ? placeholders for mysql', async () => {
    const code = "const mysql = require('mysql2');\napp.get('/', (req, res) => conn.query(`SELECT * FROM t WHERE a = '${req.query.a}'`));";
    const [finding] = await findingsOf(ID, code);
    assert.equal(finding.fix?.edits[0].text, "'SELECT * FROM t WHERE a = ?', [req.query.a]");
  });

  it('offers no fix where the value is an identifier (ORDER BY)', async () => {
    const code = "const { Pool } = require('pg');\napp.get('/', (req, res) => pool.query('SELECT * FROM t ORDER BY ' + req.query.sort));";
    const [finding] = await findingsOf(ID, code);
    assert.equal(finding.fix, undefined);
  });

  it('points related at the source', async () => {
    const code = "app.get('/', (req, res) => {\n  const { id } = req.params;\n  db.query('SELECT * FROM t WHERE id = ' + id);\n});";
    const [finding] = await findingsOf(ID, code);
    assert.equal(finding.related?.[0].range.startLine, 2);
    assert.match(finding.related![0].message, /request parameter `id`/);
  });
});
