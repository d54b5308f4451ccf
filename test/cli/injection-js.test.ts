import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');

function cli(args: string[]): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', cwd: ROOT });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

const ROUTE = (query: string): string => `const express = require('express');
const { Pool } = require('pg');

const pool = new Pool();
const app = express();

app.get('/users/:id', async (req, res) => {
  const { rows } = await ${query};
  res.json(rows[0]);
});

module.exports = app;
`;
const PARAMETERIZED = ROUTE("pool.query('SELECT * FROM users WHERE id = $1', [req.params.id])");
const CONCATENATED = ROUTE("pool.query('SELECT * FROM users WHERE id = ' + req.params.id)");

/** The acceptance check of the injection issue, through the built CLI as a user runs it. */
describe('agent-guard diff on JS injection', () => {
  let dir: string;
  let parameterized: string;
  let concatenated: string;

  before(() => {
    // `node scripts/test.mjs cli` builds first; a direct run builds when there is no bundle yet.
    if (!existsSync(CLI)) spawnSync(process.execPath, ['esbuild.mjs'], { cwd: ROOT, stdio: 'inherit' });
    dir = mkdtempSync(path.join(tmpdir(), 'agent-guard-injection-'));
    parameterized = path.join(dir, 'parameterized');
    concatenated = path.join(dir, 'concatenated');
    for (const [folder, text] of [[parameterized, PARAMETERIZED], [concatenated, CONCATENATED]] as const) {
      mkdirSync(path.join(folder, 'src'), { recursive: true });
      writeFileSync(path.join(folder, 'src/users.js'), text);
      writeFileSync(path.join(folder, 'src/unchanged.js'), "const db = require('./db');\nexports.find = (name) => db.query(\"SELECT * FROM t WHERE name = '\" + name + \"'\");\n");
    }
  });

  after(() => rmSync(dir, { recursive: true, force: true }));

  it('reports a parameterized query turned into a concatenated one', () => {
    const { code, stdout, stderr } = cli(['diff', parameterized, concatenated, '--format', 'json']);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout) as { findings: { ruleId: string; severity: string; file: string; message: string; range: { startLine: number }; related?: unknown[]; fix?: { edits: { text: string }[] } }[] };
    assert.equal(report.findings.length, 1, JSON.stringify(report.findings, null, 2));
    const [finding] = report.findings;
    assert.equal(finding.ruleId, 'injection/sql-string-building');
    assert.equal(finding.severity, 'critical');
    assert.equal(finding.file, 'src/users.js');
    assert.equal(finding.range.startLine, 8);
    assert.match(finding.message, /request parameter `id` flows into this SQL string/);
    assert.equal(finding.fix?.edits[0].text, "'SELECT * FROM users WHERE id = $1', [req.params.id]");
  });

  it('reports nothing for the reverse change (the fix)', () => {
    const { code, stdout, stderr } = cli(['diff', concatenated, parameterized, '--format', 'json']);
    assert.equal(code, 0, stderr);
    assert.deepEqual((JSON.parse(stdout) as { findings: unknown[] }).findings, []);
  });

  it('names the rule and its CWE in SARIF', () => {
    const { code, stdout } = cli(['diff', parameterized, concatenated, '--format', 'sarif']);
    assert.equal(code, 1);
    const sarif = JSON.parse(stdout) as { runs: { tool: { driver: { rules: { id: string; properties: { tags: string[] } }[] } }; results: { ruleId: string }[] }[] };
    const rule = sarif.runs[0].tool.driver.rules.find((r) => r.id === 'injection/sql-string-building');
    assert.ok(rule?.properties.tags.includes('external/cwe/cwe-89'));
    assert.deepEqual(sarif.runs[0].results.map((r) => r.ruleId), ['injection/sql-string-building']);
  });

  it('scans a file that does not parse, reports what it can and says the analysis was partial', () => {
    const broken = path.join(dir, 'broken');
    mkdirSync(broken, { recursive: true });
    writeFileSync(path.join(broken, 'half.js'), "app.get('/', (req, res) => {\n  db.query('SELECT * FROM t WHERE id = ' + req.query.id);\n  if (req.query.x {\n    el.innerHTML = req.query.y\n");
    const { code, stdout, stderr } = cli(['scan', broken, '--format', 'json']);
    assert.equal(code, 1, stderr);
    assert.ok((JSON.parse(stdout) as { findings: { ruleId: string }[] }).findings.some((f) => f.ruleId === 'injection/sql-string-building'));
    assert.match(stderr, /partial analysis of half\.js: \d+ syntax errors?/);
  });
});
