import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const dist = path.resolve(__dirname, '../../dist');

/**
 * The built CLI, copied with its wasm files to a folder outside the repository, so node_modules cannot
 * serve the grammars: the tree-sitter rules must find them next to the bundle.
 */
describe('tree-sitter injection rules through the built CLI', () => {
  let root: string;
  let cli: string;

  const run = (args: string[], cwd = root) => {
    const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
    return { code: result.status, stdout: result.stdout, stderr: result.stderr };
  };
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  };

  before(() => {
    root = mkdtempSync(path.join(tmpdir(), 'agent-guard-polyglot-'));
    mkdirSync(path.join(root, 'bin'));
    cli = path.join(root, 'bin', 'cli.js');
    copyFileSync(path.join(dist, 'cli.js'), cli);
    copyFileSync(path.join(dist, 'cli-engine.js'), path.join(root, 'bin', 'cli-engine.js'));
    for (const file of readdirSync(dist).filter((n) => n.endsWith('.wasm'))) copyFileSync(path.join(dist, file), path.join(root, 'bin', file));

    write('project/app/views.py', 'from flask import request\n\n@app.route("/u")\ndef user():\n    cursor.execute(f"SELECT * FROM users WHERE name = \'{request.args[\'name\']}\'")\n');
    write('project/api/users.go', 'package api\n\nfunc get(w http.ResponseWriter, r *http.Request) {\n\tdb.Query("SELECT * FROM users WHERE id = " + r.URL.Query().Get("id"))\n}\n');
    write('project/safe/views.py', 'def user(cursor, request):\n    cursor.execute("SELECT * FROM users WHERE name = %s", (request.args["name"],))\n');

    const parameterizedPy = 'def user(cursor, request):\n    cursor.execute("SELECT * FROM users WHERE id = %s", (request.args["id"],))\n    return cursor.fetchone()\n';
    const concatenatedPy = 'def user(cursor, request):\n    cursor.execute("SELECT * FROM users WHERE id = " + request.args["id"])\n    return cursor.fetchone()\n';
    const parameterizedGo = 'package api\n\nfunc get(db *sql.DB, r *http.Request) {\n\tdb.Query("SELECT * FROM users WHERE id = $1", r.FormValue("id"))\n}\n';
    const concatenatedGo = 'package api\n\nfunc get(db *sql.DB, r *http.Request) {\n\tdb.Query("SELECT * FROM users WHERE id = " + r.FormValue("id"))\n}\n';
    write('parameterized/app.py', parameterizedPy);
    write('parameterized/users.go', parameterizedGo);
    write('concatenated/app.py', concatenatedPy);
    write('concatenated/users.go', concatenatedGo);
  });

  after(() => rmSync(root, { recursive: true, force: true }));

  it('scan reports Python and Go SQL building, with the grammars loaded from next to the bundle', () => {
    const { code, stdout, stderr } = run(['scan', 'project', '--format', 'json']);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; file: string; severity: string; range: { startLine: number } }[] };
    const found = report.findings.map((f) => `${f.file}:${f.range.startLine} ${f.ruleId} ${f.severity}`).sort();
    assert.deepEqual(found, ['api/users.go:4 injection/go-sql-string-building high', 'app/views.py:5 injection/python-sql-string-building high']);
  });

  it('diff reports a parameterized query turned into a concatenated one, in Python and Go', () => {
    const { code, stdout, stderr } = run(['diff', 'parameterized', 'concatenated', '--format', 'json']);
    assert.equal(stderr, '');
    assert.equal(code, 1);
    const ids = (JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.map((f) => f.ruleId).sort();
    assert.deepEqual(ids, ['injection/go-sql-string-building', 'injection/python-sql-string-building']);
  });

  it('diff reports nothing for the reverse change (the fix)', () => {
    const { code, stdout } = run(['diff', 'concatenated', 'parameterized', '--format', 'json']);
    assert.equal(code, 0);
    assert.deepEqual((JSON.parse(stdout) as { findings: unknown[] }).findings, []);
  });

  it('says so, and keeps scanning, when the grammars are missing', () => {
    const bare = path.join(root, 'bare');
    mkdirSync(bare);
    copyFileSync(cli, path.join(bare, 'cli.js'));
    copyFileSync(path.join(dist, 'cli-engine.js'), path.join(bare, 'cli-engine.js'));
    const result = spawnSync(process.execPath, [path.join(bare, 'cli.js'), 'scan', 'project/safe', '--format', 'json'], { cwd: root, encoding: 'utf8' });
    assert.equal(result.status, 0);
    assert.match(result.stderr, /tree-sitter\.wasm not found/);
    assert.equal((JSON.parse(result.stdout) as { summary: { filesScanned: number } }).summary.filesScanned, 1);
  });
});
