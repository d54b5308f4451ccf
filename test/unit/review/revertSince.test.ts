import assert from 'node:assert/strict';
import { mkdtemp, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/core/audit/auditLog';
import { AuditLog } from '../../../src/core/audit/auditLog';
import { NodeWorkspaceFs } from '../../../src/core/fs/workspaceFs';
import { STRICT_DEFAULTS } from '../../../src/core/policy/policy';
import { DirectoryBackupStore } from '../../../src/core/review/backups';
import { sha256Hex } from '../../../src/core/review/content';
import { ApplyError } from '../../../src/core/review/errors';
import { ReviewGate } from '../../../src/core/review/gate';
import { PendingStore } from '../../../src/core/review/pendingStore';
import { parseSince, sinceOfPreset } from '../../../src/core/review/revertSince';
import type { ChangeSetInput } from '../../../src/core/review/build';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const README = '# Shop\n\nRun `npm start`.\n';
const SERVER = 'import { app } from "./app";\n\napp.listen(3000);\n';
const PKG = '{\n  "name": "shop",\n  "dependencies": { "express": "4.21.2" }\n}\n';

describe('revert agent changes since…', () => {
  let ws: TempWorkspace;
  let storage: string;
  let store: PendingStore;
  let audit: AuditLog;
  let backups: DirectoryBackupStore;
  let gate: ReviewGate;
  // Each apply gets its own minute, so a cut-off can fall between them.
  let clock: Date;

  beforeEach(async () => {
    ws = await tempWorkspace();
    storage = await mkdtemp(path.join(tmpdir(), 'ag-revert-'));
    await ws.write('README.md', README);
    await ws.write('src/server.ts', SERVER);
    await ws.write('package.json', PKG);
    store = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
    audit = await AuditLog.open({ directory: path.join(storage, 'audit') });
    backups = new DirectoryBackupStore(path.join(storage, 'backups'));
    clock = new Date('2026-12-04T21:00:00.000Z');
    gate = new ReviewGate({ workspace: new NodeWorkspaceFs(ws.root), store, audit, backups, policy: () => STRICT_DEFAULTS, now: () => clock });
  });
  afterEach(async () => {
    await store.close();
    await ws.dispose();
    await rm(storage, { recursive: true, force: true });
  });

  /** An agent's proposal, approved and applied at `at`. */
  async function applied(at: string, files: ChangeSetInput['files'], agent = 'Claude Code'): Promise<string> {
    clock = new Date(at);
    const p = await gate.propose({ source: { channel: 'api', agent }, files });
    await gate.decide(p.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved' });
    await gate.apply(p.changeSet.id);
    return p.changeSet.id;
  }

  async function text(relative: string): Promise<string | undefined> {
    return (await ws.exists(relative)) ? (await ws.read(relative)).toString() : undefined;
  }

  async function lastEntry(): Promise<AuditEntry> {
    let last: AuditEntry | undefined;
    for await (const e of audit.entries()) last = e;
    return last!;
  }

  it('without conflicts: restores every apply since the cut-off, newest first, and leaves older ones', async () => {
    await applied('2026-12-04T21:00:00.000Z', [{ path: 'README.md', content: README + '\nOld, trusted edit.\n' }]);
    const serverV1 = SERVER.replace('3000', '8080');
    await applied('2026-12-04T21:10:00.000Z', [{ path: 'src/server.ts', content: serverV1 }, { path: 'src/backdoor.ts', content: 'export const open = true;\n' }]);
    // The same file twice: newest first means v2 → v1 → original.
    await applied('2026-12-04T21:20:00.000Z', [{ path: 'src/server.ts', content: serverV1.replace('app.listen', 'app.use(debug());\napp.listen') }, { path: 'package.json', delete: true }]);
    // A rename: reverting it moves the file back before the earlier apply removes what it created.
    await applied('2026-12-04T21:25:00.000Z', [{ path: 'src/util.ts', content: 'export const open = true;\n', renameFrom: 'src/backdoor.ts' }, { path: 'docs/run.md', content: 'run it\n' }]);

    clock = new Date('2026-12-04T21:30:00.000Z');
    const result = await gate.revertSince({ since: new Date('2026-12-04T21:05:00.000Z') });
    assert.deepEqual(result.conflicts, []);
    assert.deepEqual(result.reverted.map((r) => r.time), ['2026-12-04T21:25:00.000Z', '2026-12-04T21:20:00.000Z', '2026-12-04T21:10:00.000Z']);
    assert.ok(result.reverted.every((r) => r.complete));
    assert.equal(await text('src/server.ts'), SERVER);
    assert.equal(await text('package.json'), PKG, 'a deleted file comes back');
    assert.equal(await text('src/backdoor.ts'), undefined, 'a created file is removed');
    assert.equal(await text('src/util.ts'), undefined, 'a renamed file is moved back, then removed with its creation');
    assert.equal(await text('docs/run.md'), undefined);
    assert.equal(await text('README.md'), README + '\nOld, trusted edit.\n', 'the apply before the cut-off stays');

    const entry = await lastEntry();
    assert.equal(entry.type, 'revert');
    assert.equal(entry.data.kind, 'since');
    assert.deepEqual(entry.data.conflicts, []);
    // Running it again finds nothing left to revert.
    await assert.rejects(gate.revertSince({ since: new Date('2026-12-04T21:05:00.000Z') }), (e) => ApplyError.is(e, 'nothingToRevert'));
  });

  it('with conflicts: a file a person edited since is reported and left alone; the other files are restored', async () => {
    await applied('2026-12-04T21:10:00.000Z', [{ path: 'src/server.ts', content: SERVER.replace('3000', '8080') }, { path: 'README.md', content: README.replace('npm start', 'npm run dev') }]);
    await applied('2026-12-04T21:20:00.000Z', [{ path: 'src/server.ts', content: SERVER.replace('3000', '9090') }]);
    const personsWork = SERVER.replace('3000', '9090') + '// reviewed by Dana\n';
    await ws.write('src/server.ts', personsWork);

    const result = await gate.revertSince({ since: new Date('2026-12-04T21:00:00.000Z') });
    assert.equal(await text('src/server.ts'), personsWork, "the person's edit is never overwritten");
    assert.equal(await text('README.md'), README, 'the file nobody touched since is restored');
    // Both applies touched server.ts, and each reports it.
    assert.deepEqual(result.conflicts.map((c) => [c.path, c.reason]), [['src/server.ts', 'changedSinceApply'], ['src/server.ts', 'changedSinceApply']]);
    assert.match(result.conflicts[0].message, /changed after the apply.*left as it is/);
    assert.deepEqual(result.reverted.map((r) => ({ files: r.files, complete: r.complete })), [{ files: ['README.md'], complete: false }]);

    const entry = await lastEntry();
    assert.equal(entry.type, 'revert');
    assert.deepEqual((entry.data.conflicts as { path: string }[]).map((c) => c.path), ['src/server.ts', 'src/server.ts']);
    assert.ok(!JSON.stringify(entry).includes('reviewed by Dana'), 'no file content in the log');

    // The person puts the agent's last version back; a second run now finishes the job without touching README again.
    await ws.write('src/server.ts', SERVER.replace('3000', '9090'));
    const second = await gate.revertSince({ since: new Date('2026-12-04T21:00:00.000Z') });
    assert.deepEqual(second.conflicts, []);
    assert.equal(await text('src/server.ts'), SERVER);
    assert.deepEqual(second.reverted.map((r) => r.files), [['src/server.ts'], ['src/server.ts']]);
    assert.ok((await backups.listRecords()).every((r) => r.revertedAt), 'every apply is now marked reverted');
    assert.equal((await audit.verify()).ok, true);
  });

  it('from a picked change set: that apply and every later one, not the earlier ones', async () => {
    await applied('2026-12-04T21:00:00.000Z', [{ path: 'README.md', content: README + 'one\n' }]);
    const picked = await applied('2026-12-04T21:10:00.000Z', [{ path: 'README.md', content: README + 'one\ntwo\n' }]);
    await applied('2026-12-04T21:20:00.000Z', [{ path: 'src/server.ts', content: SERVER + '// three\n' }], 'Codex');
    const result = await gate.revertSince({ changeSetId: picked });
    assert.equal(result.changeSetId, picked);
    assert.equal(result.since, '2026-12-04T21:10:00.000Z');
    assert.equal(result.reverted.length, 2);
    assert.equal(await text('README.md'), README + 'one\n');
    assert.equal(await text('src/server.ts'), SERVER);
    await assert.rejects(gate.revertSince({ changeSetId: picked }), (e) => ApplyError.is(e, 'nothingToRevert') && /has no applied change left/.test(e.message));
  });

  it('a backup purged by retention is a reported conflict, not a crash or a wrong restore', async () => {
    await applied('2026-12-04T21:10:00.000Z', [{ path: 'README.md', content: 'replaced\n' }, { path: 'src/new.ts', content: 'export {};\n' }]);
    await unlink(path.join(storage, 'backups', 'blobs', sha256Hex(README)));
    const result = await gate.revertSince({ since: new Date('2026-12-04T21:00:00.000Z') });
    assert.deepEqual(result.conflicts.map((c) => [c.path, c.reason]), [['README.md', 'backupMissing']]);
    assert.equal(await text('README.md'), 'replaced\n');
    assert.equal(await text('src/new.ts'), undefined);
  });

  it('"revert last" after a partial revert-since skips the files already restored', async () => {
    await applied('2026-12-04T21:10:00.000Z', [{ path: 'README.md', content: 'agent readme\n' }, { path: 'src/server.ts', content: 'agent server\n' }]);
    await ws.write('src/server.ts', 'person server\n');
    const partial = await gate.revertSince({ since: new Date('2026-12-04T21:00:00.000Z') });
    assert.deepEqual(partial.reverted[0].files, ['README.md']);
    // The person undoes their edit; Revert Last now only needs server.ts.
    await ws.write('src/server.ts', 'agent server\n');
    const last = await gate.revertLast();
    assert.deepEqual(last.files, ['src/server.ts']);
    assert.equal(await text('src/server.ts'), SERVER);
    assert.equal(await text('README.md'), README);
  });

  it('bad targets are refused with a clear message and change nothing', async () => {
    await applied('2026-12-04T21:10:00.000Z', [{ path: 'README.md', content: 'x\n' }]);
    await assert.rejects(gate.revertSince({ since: new Date('nonsense') }), (e) => ApplyError.is(e, 'invalidInput'));
    await assert.rejects(gate.revertSince({ changeSetId: 'cs-does-not-exist' }), (e) => ApplyError.is(e, 'nothingToRevert'));
    await assert.rejects(gate.revertSince({ since: new Date('2026-12-04T22:00:00.000Z') }), (e) => ApplyError.is(e, 'nothingToRevert') && /since 2026-12-04T22:00:00.000Z/.test(e.message));
    assert.equal(await text('README.md'), 'x\n');
    assert.equal((await lastEntry()).type, 'refusal');
  });

  it('parses the times a person types, and the presets', () => {
    const now = new Date('2026-12-04T23:00:00.000Z');
    assert.equal(parseSince('2026-12-04T22:15:00Z', now).toISOString(), '2026-12-04T22:15:00.000Z');
    assert.equal(parseSince(' 2026-12-04T22:15+01:00 ', now).toISOString(), '2026-12-04T21:15:00.000Z');
    assert.equal(parseSince('2026-12-04', now).getTime(), new Date(2026, 11, 4).getTime(), 'a date alone is local midnight');
    for (const bad of ['yesterday', '2026-13-45T99:99', '2026-12-05T10:00Z', '', 17, `2026-12-04${'0'.repeat(50_000)}`]) {
      assert.throws(() => parseSince(bad, now), (e) => ApplyError.is(e, 'invalidInput'), String(bad).slice(0, 30));
    }
    assert.equal(sinceOfPreset('15m', now).toISOString(), '2026-12-04T22:45:00.000Z');
    assert.equal(sinceOfPreset('1h', now).toISOString(), '2026-12-04T22:00:00.000Z');
    assert.equal(sinceOfPreset('today', now).getTime(), new Date(new Date(now).setHours(0, 0, 0, 0)).getTime());
  });
});
