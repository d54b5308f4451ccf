import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { findingsOf } from './ruleTester';

const SQL = 'injection/sql-string-building';
const wrap = (body: string): string => `app.get('/', async (req, res) => {\n${body}\n});`;

/** Sources reach sinks through each construct the issue lists, and each sanitizer stops them. */
describe('JS data flow', () => {
  const flows: [string, string][] = [
    ['assignment', "let id;\nid = req.query.id;\ndb.query('SELECT * FROM t WHERE id = ' + id);"],
    ['destructuring with rename', "const { id: userId } = req.params;\ndb.query('SELECT * FROM t WHERE id = ' + userId);"],
    ['nested destructuring', "const { body: { user } } = req;\ndb.query(`SELECT * FROM t WHERE u = '${user}'`);"],
    ['template literal', "const id = req.query.id;\nconst q = `SELECT * FROM t WHERE id = ${id}`;\ndb.query(q);"],
    ['concatenation', "const q = 'SELECT * FROM t WHERE id = ' + req.query.id;\ndb.query(q);"],
    ['+=', "let q = 'SELECT * FROM t WHERE 1=1';\nq += ' AND name = ' + req.query.name;\ndb.query(q);"],
    ['array join', "const parts = ['SELECT * FROM t WHERE id =', req.query.id];\ndb.query(parts.join(' '));"],
    ['object spread', "const filter = { ...req.query };\ndb.query('SELECT * FROM t WHERE a = ' + filter.a);"],
    ['string methods', "const name = req.query.name.trim().toLowerCase();\ndb.query(`SELECT * FROM t WHERE n = '${name}'`);"],
    ['a same-file function returning its argument', "db.query(buildQuery(req.query.id));\n}); function buildQuery(id) { return 'SELECT * FROM t WHERE id = ' + id; } app.get('/x', (req, res) => {"],
    ['a sink inside a same-file function', "lookup(req.params.id);\n}); function lookup(id) { return db.query('SELECT * FROM t WHERE id = ' + id); } app.get('/x', (req, res) => {"],
    ['a conditional', "const q = req.query.a ? 'SELECT * FROM t WHERE a = ' + req.query.a : 'SELECT 1';\ndb.query(q);"],
    ['|| defaults', "const name = req.query.name || 'x';\ndb.query(`SELECT * FROM t WHERE n = '${name}'`);"],
    ['req.get header', "db.query('SELECT * FROM t WHERE ua = ' + req.get('user-agent'));"],
    ['cookies', "db.query('SELECT * FROM s WHERE token = ' + req.cookies.session);"],
    ['URLSearchParams of the request URL', "const p = new URLSearchParams(req.url.split('?')[1]);\ndb.query('SELECT * FROM t WHERE id = ' + p.get('id'));"],
    ['array push then join', "const where = [];\nif (req.query.name) where.push(`name = '${req.query.name}'`);\ndb.query('SELECT * FROM t WHERE ' + where.join(' AND '));"],
    ['util.format', "db.query(require('util').format('SELECT * FROM t WHERE id = %s', req.query.id));"],
  ];
  for (const [name, body] of flows) {
    it(`flows through ${name}`, async () => {
      const findings = await findingsOf(SQL, wrap(body));
      assert.ok(findings.some((f) => f.severity === 'critical'), `${name}: ${JSON.stringify(findings.map((f) => f.message))}`);
    });
  }

  const sources: [string, string, RegExp][] = [
    ['Koa ctx.request.body', "router.post('/', async (ctx) => { await db.query('SELECT * FROM t WHERE a = ' + ctx.request.body.a); });", /request body field `a`/],
    ['Koa ctx.query', "router.get('/', async (ctx) => { await db.query('SELECT * FROM t WHERE a = ' + ctx.query.a); });", /query parameter `a`/],
    ['a Lambda event body', "exports.handler = async (event) => { const { id } = JSON.parse(event.body); await db.query('SELECT * FROM t WHERE id = ' + id); };", /Lambda event body/],
    ['a Next.js route handler body', "export async function POST(request) { const body = await request.json(); await db.query('SELECT * FROM t WHERE id = ' + body.id); }", /request body/],
    ['Next.js pages API req.query', "export default async function handler(req, res) { await db.query('SELECT * FROM t WHERE id = ' + req.query.id); }", /query parameter `id`/],
    ['FormData', "form.addEventListener('submit', async (e) => { const data = new FormData(form); await db.query('SELECT * FROM t WHERE n = ' + data.get('name')); });", /form (?:data|field)/],
    ['process.argv', "const [, , id] = process.argv;\ndb.query('SELECT * FROM t WHERE id = ' + id);", /command-line argument/],
    ['Fastify request.params', "fastify.get('/:id', async (request, reply) => db.query('SELECT * FROM t WHERE id = ' + request.params.id));", /request parameter `id`/],
    ['a handler with other parameter names', "app.get('/', async (rq, rs) => { await db.query('SELECT * FROM t WHERE id = ' + rq.query.id); });", /query parameter `id`/],
  ];
  for (const [name, code, label] of sources) {
    it(`knows the source ${name}`, async () => {
      const findings = await findingsOf(SQL, code, 'src/handler.js');
      assert.equal(findings.length, 1, JSON.stringify(findings.map((f) => f.message)));
      assert.match(findings[0].message, label);
      assert.equal(findings[0].severity, 'critical');
    });
  }

  it('knows NestJS parameter decorators as sources', async () => {
    const code = "@Controller('r')\nexport class R {\n  @Get()\n  find(@Query('q') q: string, @Req() req: Request) {\n    this.db.query(`SELECT * FROM t WHERE a = '${q}' AND b = ${req.query.b}`);\n  }\n}";
    const [finding] = await findingsOf(SQL, code, 'src/r.controller.ts');
    assert.equal(finding.severity, 'critical');
    assert.match(finding.message, /query parameter `(?:q|b)`/);
  });

  const sanitizers: [string, string][] = [
    ['placeholders built in a loop', "const clauses = [];\nconst values = [];\nif (req.query.name) { values.push(req.query.name); clauses.push(`name = $${values.length}`); }\ndb.query(`SELECT * FROM users ${clauses.length ? 'WHERE ' + clauses.join(' AND ') : ''}`, values);"],
    ['parseInt', "const id = parseInt(req.query.id, 10);\ndb.query('SELECT * FROM t WHERE id = ' + id);"],
    ['Number', "db.query('SELECT * FROM t WHERE id = ' + Number(req.query.id));"],
    ['encodeURIComponent', "db.query(\"SELECT * FROM t WHERE k = '\" + encodeURIComponent(req.query.k) + \"'\");"],
    ['a driver escape', "db.query('SELECT * FROM t WHERE n = ' + pool.escape(req.query.n));"],
    ['pg escapeLiteral', "db.query('SELECT * FROM t WHERE n = ' + client.escapeLiteral(req.query.n));"],
    ['validator.escape', "const validator = require('validator');\ndb.query(\"SELECT * FROM t WHERE n = '\" + validator.escape(req.query.n) + \"'\");"],
    ['an allow-list with includes', "const dir = req.query.dir;\nif (!['asc', 'desc'].includes(dir)) return;\ndb.query('SELECT * FROM t ORDER BY a ' + dir);"],
    ['an allow-list with a Set', "if (!SORTS.has(req.query.sort)) return res.sendStatus(400);\ndb.query('SELECT * FROM t ORDER BY ' + req.query.sort);"],
    ['a regex test', "const id = req.query.id;\nif (!/^[0-9]+$/.test(id)) return;\ndb.query('SELECT * FROM t WHERE id = ' + id);"],
    ['a comparison with a literal', "const dir = req.query.dir === 'desc' ? 'DESC' : 'ASC';\ndb.query('SELECT * FROM t ORDER BY a ' + dir);"],
  ];
  for (const [name, body] of sanitizers) {
    it(`is stopped by ${name}`, async () => {
      const findings = await findingsOf(SQL, wrap(body));
      assert.deepEqual(findings.map((f) => f.message), []);
    });
  }

  it('stops at DOMPurify.sanitize for HTML', async () => {
    assert.deepEqual(await findingsOf('injection/xss-inner-html', "import DOMPurify from 'dompurify';\nel.innerHTML = DOMPurify.sanitize(location.hash);"), []);
  });

  it('stops at shell-quote for commands', async () => {
    const code = "import { exec } from 'child_process';\nimport { quote } from 'shell-quote';\napp.get('/', (req, res) => exec('ls ' + quote([req.query.d])));";
    assert.deepEqual(await findingsOf('injection/command-injection', code), []);
  });

  it('says unknown origin when no source is known, with medium severity', async () => {
    const [finding] = await findingsOf(SQL, "export function q(table, id) { return db.query(`SELECT * FROM t WHERE id = ${id}`); }");
    assert.equal(finding.severity, 'medium');
    assert.match(finding.message, /unknown origin/);
    assert.equal(finding.related, undefined);
  });

  it('names the call site that passes the source into a helper', async () => {
    const code = "function lookup(id) {\n  return db.query('SELECT * FROM t WHERE id = ' + id);\n}\napp.get('/', (req, res) => lookup(req.params.id));";
    const [finding] = await findingsOf(SQL, code);
    assert.equal(finding.severity, 'critical');
    assert.equal(finding.range.startLine, 2);
    assert.deepEqual(finding.related?.map((r) => r.range.startLine), [4, 4]);
  });
});

describe('JS data flow through classes', () => {
  it('raises a sink in a service method called from a controller method with request data', async () => {
    const code = [
      'export class UserService {',
      '  constructor(private readonly db: Pool) {}',
      '  async byName(name: string) {',
      "    return this.db.query(`SELECT * FROM users WHERE name = '${name}'`);",
      '  }',
      '}',
      'export class UserController {',
      '  constructor(private readonly users: UserService) {}',
      '  async list(req: Request, res: Response) {',
      '    res.json(await this.users.byName(req.query.name));',
      '  }',
      '}',
    ].join('\n');
    const findings = await findingsOf('injection/sql-string-building', code, 'src/users.ts');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].range.startLine, 4);
    assert.equal(findings[0].severity, 'critical');
    assert.match(findings[0].message, /query parameter `name`/);
  });

  it('follows this.method() return values', async () => {
    const code = "class Search {\n  term(req) { return req.query.q; }\n  run(req) { return db.query('SELECT * FROM t WHERE q = ' + this.term(req)); }\n}";
    const [finding] = await findingsOf('injection/sql-string-building', code);
    assert.equal(finding.severity, 'critical');
  });
});

describe('JS data flow from GraphQL resolvers', () => {
  it('treats resolver arguments as sources', async () => {
    const code = [
      'export const resolvers = {',
      '  Query: {',
      "    user: (_parent, { id }, { db }) => db.query('SELECT * FROM users WHERE id = ' + id),",
      '    search(_parent, args) {',
      "      return db.query(`SELECT * FROM items WHERE name LIKE '%${args.term}%'`);",
      '    },',
      '  },',
      '};',
    ].join('\n');
    const findings = await findingsOf('injection/sql-string-building', code, 'src/graphql/resolvers.js');
    assert.deepEqual(findings.map((f) => [f.range.startLine, f.severity]), [[3, 'critical'], [5, 'critical']]);
    assert.match(findings[0].message, /GraphQL argument `id`/);
    assert.match(findings[1].message, /GraphQL argument `term`/);
  });
});
