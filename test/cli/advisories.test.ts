import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { before, describe, it } from 'node:test';
import { writeFixtureMirror } from '../helpers/advisories';
import { makeTree, runCli } from '../helpers/cli';

const pkg = (dependencies: Record<string, string>) => `${JSON.stringify({ name: 'app', version: '1.0.0', dependencies }, null, 2)}\n`;

describe('agent-guard advisories and --advisories', () => {
  let mirror: string;
  let data: string;
  before(async () => {
    mirror = mkdtempSync(path.join(tmpdir(), 'agent-guard-mirror-'));
    await writeFixtureMirror(mirror);
    data = mkdtempSync(path.join(tmpdir(), 'agent-guard-advisories-'));
  });

  it('update reads an offline mirror (no network in tests), status shows the date per ecosystem', () => {
    const update = runCli(['advisories', 'update', '--dir', data, '--from', mirror]);
    assert.equal(update.code, 0, update.stderr);
    assert.match(update.stdout, /8 of 8 ecosystems updated/);
    const status = runCli(['advisories', 'status', '--dir', data]);
    assert.equal(status.code, 0);
    assert.match(status.stdout, /npm\s+\d{4}-\d\d-\d\d \d\d:\d\d UTC\s+4 advisories, 3 packages/);
    assert.match(status.stdout, /Packagist/);
  });

  it('diff --advisories reports a vulnerable version an agent added, with id, fix and exit code', () => {
    runCli(['advisories', 'update', '--dir', data, '--from', mirror]);
    const tree = makeTree({ 'before/package.json': pkg({ express: '^4.19.2' }), 'after/package.json': pkg({ express: '^4.19.2', minimist: '1.2.5' }) });
    const result = runCli(['diff', path.join(tree, 'before'), path.join(tree, 'after'), '--advisories', data, '--category', 'dependency']);
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stdout, /minimist 1\.2\.5: GHSA-xvch-5gv4-984h, CVE-2021-44906 \(critical\): Prototype Pollution in minimist; first fixed in 1\.2\.6/);
  });

  it('with no data, the output says the check did not run (and does not fail the build for it)', () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'agent-guard-empty-'));
    const tree = makeTree({ 'before/package.json': pkg({}), 'after/package.json': pkg({ minimist: '1.2.5' }) });
    const result = runCli(['diff', path.join(tree, 'before'), path.join(tree, 'after'), '--advisories', empty, '--category', 'dependency', '--format', 'json']);
    assert.equal(result.code, 0, result.stderr);
    const findings = (JSON.parse(result.stdout) as { findings: { ruleId: string; message: string }[] }).findings.filter((f) => f.ruleId === 'dependencies/known-vulnerability');
    assert.deepEqual(findings.map((f) => f.message), [`known-vulnerability check did not run for 1 dependency: no advisory data has been downloaded yet (run "agent-guard advisories update --dir ${empty}")`]);
  });

  it('refuses an unknown ecosystem or action with a usage error', () => {
    assert.equal(runCli(['advisories', 'update', '--dir', data, '--ecosystem', 'cpan']).code, 2);
    assert.match(runCli(['advisories', 'update', '--dir', data, '--ecosystem', 'cpan']).stderr, /unknown ecosystem 'cpan'/);
    assert.equal(runCli(['advisories', 'refresh']).code, 2);
    assert.equal(runCli(['advisories', 'status', '--dir', path.join(data, 'nothing-here')]).code, 1);
  });
});
