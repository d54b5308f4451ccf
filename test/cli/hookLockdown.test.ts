import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { findLockdownMarker, lockdownMarkerPath, removeLockdownMarker, writeLockdownMarker } from '../../src/core/lockdown/marker';
import { ReviewServer } from '../../src/core/ipc/server';
import { ROOT, makeTree, runCliAsync } from '../helpers/cli';

const CONFIG = "module.exports = { port: 3000, uploadLimitMb: 10 };\n";

function harness(): { root: string; runtime: string } {
  const root = makeTree({ 'src/config.js': CONFIG, 'package.json': '{ "name": "demo", "private": true }\n' });
  const runtime = mkdtempSync(path.join(tmpdir(), 'ag-runtime-'));
  chmodSync(runtime, 0o700);
  return { root, runtime };
}

/** A Claude Code Edit of src/config.js, run from `cwd` (the workspace or a folder in it). */
async function hookEdit(h: { root: string; runtime: string }, cwd = h.root) {
  const template = readFileSync(path.join(ROOT, 'test/fixtures/hooks/claude-edit.json'), 'utf8');
  const input = template
    .split('"{{cwd}}/src/users.js"').join(JSON.stringify(path.join(h.root, 'src/config.js')))
    .split('"{{cwd}}"').join(JSON.stringify(cwd))
    .split('{{home}}').join(tmpdir())
    .split('"{{old}}"').join(JSON.stringify('uploadLimitMb: 10'))
    .split('"{{new}}"').join(JSON.stringify('uploadLimitMb: 10000'));
  const result = await runCliAsync(['hook', '--when-clean', 'allow'], { input, cwd, env: { AGENT_GUARD_RUNTIME_DIR: h.runtime } });
  return { ...result, output: result.stdout.trim() ? JSON.parse(result.stdout).hookSpecificOutput : undefined };
}

describe('agent-guard hook during a lockdown, with no VS Code window to ask', () => {
  it('denies a clean edit it would otherwise allow, from the folder or a subfolder; after the release it is allowed again', async () => {
    const h = harness();
    // The baseline: no window, a clean edit, --when-clean allow.
    assert.equal((await hookEdit(h)).output.permissionDecision, 'allow');

    await writeLockdownMarker(h.root, '2026-12-04T23:10:00.000Z', h.runtime);
    assert.equal(statSync(lockdownMarkerPath(h.root, h.runtime)).mode & 0o777, 0o600);
    const { code, output } = await hookEdit(h);
    assert.equal(code, 0);
    assert.equal(output.permissionDecision, 'deny');
    assert.match(output.permissionDecisionReason, /^Agent Guard is in lockdown \(since 2026-12-04T23:10:00.000Z\)/);
    mkdirSync(path.join(h.root, 'src', 'lib'), { recursive: true });
    assert.equal((await hookEdit(h, path.join(h.root, 'src', 'lib'))).output.permissionDecision, 'deny', 'an agent running in a subfolder is locked out too');

    removeLockdownMarker(h.root, h.runtime);
    assert.equal(findLockdownMarker(h.root, h.runtime), undefined);
    assert.equal((await hookEdit(h)).output.permissionDecision, 'allow');
  });

  it('the running window stays the authority: a stale marker does not override its answer', async () => {
    const h = harness();
    await writeLockdownMarker(h.root, undefined, h.runtime);
    const server = await ReviewServer.start({ workspaceRoot: h.root, directory: h.runtime, handle: async () => ({ type: 'decision', outcome: 'approved', reason: 'Approved by the reviewer.', files: [] }), log: () => undefined });
    try {
      assert.equal((await hookEdit(h)).output.permissionDecision, 'allow');
    } finally {
      await server?.close();
    }
  });
});
