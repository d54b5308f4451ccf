import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import type { Alert } from '../../src/core/alerts/detector';
import { AlertDetector } from '../../src/core/alerts/detector';
import type { AuditEntry } from '../../src/core/audit/auditLog';
import { AuditLog } from '../../src/core/audit/auditLog';
import { NodeWorkspaceFs } from '../../src/core/fs/workspaceFs';
import type { ReviewRequest, ReviewResponse } from '../../src/core/ipc/protocol';
import { ReviewServer } from '../../src/core/ipc/server';
import { STRICT_DEFAULTS } from '../../src/core/policy/policy';
import { DirectoryBackupStore } from '../../src/core/review/backups';
import { ReviewGate } from '../../src/core/review/gate';
import { PendingStore } from '../../src/core/review/pendingStore';
import { ROOT, makeTree, runCliAsync } from '../helpers/cli';

function writeEvent(cwd: string, filePath: string, content: string): string {
  return readFileSync(path.join(ROOT, 'test/fixtures/hooks/claude-write.json'), 'utf8')
    .split('"{{cwd}}/src/config.js"').join(JSON.stringify(filePath))
    .split('"{{cwd}}"').join(JSON.stringify(cwd))
    .split('"{{home}}"').join(JSON.stringify(tmpdir()))
    .split('"{{content}}"').join(JSON.stringify(content));
}

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A review server whose handler does what the extension's hook server does: propose through the real gate, refusals become "denied". */
async function extensionLike(root: string): Promise<{ runtime: string; entries: AuditEntry[]; alerts: Alert[]; requests: ReviewRequest[] }> {
  const storage = mkdtempSync(path.join(tmpdir(), 'ag-alerts-cli-'));
  const runtime = mkdtempSync(path.join(tmpdir(), 'ag-runtime-'));
  chmodSync(runtime, 0o700);
  const store = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
  const audit = await AuditLog.open({ directory: path.join(storage, 'audit') });
  const gate = new ReviewGate({ workspace: new NodeWorkspaceFs(root), store, audit, backups: new DirectoryBackupStore(path.join(storage, 'backups')), policy: () => STRICT_DEFAULTS });
  const detector = new AlertDetector();
  const entries: AuditEntry[] = [];
  const alerts: Alert[] = [];
  const requests: ReviewRequest[] = [];
  audit.onAppend((entry) => {
    entries.push(entry);
    alerts.push(...detector.feed(entry));
  });
  const server = await ReviewServer.start({
    workspaceRoot: root,
    directory: runtime,
    log: () => undefined,
    handle: async (request): Promise<ReviewResponse> => {
      requests.push(request);
      try {
        await gate.propose({ source: { channel: 'hook', agent: request.agent }, files: request.files.map((f) => ({ path: f.path, content: f.content ?? '' })) });
      } catch (error) {
        return { type: 'decision', outcome: 'denied', reason: (error as Error).message, files: [] };
      }
      // Whatever the extension answers for an outside path, the hook must still deny.
      return { type: 'decision', outcome: 'approved', reason: 'Approved.', files: [] };
    },
  });
  assert.ok(server);
  cleanups.push(() => rmSync(storage, { recursive: true, force: true }), () => rmSync(runtime, { recursive: true, force: true }), () => store.close(), () => server.close());
  return { runtime, entries, alerts, requests };
}

describe('agent-guard hook: writes outside the workspace reach the audit log and the alerts', () => {
  it('three outside writes through the hook are denied, audited by the extension as refusals, and raise one alert', async () => {
    const root = makeTree({ 'src/app.js': 'module.exports = {};\n' });
    const outside = mkdtempSync(path.join(tmpdir(), 'ag-outside-'));
    symlinkSync(outside, path.join(root, 'vendor-link'));
    cleanups.push(() => rmSync(root, { recursive: true, force: true }), () => rmSync(outside, { recursive: true, force: true }));
    const ext = await extensionLike(root);
    const targets = [path.join(root, '../.bashrc'), '/etc/cron.d/agent', path.join(root, 'vendor-link/authorized_keys')];
    for (const target of targets) {
      const result = await runCliAsync(['hook'], { input: writeEvent(root, target, 'echo pwned\n'), cwd: root, env: { AGENT_GUARD_RUNTIME_DIR: ext.runtime } });
      const output = JSON.parse(result.stdout).hookSpecificOutput;
      assert.equal(output.permissionDecision, 'deny', `${target} must be denied`);
      assert.match(output.permissionDecisionReason, /outside the workspace/);
    }
    assert.equal(ext.requests.length, 3, 'the extension heard of each attempt');
    const refusals = ext.entries.filter((e) => e.type === 'refusal');
    assert.deepEqual(refusals.map((e) => e.data.reason), ['pathOutsideWorkspace', 'pathOutsideWorkspace', 'symlinkOutsideWorkspace']);
    assert.ok(refusals.every((e) => (e.data.source as { channel: string }).channel === 'hook'));
    assert.equal(ext.entries.filter((e) => e.type === 'proposal').length, 0, 'nothing was queued');
    assert.deepEqual(ext.alerts.map((a) => a.kind), ['outsideWorkspace']);
    assert.equal(ext.alerts[0].agent, 'Claude Code');
  });

  it('with no extension running, an outside write is still denied at once', async () => {
    const root = makeTree({ 'src/app.js': 'module.exports = {};\n' });
    const runtime = mkdtempSync(path.join(tmpdir(), 'ag-runtime-'));
    chmodSync(runtime, 0o700);
    cleanups.push(() => rmSync(root, { recursive: true, force: true }), () => rmSync(runtime, { recursive: true, force: true }));
    const result = await runCliAsync(['hook'], { input: writeEvent(root, path.join(root, '../escape.txt'), 'x\n'), cwd: root, env: { AGENT_GUARD_RUNTIME_DIR: runtime } });
    assert.equal(JSON.parse(result.stdout).hookSpecificOutput.permissionDecision, 'deny');
  });
});
