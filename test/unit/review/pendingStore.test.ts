import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { FileLock, LockError } from '../../../src/core/fs/lock';
import { buildChangeSetFromContents } from '../../../src/core/review/build';
import { decide, emptyDecisions } from '../../../src/core/review/decisions';
import { PendingStore, StoreError } from '../../../src/core/review/pendingStore';

async function sampleChangeSet(message = 'rename a helper') {
  return buildChangeSetFromContents({ channel: 'hook', agent: 'Claude Code', message }, [{ path: 'src/a.ts', before: { bytes: Buffer.from('export const a = 1;\n') }, after: { bytes: Buffer.from('export const a = 2;\n') } }]);
}

describe('pending store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ag-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps pending change sets with their decisions across a reopen, owner-only', async () => {
    const store = await PendingStore.open(dir, { heartbeatMs: 0 });
    const cs = await sampleChangeSet();
    const decisions = decide(cs, emptyDecisions(cs), { target: { kind: 'hunk', path: 'src/a.ts', hunk: 1 }, verdict: 'approved', actor: 'user' });
    await store.save(cs, decisions);
    await store.close();

    const reopened = await PendingStore.open(dir, { heartbeatMs: 0 });
    const { entries, problems } = await reopened.list();
    assert.deepEqual(problems, []);
    assert.equal(entries.length, 1);
    assert.deepEqual(entries[0].changeSet, JSON.parse(JSON.stringify(cs)));
    assert.deepEqual(entries[0].decisions, decisions);
    if (process.platform !== 'win32') {
      assert.equal((await stat(path.join(dir, 'pending'))).mode & 0o777, 0o700);
      assert.equal((await stat(path.join(dir, 'pending', `${cs.id}.json`))).mode & 0o777, 0o600);
    }
    // Only the final file: the temp file of the atomic write is gone.
    assert.deepEqual(await readdir(path.join(dir, 'pending')), [`${cs.id}.json`]);
    await reopened.remove(cs.id);
    assert.equal((await reopened.list()).entries.length, 0);
    await reopened.close();
  });

  it('a second window on the same folder opens read-only and cannot lose or overwrite pending changes', async () => {
    const first = await PendingStore.open(dir, { heartbeatMs: 0 });
    const cs = await sampleChangeSet();
    await first.save(cs, emptyDecisions(cs));
    const second = await PendingStore.open(dir, { heartbeatMs: 0 });
    assert.equal(second.readOnly, true);
    assert.equal(second.heldBy?.pid, process.pid);
    assert.equal((await second.list()).entries.length, 1);
    await assert.rejects(second.save(cs, emptyDecisions(cs)), (e) => StoreError.is(e, 'readOnly'));
    await assert.rejects(second.remove(cs.id), (e) => StoreError.is(e, 'readOnly'));
    await first.close();
  });

  it('takes over the lock of a crashed window (dead pid on this host, or an old heartbeat)', async () => {
    const lockPath = path.join(dir, 'lock.json');
    const child = spawn(process.execPath, ['-e', '0']);
    const deadPid = await new Promise<number>((resolve) => child.on('exit', () => resolve(child.pid!)));
    await writeFile(lockPath, JSON.stringify({ pid: deadPid, hostname: hostname(), startedAt: new Date().toISOString(), heartbeat: new Date().toISOString(), token: 'crashed' }));
    const lock = await FileLock.acquire(lockPath, { heartbeatMs: 0 });
    assert.equal(JSON.parse(await readFile(lockPath, 'utf8')).token, lock.info.token);
    await lock.release();

    await writeFile(lockPath, JSON.stringify({ pid: 1, hostname: 'other-host', startedAt: '2026-01-01T00:00:00Z', heartbeat: '2026-01-01T00:00:00Z', token: 'old' }));
    const taken = await FileLock.acquire(lockPath, { heartbeatMs: 0, staleMs: 30_000 });
    await taken.release();

    await writeFile(lockPath, JSON.stringify({ pid: 1, hostname: 'other-host', startedAt: new Date().toISOString(), heartbeat: new Date().toISOString(), token: 'alive' }));
    await assert.rejects(FileLock.acquire(lockPath, { heartbeatMs: 0 }), (e) => LockError.is(e, 'held') && /other-host/.test(e.message));
  });

  it('notices when its lock was taken, and stops writing', async () => {
    let lost = false;
    const store = await PendingStore.open(dir, { heartbeatMs: 0, onLost: () => (lost = true) });
    const lockPath = path.join(dir, 'lock.json');
    await writeFile(lockPath, JSON.stringify({ pid: 1, hostname: 'other-host', startedAt: new Date().toISOString(), heartbeat: new Date().toISOString(), token: 'thief' }));
    const cs = await sampleChangeSet();
    await assert.rejects(store.save(cs, emptyDecisions(cs)), (e) => StoreError.is(e, 'readOnly'));
    const lock = (store as unknown as { lock: FileLock }).lock;
    assert.equal(await lock.beat(), false);
    assert.equal(lost, true);
  });

  it('moves an unreadable file aside instead of deleting it', async () => {
    const store = await PendingStore.open(dir, { heartbeatMs: 0 });
    await writeFile(path.join(dir, 'pending', 'cs-broken.json'), '{"version":1,"changeSet":');
    const { entries, problems } = await store.list();
    assert.equal(entries.length, 0);
    assert.equal(problems[0].file, 'cs-broken.json');
    assert.deepEqual(await readdir(path.join(dir, 'corrupt')), ['cs-broken.json']);
    await assert.rejects(store.remove('../../etc/passwd'), (e) => StoreError.is(e, 'invalidId'));
    await store.close();
  });
});
