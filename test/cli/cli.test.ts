import assert from 'node:assert/strict';
import { existsSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { fakePem } from '../helpers/fakeSecrets';
import { CLI, makeTree, runCli } from '../helpers/cli';
import { assertValidSarif, sarifSchemaErrors } from '../helpers/sarif';

function deployScript(pem: string): string {
  return [
    "'use strict';",
    "const { Client } = require('ssh2');",
    '',
    '// Deploys the static site to the edge box.',
    `const DEPLOY_KEY = \`${pem}\`;`,
    '',
    'module.exports = function deploy(host) {',
    '  const conn = new Client();',
    "  conn.connect({ host, username: 'deploy', privateKey: DEPLOY_KEY });",
    '  return conn;',
    '};',
    '',
  ].join('\n');
}

describe('agent-guard CLI', () => {
  before(() => assert.ok(existsSync(CLI), 'build first: node esbuild.mjs'));

  it('scan --format sarif: valid SARIF with the one private-key result, exit 1', () => {
    const pem = fakePem();
    const root = makeTree({ 'deploy/index.js': deployScript(pem), 'README.md': '# site\n', 'src/app.js': "console.log('ok');\n" });
    const { code, stdout, stderr } = runCli(['scan', '--format', 'sarif'], root);
    assert.equal(code, 1, stderr);
    const sarif = JSON.parse(stdout);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs.length, 1);
    const run = sarif.runs[0];
    assert.equal(run.results.length, 1);
    const [result] = run.results;
    assert.equal(result.ruleId, 'secrets/private-key');
    assert.equal(result.level, 'error');
    assert.equal(result.locations[0].physicalLocation.artifactLocation.uri, 'deploy/index.js');
    assert.deepEqual(
      [result.locations[0].physicalLocation.region.startLine, result.locations[0].physicalLocation.region.startColumn],
      [5, 21],
    );
    assert.ok(result.partialFingerprints['agentGuardFingerprint/v1']);
    assert.deepEqual(result.properties, { category: 'secret', severity: 'critical', confidence: 'high', 'security-severity': '9.5' });
    const [rule] = run.tool.driver.rules;
    assert.equal(rule.id, 'secrets/private-key');
    assert.ok(rule.properties.tags.includes('external/cwe/cwe-798'));
    assert.equal(rule.properties['security-severity'], '9.5');
    assert.ok(rule.shortDescription.text && rule.fullDescription.text && rule.help.text);
    assert.ok(!stdout.includes(pem.split('\n')[1]), 'key material in the SARIF');

    assertValidSarif(stdout, root);
  });

  it('the SARIF check itself rejects a broken log', () => {
    const root = makeTree({ 'deploy.js': deployScript(fakePem()) });
    const sarif = JSON.parse(runCli(['scan', '--format', 'sarif'], root).stdout);
    delete sarif.runs[0].results[0].message;
    sarif.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    assert.equal(sarifSchemaErrors(sarif).length, 2);
  });

  it('scan on a clean folder exits 0, in every format', () => {
    const root = makeTree({ 'src/app.ts': "export const answer = 42;\n", 'package.json': '{"name":"x"}\n' });
    for (const format of ['text', 'json', 'sarif']) {
      const { code, stdout } = runCli(['scan', '--format', format], root);
      assert.equal(code, 0, format);
      if (format === 'json') assert.deepEqual(JSON.parse(stdout).findings, []);
      if (format === 'text') assert.match(stdout, /no findings; 2 files scanned/);
    }
  });

  it('text output names file, line, severity and rule, without the key', () => {
    const pem = fakePem();
    const root = makeTree({ 'deploy.js': deployScript(pem) });
    const { code, stdout } = runCli(['scan', '.'], root);
    assert.equal(code, 1);
    assert.match(stdout, /deploy\.js\n {2}5:21 +CRITICAL RSA private key {2}secrets\/private-key/);
    for (const line of pem.split('\n').slice(1, -1)) assert.ok(!stdout.includes(line));
  });

  it('--fail-on decides the exit code', () => {
    const root = makeTree({ 'deploy.js': deployScript(fakePem()) });
    assert.equal(runCli(['scan', '--fail-on', 'critical'], root).code, 1);
    assert.equal(runCli(['scan', '--fail-on', 'none'], root).code, 0);
    assert.equal(runCli(['scan', '--category', 'injection'], root).code, 0);
    assert.equal(runCli(['scan', '--category', 'secret'], root).code, 1);
  });

  it('--output writes the report to a file and nothing to stdout', () => {
    const root = makeTree({ 'deploy.js': deployScript(fakePem()) });
    const { code, stdout } = runCli(['scan', '--format', 'json', '--output', 'report/out.json'], root);
    assert.equal(code, 1);
    assert.equal(stdout, '');
    const report = JSON.parse(readFileSync(path.join(root, 'report/out.json'), 'utf8'));
    assert.equal(report.findings.length, 1);
    assert.equal(report.summary.bySeverity.critical, 1);
  });

  it('diff reports a key added in AFTER and not one present in both', () => {
    const existing = deployScript(fakePem());
    const added = fakePem('EC PRIVATE KEY', 200);
    const beforeRoot = makeTree({ 'deploy.js': existing, 'src/app.js': "module.exports = () => 'v1';\n" });
    const afterRoot = makeTree({
      'deploy.js': existing,
      'src/app.js': "module.exports = () => 'v2';\n",
      'config/signing.js': `module.exports = \`${added}\`;\n`,
    });
    const { code, stdout, stderr } = runCli(['diff', beforeRoot, afterRoot, '--format', 'json']);
    assert.equal(code, 1, stderr);
    const report = JSON.parse(stdout);
    assert.deepEqual(report.findings.map((f: { file: string; message: string }) => `${f.file}: ${f.message}`), ['config/signing.js: EC private key']);
    assert.equal(report.risk, 'critical');
    const byPath = Object.fromEntries(report.files.map((f: { path: string }) => [f.path, f]));
    assert.equal(byPath['config/signing.js'].status, 'added');
    assert.equal(byPath['config/signing.js'].risk, 'critical');
    assert.equal(byPath['config/signing.js'].hunks[0].findings.length, 1);
    assert.equal(byPath['src/app.js'].status, 'modified');
    assert.equal(byPath['src/app.js'].risk, 'none');
    assert.equal(byPath['deploy.js'], undefined, 'unchanged files are not listed');
  });

  it('diff of two files, and a moved key is still reported where it was added', () => {
    const pem = fakePem();
    const root = makeTree({ 'a.js': "const x = 1;\n", 'b.js': `const x = 1;\nconst k = \`${pem}\`;\n` });
    const { code, stdout } = runCli(['diff', path.join(root, 'a.js'), path.join(root, 'b.js'), '--format', 'json']);
    assert.equal(code, 1);
    assert.equal(JSON.parse(stdout).findings[0].range.startLine, 2);
    const back = runCli(['diff', path.join(root, 'b.js'), path.join(root, 'a.js'), '--format', 'json']);
    assert.equal(back.code, 0, 'removing a key introduces nothing');
  });

  it('diff detects a rename and reports no new finding for it', () => {
    const content = deployScript(fakePem());
    const beforeRoot = makeTree({ 'old/deploy.js': content });
    const afterRoot = makeTree({ 'new/deploy.js': content });
    const { code, stdout } = runCli(['diff', beforeRoot, afterRoot, '--format', 'json']);
    assert.equal(code, 0);
    assert.deepEqual(JSON.parse(stdout).files, []);
  });

  it('baseline: --write-baseline then --baseline hides known findings but not new ones', () => {
    const root = makeTree({ 'deploy.js': deployScript(fakePem()) });
    const written = runCli(['scan', '--write-baseline'], root);
    assert.equal(written.code, 0, written.stderr);
    const baseline = readFileSync(path.join(root, '.agent-guard-baseline.json'), 'utf8');
    assert.doesNotMatch(baseline, /BEGIN|PRIVATE KEY-----/);
    assert.equal(runCli(['scan', '--baseline', '.agent-guard-baseline.json'], root).code, 0);
    writeFileSync(path.join(root, 'second.js'), deployScript(fakePem()));
    const again = runCli(['scan', '--baseline', '.agent-guard-baseline.json', '--format', 'json'], root);
    assert.equal(again.code, 1);
    assert.deepEqual(JSON.parse(again.stdout).findings.map((f: { file: string }) => f.file), ['second.js']);
  });

  describe('bad input', () => {
    it('a path that does not exist: exit 2, one line on stderr', () => {
      const { code, stderr, stdout } = runCli(['scan', 'no/such/dir']);
      assert.equal(code, 2);
      assert.equal(stdout, '');
      assert.equal(stderr.trim().split('\n').length, 1);
      assert.match(stderr, /^agent-guard: no such file or folder: no\/such\/dir/);
    });

    it('unknown options, commands and values: exit 2 with a clear message', () => {
      for (const [args, pattern] of [
        [['scan', '--frobnicate'], /Unknown option '--frobnicate'/],
        [['launch'], /unknown command 'launch'/],
        [['scan', '--format', 'xml'], /--format must be text, json or sarif/],
        [['scan', '--fail-on', 'severe'], /--fail-on must be one of/],
        [['scan', '--category', 'secrets,typo'], /unknown category 'secrets'/],
        [['diff', 'only-one'], /diff needs exactly two paths/],
      ] as const) {
        const { code, stderr } = runCli(args);
        assert.equal(code, 2, args.join(' '));
        assert.match(stderr, pattern);
        assert.doesNotMatch(stderr, /\n\s+at /, 'stack trace printed');
      }
    });

    it('BEFORE and AFTER of different kinds: exit 2', () => {
      const root = makeTree({ 'a.js': 'x\n', 'dir/b.js': 'y\n' });
      const { code, stderr } = runCli(['diff', path.join(root, 'a.js'), path.join(root, 'dir')]);
      assert.equal(code, 2);
      assert.match(stderr, /BEFORE is a file but AFTER is a directory/);
    });

    it('binary, invalid UTF-8 and oversized files are skipped and listed, the rest is scanned', () => {
      const root = makeTree({
        'image.png': new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3]),
        'latin1.txt': new Uint8Array([0x63, 0x61, 0x66, 0xe9, 0x0a]),
        'big.js': `// ${'x'.repeat(3000)}\n`,
        'deploy.js': deployScript(fakePem()),
      });
      const { code, stdout } = runCli(['scan', '--format', 'json', '--max-file-size', '2k'], root);
      assert.equal(code, 1);
      const report = JSON.parse(stdout);
      const reasons = Object.fromEntries(report.skipped.map((s: { file: string; reason: string }) => [s.file, s.reason]));
      assert.deepEqual(reasons, { 'big.js': 'too-large', 'image.png': 'binary', 'latin1.txt': 'invalid-utf8' });
      assert.equal(report.findings.length, 1);
      const text = runCli(['scan', '--max-file-size', '2k'], root).stdout;
      assert.match(text, /Skipped 3 files:\n {2}big\.js: 2\.9 KB is over the 2\.0 KB limit/);
    });

    it('a symlink leading out of the scanned folder is not followed', () => {
      const outside = makeTree({ 'secret.js': deployScript(fakePem()) });
      const root = makeTree({ 'src/app.js': 'module.exports = 1;\n' });
      symlinkSync(path.join(outside, 'secret.js'), path.join(root, 'src/linked.js'));
      const { code, stdout } = runCli(['scan', '--format', 'json'], root);
      assert.equal(code, 0);
      const report = JSON.parse(stdout);
      assert.deepEqual(report.skipped.map((s: { reason: string }) => s.reason), ['symlink-outside-root']);
    });

    it('respects .gitignore and skips node_modules', () => {
      const root = makeTree({
        '.gitignore': 'generated/\n',
        'generated/keys.js': deployScript(fakePem()),
        'node_modules/dep/index.js': deployScript(fakePem()),
        'src/app.js': 'module.exports = 1;\n',
      });
      assert.equal(runCli(['scan'], root).code, 0);
      assert.equal(runCli(['scan', '--no-gitignore'], root).code, 1);
    });
  });
});
