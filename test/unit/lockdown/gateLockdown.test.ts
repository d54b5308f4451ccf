import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/core/audit/auditLog';
import { AuditLog } from '../../../src/core/audit/auditLog';
import { NodeWorkspaceFs } from '../../../src/core/fs/workspaceFs';
import { Lockdown, memoryLockdownStore } from '../../../src/core/lockdown/lockdown';
import type { EffectivePolicy } from '../../../src/core/policy/policy';
import { STRICT_DEFAULTS } from '../../../src/core/policy/policy';
import { DirectoryBackupStore } from '../../../src/core/review/backups';
import { sha256Hex } from '../../../src/core/review/content';
import { ApplyError, ChangeSetError, DecisionError } from '../../../src/core/review/errors';
import { ReviewGate } from '../../../src/core/review/gate';
import { PendingStore } from '../../../src/core/review/pendingStore';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const CONFIG = ['export const config = {', '  port: 3000,', '  logLevel: "info",', '};', ''].join('\n');
const PATCHED = CONFIG.replace('3000', '8080');

/**
 * Lockdown on each road of the real gate (real audit log, pending store and backups on disk): the hook
 * is refused at once, the API, the LM tool and the guard are held, nothing is approved or applied while
 * it lasts, and everything works again once a person releases it.
 */
describe('lockdown in the review gate, per road', () => {
  let ws: TempWorkspace;
  let storage: string;
  let policy: EffectivePolicy;
  let store: PendingStore;
  let audit: AuditLog;
  let lockdown: Lockdown;
  let gate: ReviewGate;

  beforeEach(async () => {
    ws = await tempWorkspace();
    storage = await mkdtemp(path.join(tmpdir(), 'ag-lockdown-'));
    await ws.write('src/config.ts', CONFIG);
    // Auto-approve on and an allow rule for the agent: lockdown must override both.
    policy = { ...STRICT_DEFAULTS, autoApprove: { enabled: true, allowLists: [['src/**', 'docs/**']] }, agents: [{ agent: 'Claude Code', origin: 'user', rules: [{ action: 'allow', paths: ['src/**'] }] }] };
    store = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
    audit = await AuditLog.open({ directory: path.join(storage, 'audit') });
    lockdown = new Lockdown(memoryLockdownStore());
    gate = new ReviewGate({ workspace: new NodeWorkspaceFs(ws.root), store, audit, backups: new DirectoryBackupStore(path.join(storage, 'backups')), policy: () => policy, locked: () => lockdown.locked });
  });
  afterEach(async () => {
    await store.close();
    await ws.dispose();
    await rm(storage, { recursive: true, force: true });
  });

  async function entries(): Promise<AuditEntry[]> {
    const all: AuditEntry[] = [];
    for await (const e of audit.entries()) all.push(e);
    return all;
  }

  it('without a lockdown, the same proposal is auto-approved (the baseline the other tests change)', async () => {
    const result = await gate.propose({ source: { channel: 'api', agent: 'Claude Code' }, files: [{ path: 'src/config.ts', content: PATCHED }] });
    assert.equal(result.status, 'autoApproved');
  });

  it('hook: refused at once with reason "locked", logged with the attempted path and hash, nothing queued or scanned', async () => {
    await lockdown.engage({ reason: 'agent wrote to .env twice' });
    await assert.rejects(
      gate.propose({ source: { channel: 'hook', agent: 'Claude Code', session: 's1' }, files: [{ path: 'src/config.ts', content: PATCHED }] }),
      (e) => ChangeSetError.is(e, 'locked') && /^Agent Guard is in lockdown/.test(e.message),
    );
    assert.deepEqual(await gate.pending(), []);
    const log = await entries();
    assert.deepEqual(log.map((e) => e.type), ['refusal'], 'no proposal or finding entry: the request was never built');
    assert.equal(log[0].data.reason, 'locked');
    assert.deepEqual(log[0].data.files, [{ path: 'src/config.ts', afterSha256: sha256Hex(PATCHED) }]);
    assert.equal((await ws.read('src/config.ts')).toString(), CONFIG);
  });

  it('api: held in the queue under the lockdown rule, although the policy would auto-approve it', async () => {
    await lockdown.engage();
    const result = await gate.propose({ source: { channel: 'api', agent: 'Claude Code' }, files: [{ path: 'src/config.ts', content: PATCHED }] });
    assert.equal(result.status, 'pending');
    assert.equal(result.verdict.rule, 'lockdown');
    assert.match(result.verdict.reasons[0], /Agent Guard is in lockdown/);
    // The per-agent allow became an ask.
    assert.equal(result.verdict.files[0].action, 'review');
    assert.match(result.verdict.files[0].reasons[0], /allow rule asks until it is released/);
    assert.equal((await gate.pending()).length, 1);
    assert.equal((await ws.read('src/config.ts')).toString(), CONFIG);
    const policyEntry = (await entries()).find((e) => e.type === 'policy')!;
    assert.equal(policyEntry.data.rule, 'lockdown');
    assert.ok(!(await entries()).some((e) => e.type === 'decision'), 'no auto-approval was recorded');
  });

  it('tool: held too, and a policy deny still denies (a lockdown never loosens)', async () => {
    policy = { ...policy, agents: [...policy.agents, { agent: '*', origin: 'user', rules: [{ action: 'deny', paths: ['infra/**'], reason: 'no agent edits infrastructure' }] }] };
    await lockdown.engage();
    const held = await gate.propose({ source: { channel: 'tool', agent: 'Chat agent' }, files: [{ path: 'docs/notes.md', content: '# Notes\n' }] });
    assert.equal(held.status, 'pending');
    assert.equal(held.verdict.rule, 'lockdown');
    const denied = await gate.propose({ source: { channel: 'tool', agent: 'Chat agent' }, files: [{ path: 'infra/main.tf', content: 'resource "x" "y" {}\n' }] });
    assert.equal(denied.status, 'denied');
    assert.match(denied.verdict.reasons[0], /no agent edits infrastructure/);
    assert.equal((await gate.pending()).length, 1);
  });

  it('guard: a disk write caught by the guard is held, not auto-approved', async () => {
    await lockdown.engage();
    const result = await gate.proposeContents({ channel: 'guard', agent: 'Agent writing to disk' }, [{ path: 'src/config.ts', before: { bytes: Buffer.from(CONFIG) }, after: { bytes: Buffer.from(PATCHED) } }]);
    assert.equal(result.status, 'pending');
    assert.equal(result.verdict.rule, 'lockdown');
    // The allow-list would auto-approve this file; under the lockdown's policy auto-approve is off.
    assert.equal(result.verdict.files[0].action, 'review');
    assert.ok(result.verdict.files[0].reasons.includes('auto-approve is off'));
  });

  it('approvals and applies are refused while locked (and logged); rejecting still works', async () => {
    policy = { ...policy, autoApprove: { enabled: false, allowLists: [[]] } };
    const before = await gate.propose({ source: { channel: 'api', agent: 'Other agent' }, files: [{ path: 'src/config.ts', content: PATCHED }] });
    assert.equal(before.status, 'pending', 'an agent without an allow rule waits for review');
    await gate.decide(before.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved' });
    await lockdown.engage();
    // Approved before the lockdown, but not applied yet: the apply is refused.
    await assert.rejects(gate.apply(before.changeSet.id), (e) => ApplyError.is(e, 'locked'));
    assert.equal((await ws.read('src/config.ts')).toString(), CONFIG);
    assert.equal((await gate.pending()).length, 1, 'it stays queued');

    const held = await gate.propose({ source: { channel: 'api', agent: 'Other agent' }, files: [{ path: 'docs/a.md', content: 'a\n' }] });
    await assert.rejects(gate.decide(held.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved' }), (e) => DecisionError.is(e, 'locked'));
    await assert.rejects(gate.decide(held.changeSet.id, { target: { kind: 'file', path: 'docs/a.md' }, verdict: 'approved' }), (e) => DecisionError.is(e, 'locked'));
    await gate.decide(held.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'rejected', comment: 'not during an incident' });
    const refusals = (await entries()).filter((e) => e.type === 'refusal').map((e) => `${e.data.action}:${e.data.reason}`);
    assert.deepEqual(refusals, ['apply:locked', 'approve:locked', 'approve:locked']);
  });

  it('after a release the held change can be approved and applied, and the hook is served again', async () => {
    await lockdown.engage();
    const held = await gate.propose({ source: { channel: 'api', agent: 'Claude Code' }, files: [{ path: 'src/config.ts', content: PATCHED }] });
    await assert.rejects(lockdown.release({ reason: ' ' }), /at least 3 characters/);
    assert.equal(lockdown.locked, true, 'a release without a reason changes nothing');
    await lockdown.release({ reason: 'agent session killed, keys rotated' });
    await gate.decide(held.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved' });
    await gate.apply(held.changeSet.id);
    assert.equal((await ws.read('src/config.ts')).toString(), PATCHED);
    const hook = await gate.propose({ source: { channel: 'hook', agent: 'Claude Code' }, files: [{ path: 'src/config.ts', content: CONFIG }] });
    assert.equal(hook.status, 'autoApproved', 'the allow rule and auto-approve are back');
    assert.equal((await audit.verify()).ok, true);
  });

  it('reverting still works during a lockdown', async () => {
    const p = await gate.propose({ source: { channel: 'api', agent: 'Claude Code' }, files: [{ path: 'src/config.ts', content: PATCHED }] });
    await gate.apply(p.changeSet.id);
    await lockdown.engage();
    const result = await gate.revertSince({ since: new Date(Date.now() - 60_000) });
    assert.deepEqual(result.reverted.map((r) => r.files), [['src/config.ts']]);
    assert.equal((await ws.read('src/config.ts')).toString(), CONFIG);
  });
});
