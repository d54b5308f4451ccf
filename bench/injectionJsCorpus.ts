/**
 * A generated 2,000-line TypeScript service of the kind agents write: Express routes with pg and
 * Mongo, helpers, React-free DOM code, a few vulnerable lines among many safe ones. The same text is
 * fed to us and to ESLint, so both see the same code.
 */
export function generateService(lines = 2000): string {
  const out: string[] = [
    "import express, { type Request, type Response } from 'express';",
    "import { Pool } from 'pg';",
    "import { exec, execFile } from 'node:child_process';",
    "import * as fs from 'node:fs';",
    "import path from 'node:path';",
    "import axios from 'axios';",
    '',
    'const pool = new Pool();',
    'const app = express();',
    "const UPLOADS = path.join(__dirname, 'uploads');",
    '',
  ];
  let i = 0;
  for (;;) {
    const mark = out.length;
    const n = i++;
    switch (n % 8) {
      case 0:
        out.push(
          `app.get('/users/${n}/:id', async (req: Request, res: Response) => {`,
          '  const { id } = req.params;',
          `  const { rows } = await pool.query('SELECT id, name FROM users_${n} WHERE id = $1', [id]);`,
          '  if (rows.length === 0) return res.status(404).json({ error: "not found" });',
          '  res.json(rows[0]);',
          '});',
          '',
        );
        break;
      case 1:
        out.push(
          `export function formatUser${n}(user: { name: string; email: string }): string {`,
          '  const name = user.name.trim();',
          '  const email = user.email.toLowerCase();',
          '  return `${name} <${email}>`;',
          '}',
          '',
        );
        break;
      case 2:
        out.push(
          `app.post('/orders/${n}', async (req: Request, res: Response) => {`,
          '  const total = Number(req.body.total);',
          `  await pool.query('INSERT INTO orders_${n} (total, note) VALUES ($1, $2)', [total, req.body.note]);`,
          '  res.status(201).end();',
          '});',
          '',
        );
        break;
      case 3:
        out.push(
          `export async function report${n}(from: string, to: string): Promise<number> {`,
          `  const sql = 'SELECT count(*) FROM events WHERE day BETWEEN $1 AND $2';`,
          '  const { rows } = await pool.query(sql, [from, to]);',
          '  return Number(rows[0].count);',
          '}',
          '',
        );
        break;
      case 4:
        out.push(
          `app.get('/files/${n}/:name', (req: Request, res: Response) => {`,
          "  res.sendFile(req.params.name, { root: UPLOADS });",
          '});',
          '',
        );
        break;
      case 5:
        out.push(
          `export function render${n}(el: HTMLElement, items: string[]): void {`,
          '  el.textContent = items.join(", ");',
          "  el.classList.toggle('empty', items.length === 0);",
          '}',
          '',
        );
        break;
      case 6:
        out.push(
          `export function archive${n}(dir: string, done: (err: Error | null) => void): void {`,
          "  execFile('tar', ['czf', `${dir}.tgz`, dir], (err) => done(err));",
          '}',
          '',
        );
        break;
      default:
        // One vulnerable route in every 8 blocks, of varying kinds.
        switch (n % 5) {
          case 0:
            out.push(`app.get('/search/${n}', async (req: Request, res: Response) => {`, "  const { rows } = await pool.query(\"SELECT * FROM items WHERE name LIKE '%\" + req.query.q + \"%'\");", '  res.json(rows);', '});', '');
            break;
          case 1:
            out.push(`app.post('/ping/${n}', (req: Request, res: Response) => {`, '  exec(`ping -c 1 ${req.body.host}`, (err, stdout) => res.send(stdout));', '});', '');
            break;
          case 2:
            out.push(`app.get('/read/${n}', (req: Request, res: Response) => {`, "  fs.readFile(path.join(UPLOADS, String(req.query.file)), 'utf8', (err, data) => res.send(data));", '});', '');
            break;
          case 3:
            out.push(`app.get('/proxy/${n}', async (req: Request, res: Response) => {`, '  const r = await axios.get(String(req.query.url));', '  res.json(r.data);', '});', '');
            break;
          default:
            out.push(`app.get('/calc/${n}', (req: Request, res: Response) => {`, '  res.json({ value: eval(String(req.query.expr)) });', '});', '');
        }
    }
    // A block that would cross the line count is dropped, so the file always parses.
    if (out.length > lines) {
      out.length = mark;
      break;
    }
  }
  while (out.length < lines) out.push(`// padding ${out.length}`);
  return out.join('\n');
}
