import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ALNUM, fakePem, randomBase64, randomFrom } from '../helpers/fakeSecrets';

const CLI = path.resolve(__dirname, '../../dist/cli.js');

function run(args: string[], cwd: string): { code: number; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

function signedJwt(): string {
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const body = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: 'svc-reports', role: 'service_role', exp: Math.floor(Date.now() / 1000) + 86400 * 365 })}`;
  return `${body}.${createHmac('sha256', randomBase64(32)).update(body).digest('base64url')}`;
}

/** Every raw secret planted in the workspace; no output may contain any 10-character piece of one. */
const secrets: string[] = [];
function plant(value: string): string {
  secrets.push(value);
  return value;
}

function assertNoSecretIn(output: string, where: string): void {
  for (const secret of secrets) {
    const material = secret.replace(/-----[A-Z ]+-----|\s/g, '');
    for (let i = 0; i + 10 <= material.length; i += 5) {
      assert.ok(!output.includes(material.slice(i, i + 10)), `${where} contains a piece of a secret (offset ${i})`);
    }
  }
}

describe('secrets through the built CLI', () => {
  let workspace: string;

  before(() => {
    workspace = mkdtempSync(path.join(tmpdir(), 'agent-guard-secrets-'));
    mkdirSync(path.join(workspace, 'src'));
    mkdirSync(path.join(workspace, 'notebooks'));
    writeFileSync(path.join(workspace, 'src/github.ts'), `export const client = new Octokit({ auth: "${plant(`ghp_${randomFrom(ALNUM, 36)}`)}" });\n`);
    writeFileSync(path.join(workspace, 'src/billing.json'), `{\n  "stripe": { "secretKey": "${plant(`sk_live_${randomFrom(ALNUM, 99)}`)}" }\n}\n`);
    writeFileSync(path.join(workspace, '.env'), `AWS_ACCESS_KEY_ID=${plant(`AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`)}\nAWS_SECRET_ACCESS_KEY=${plant(`${randomFrom(`${ALNUM}+/`, 37)}a1Z`)}\n`);
    // Digits in the middle: about one in ten all-letter draws reads as words, which the generic rule skips on purpose.
    writeFileSync(path.join(workspace, 'application.properties'), `spring.datasource.password=${plant(`${randomFrom(ALNUM, 6)}${randomFrom('0123456789', 3)}${randomFrom(ALNUM, 5)}#4x`)}\n`);
    writeFileSync(path.join(workspace, 'src/reports.ts'), `const SUPABASE_KEY = "${plant(signedJwt())}";\n`);
    writeFileSync(path.join(workspace, 'deploy.pem'), `${plant(fakePem('RSA PRIVATE KEY'))}\n`);
    const notebook = {
      cells: [
        { cell_type: 'markdown', metadata: {}, source: ['# Analysis\n'] },
        { cell_type: 'code', execution_count: 1, metadata: {}, outputs: [], source: ['from openai import OpenAI\n', `client = OpenAI(api_key="${plant(`sk-proj-${randomFrom(`${ALNUM}_-`, 156)}`)}")\n`] },
      ],
      metadata: {},
      nbformat: 4,
      nbformat_minor: 5,
    };
    writeFileSync(path.join(workspace, 'notebooks/analysis.ipynb'), JSON.stringify(notebook, null, 1));
  });

  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('finds every planted secret and masks it in text, JSON and SARIF', () => {
    for (const format of ['text', 'json', 'sarif']) {
      const { code, stdout, stderr } = run(['scan', '.', '--category', 'secret', '--format', format], workspace);
      assert.equal(code, 1, `${format}: exit code`);
      assertNoSecretIn(stdout + stderr, `${format} output`);
      if (format === 'json') {
        const report = JSON.parse(stdout) as { findings: { ruleId: string; file: string; evidence: string; range: { startLine: number } }[] };
        const rules = new Set(report.findings.map((f) => f.ruleId));
        for (const id of ['secrets/github-personal-access-token', 'secrets/stripe-secret-key', 'secrets/aws-access-key-id', 'secrets/aws-secret-access-key', 'secrets/generic-credential', 'secrets/jwt', 'secrets/private-key', 'secrets/openai-project-key']) {
          assert.ok(rules.has(id), `${id} not reported`);
        }
        for (const finding of report.findings) assert.match(finding.evidence, /\*|…|-----BEGIN/, `evidence of ${finding.ruleId} is not masked`);
        // Notebooks are scanned as the JSON file they are: positions are lines of the .ipynb file.
        const notebookFinding = report.findings.find((f) => f.file === 'notebooks/analysis.ipynb')!;
        const notebookLines = readFileSync(path.join(workspace, 'notebooks/analysis.ipynb'), 'utf8').split('\n');
        assert.ok(notebookLines[notebookFinding.range.startLine - 1].includes('sk-proj-'), 'notebook finding not on the JSON line of the key');
      }
    }
  });

  it('writes a baseline of fingerprints only, and reads it back', () => {
    const baseline = path.join(workspace, 'baseline.json');
    const written = run(['scan', '.', '--category', 'secret', '--write-baseline', baseline], workspace);
    assert.equal(written.code, 0, written.stderr);
    const content = readFileSync(baseline, 'utf8');
    assertNoSecretIn(content, 'the baseline file');
    assert.ok((JSON.parse(content) as { findings: unknown[] }).findings.length >= 8);

    const quiet = run(['scan', '.', '--category', 'secret', '--baseline', baseline, '--format', 'json'], workspace);
    assert.equal(quiet.code, 0, quiet.stdout);
    assert.deepEqual((JSON.parse(quiet.stdout) as { findings: unknown[] }).findings, []);

    writeFileSync(path.join(workspace, 'src/new.ts'), `const t = "${plant(`glpat-${randomFrom(ALNUM, 20)}`)}";\n`);
    const fresh = run(['scan', '.', '--category', 'secret', '--baseline', baseline, '--format', 'json'], workspace);
    assert.equal(fresh.code, 1);
    const findings = (JSON.parse(fresh.stdout) as { findings: { file: string }[] }).findings;
    assert.deepEqual(findings.map((f) => f.file), ['src/new.ts']);
    rmSync(path.join(workspace, 'src/new.ts'));
  });

  it('honours inline ignores and the markers of other tools', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'agent-guard-ignore-'));
    try {
      const token = () => plant(`ghp_${randomFrom(ALNUM, 36)}`);
      writeFileSync(path.join(dir, 'a.ts'), [
        `const a = "${token()}"; // agent-guard-ignore: secrets/github-personal-access-token -- read-only test bot`,
        '// agent-guard-ignore',
        `const b = "${token()}";`,
        `const c = "${token()}"; // gitleaks:allow`,
      ].join('\n'));
      writeFileSync(path.join(dir, 'b.py'), `d = "${token()}"  # pragma: allowlist secret\ne = "${token()}"  # nosec\n`);
      const ignored = run(['scan', '.', '--category', 'secret', '--format', 'json'], dir);
      assert.equal(ignored.code, 0, ignored.stdout);
      writeFileSync(path.join(dir, 'c.ts'), `const f = "${token()}"; // agent-guard-ignore: secrets/jwt -- wrong rule\n`);
      const reported = run(['scan', '.', '--category', 'secret', '--format', 'json'], dir);
      assert.equal(reported.code, 1);
      assert.deepEqual((JSON.parse(reported.stdout) as { findings: { file: string }[] }).findings.map((f) => f.file), ['c.ts']);
      assertNoSecretIn(reported.stdout, 'the report');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
