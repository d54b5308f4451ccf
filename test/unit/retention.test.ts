import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEntry } from '../../src/core/audit/auditLog';
import { AuditLog, entryHash, verifyAuditDirectory } from '../../src/core/audit/auditLog';
import { DirectoryBackupStore } from '../../src/core/review/backups';
import { purgeAuditLog } from '../../src/core/retention/auditPurge';
import { auditHasEntriesBefore, expiredPending, purgeBackups, resolveRetention, retentionCutoff } from '../../src/core/retention/retention';

const DAY = 24 * 60 * 60 * 1000;
const START = Date.UTC(2026, 0, 1);

async function lines(dir: string): Promise<AuditEntry[]> {
  const out: AuditEntry[] = [];
  for (const name of (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort()) {
    for (const line of (await readFile(path.join(dir, name), 'utf8')).split('\n')) if (line.trim()) out.push(JSON.parse(line) as AuditEntry);
  }
  return out;
}

describe('audit purge', () => {
  let dir: string;
  let clock: number;
  const now = () => new Date(clock);
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ag-retention-'));
    clock = START;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  /** One decision a day for `days` days, as a person reviewing an agent's work would leave them. */
  async function daily(days: number, maxFileBytes?: number): Promise<AuditLog> {
    const log = await AuditLog.open({ directory: dir, now, maxFileBytes, maxFiles: 0 });
    for (let i = 0; i < days; i++) {
      clock = START + i * DAY;
      await log.append('decision', 'user', { changeSetId: `cs-${i}`, verdict: i % 3 ? 'approved' : 'rejected', comment: `day ${i}` });
    }
    clock = START + days * DAY;
    return log;
  }

  it('removes entries older than the cut-off behind a checkpoint naming the last one, and the log still verifies', async () => {
    const log = await daily(10);
    const before = await lines(dir);
    const result = await purgeAuditLog(log, new Date(START + 4 * DAY));
    assert.equal(result.status, 'purged');
    assert.equal(result.purgedEntries, 4);
    assert.equal(result.throughSeq, 4);
    assert.equal(result.throughHash, before[3].hash);

    const after = await lines(dir);
    assert.deepEqual(after.map((e) => e.seq), [5, 6, 7, 8, 9, 10, 11], 'entries 1-4 gone, the checkpoint is entry 11');
    const checkpoint = after[after.length - 1];
    assert.equal(checkpoint.type, 'checkpoint');
    assert.deepEqual([checkpoint.data.purgedThroughSeq, checkpoint.data.purgedThroughHash, checkpoint.data.purgedEntries], [4, before[3].hash, 4]);
    assert.equal(after[0].prevHash, before[3].hash, 'the first kept entry still chains to the last purged one');

    const verified = await verifyAuditDirectory(dir);
    assert.equal(verified.ok, true, JSON.stringify(verified.firstBroken));
    assert.equal(verified.entries, 7);
    assert.equal(verified.anchoredAt?.seq, 5);

    // The log goes on: a new entry chains onto the checkpoint, and verification still holds.
    const next = await log.append('apply', 'user', { changeSetId: 'cs-10' });
    assert.equal(next.seq, 12);
    assert.equal(next.prevHash, checkpoint.hash);
    assert.equal((await verifyAuditDirectory(dir)).ok, true);
  });

  it('still detects tampering after a purge: an edited entry, a further removed entry, a forged checkpoint', async () => {
    const log = await daily(8);
    await purgeAuditLog(log, new Date(START + 3 * DAY));
    const file = path.join(dir, 'audit-000001.jsonl');
    const pristine = await readFile(file, 'utf8');
    const kept = pristine.trimEnd().split('\n');

    await writeFile(file, pristine.replace('"comment":"day 5"', '"comment":"day 5, nothing to see"'));
    let result = await verifyAuditDirectory(dir);
    assert.equal(result.ok, false);
    assert.equal(result.firstBroken?.seq, 6);
    assert.match(result.firstBroken!.reason, /changed/);

    // Someone removes one more entry from the head, hoping the checkpoint covers it.
    await writeFile(file, `${kept.slice(1).join('\n')}\n`);
    result = await verifyAuditDirectory(dir);
    assert.equal(result.ok, false);
    assert.match(result.firstBroken!.reason, /without a rotate entry or a checkpoint that vouches for it/);

    // ...and edits the checkpoint to claim it: the checkpoint's own hash gives it away.
    const checkpoint = JSON.parse(kept[kept.length - 1]) as AuditEntry;
    const forged = { ...checkpoint, data: { ...checkpoint.data, purgedThroughSeq: 4, purgedThroughHash: (JSON.parse(kept[0]) as AuditEntry).hash } };
    await writeFile(file, `${[...kept.slice(1, -1), JSON.stringify(forged)].join('\n')}\n`);
    result = await verifyAuditDirectory(dir);
    assert.equal(result.ok, false);
    assert.equal(result.firstBroken?.seq, checkpoint.seq);

    // A log cut at the head without any checkpoint is not accepted either.
    await writeFile(file, `${kept.slice(1, -1).join('\n')}\n`);
    result = await verifyAuditDirectory(dir);
    assert.equal(result.ok, false);
    assert.match(result.firstBroken!.reason, /entries before it are missing/);
  });

  it('purges across rotated files: old files removed whole, the file holding the cut rewritten', async () => {
    const log = await daily(40, 700);
    const filesBefore = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    assert.ok(filesBefore.length >= 4, `expected several files, got ${filesBefore.length}`);
    const result = await purgeAuditLog(log, new Date(START + 25 * DAY));
    assert.equal(result.status, 'purged');
    assert.ok(result.removedFiles.length >= 2, JSON.stringify(result));
    const remaining = await lines(dir);
    assert.ok(remaining.every((e) => e.type === 'checkpoint' || e.type === 'rotate' || e.time >= new Date(START + 25 * DAY).toISOString()), 'nothing older than the cut-off is left');
    assert.equal((await verifyAuditDirectory(dir)).ok, true);
  });

  it('a purge that stopped half-way (crash after deleting the oldest file) leaves a log that verifies', async () => {
    const log = await daily(30, 700);
    const files = (await readdir(dir)).filter((n) => n.endsWith('.jsonl')).sort();
    const cut = new Date(START + 20 * DAY);
    // Do what purgeAuditLog does, but stop after the first file: the checkpoint is written, the rest is not cut.
    const all = await lines(dir);
    const last = all.filter((e) => e.time < cut.toISOString()).pop()!;
    await log.append('checkpoint', 'agent-guard', { purgedThroughSeq: last.seq, purgedThroughHash: last.hash, purgedEntries: last.seq });
    await rm(path.join(dir, files[0]));
    const result = await verifyAuditDirectory(dir);
    assert.equal(result.ok, true, JSON.stringify(result.firstBroken));
    // Running the purge again finishes the job.
    assert.equal((await purgeAuditLog(log, cut)).status, 'purged');
    assert.equal((await verifyAuditDirectory(dir)).ok, true);
  });

  it('a second purge later works on a log that already starts at a checkpoint', async () => {
    const log = await daily(10);
    await purgeAuditLog(log, new Date(START + 3 * DAY));
    clock = START + 30 * DAY;
    await log.append('decision', 'user', { changeSetId: 'late' });
    const second = await purgeAuditLog(log, new Date(START + 20 * DAY));
    assert.equal(second.status, 'purged');
    const remaining = await lines(dir);
    assert.deepEqual(remaining.map((e) => e.type), ['decision', 'checkpoint']);
    assert.equal((await verifyAuditDirectory(dir)).ok, true);
  });

  it('does nothing when no entry is old enough, and refuses (removing nothing) when the log does not verify', async () => {
    const log = await daily(5);
    assert.equal((await purgeAuditLog(log, new Date(START - DAY))).status, 'nothing');
    assert.equal((await lines(dir)).length, 5, 'no checkpoint for an empty purge');

    const file = path.join(dir, 'audit-000001.jsonl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('"comment":"day 1"', '"comment":"day one"'));
    const tampered = await readFile(file, 'utf8');
    const refused = await purgeAuditLog(log, new Date(START + 4 * DAY));
    assert.equal(refused.status, 'refused');
    assert.match(refused.reason!, /does not verify/);
    assert.equal(await readFile(file, 'utf8'), tampered, 'the evidence is left exactly as it was');
    await assert.rejects(purgeAuditLog(log, new Date(Number.NaN)), /not a valid date/);
  });

  it('a second AuditLog on the same folder (the gate’s) keeps chaining correctly after a purge rewrote its file', async () => {
    const gateLog = await daily(6);
    const retentionLog = await AuditLog.open({ directory: dir, now });
    await purgeAuditLog(retentionLog, new Date(START + 2 * DAY));
    const next = await gateLog.append('apply', 'user', { changeSetId: 'after-purge' });
    const all = await lines(dir);
    assert.equal(next.prevHash, all[all.length - 2].hash);
    assert.equal(next.hash, entryHash(next));
    assert.equal((await verifyAuditDirectory(dir)).ok, true);
  });

  it('the gate’s AuditLog notices a rewrite even when the file came back to the same size (no forked chain)', async () => {
    // Make the purged entry exactly as long as the checkpoint that replaces it, so only the file's identity changed.
    const history = async (directory: string, padding: string) => {
      clock = START;
      const log = await AuditLog.open({ directory, now, maxFiles: 0 });
      await log.append('decision', 'user', { changeSetId: 'cs-0', comment: `old${padding}` });
      for (let i = 1; i < 4; i++) {
        clock = START + i * DAY;
        await log.append('decision', 'user', { changeSetId: `cs-${i}` });
      }
      clock = START + 10 * DAY;
      return log;
    };
    const scratch = await mkdtemp(path.join(tmpdir(), 'ag-retention-scratch-'));
    await history(scratch, '');
    await purgeAuditLog(await AuditLog.open({ directory: scratch, now }), new Date(START + DAY / 2));
    const scratchLines = await lines(scratch);
    const checkpointLength = JSON.stringify(scratchLines[scratchLines.length - 1]).length;
    await rm(scratch, { recursive: true, force: true });
    const firstLength = JSON.stringify({ seq: 1, time: new Date(START).toISOString(), type: 'decision', actor: 'user', data: { changeSetId: 'cs-0', comment: 'old' }, prevHash: '0'.repeat(64), hash: '0'.repeat(64) }).length;
    assert.ok(checkpointLength > firstLength);

    const gateLog = await history(dir, 'x'.repeat(checkpointLength - firstLength));
    const sizeBefore = (await readFile(path.join(dir, 'audit-000001.jsonl'))).length;
    await purgeAuditLog(await AuditLog.open({ directory: dir, now }), new Date(START + DAY / 2));
    assert.equal((await readFile(path.join(dir, 'audit-000001.jsonl'))).length, sizeBefore, 'same size after the purge');
    const next = await gateLog.append('apply', 'user', { changeSetId: 'cs-4' });
    assert.equal(next.seq, 6, 'after the checkpoint (entry 5)');
    assert.equal((await verifyAuditDirectory(dir)).ok, true);
  });

  it('auditHasEntriesBefore reads one line to tell whether a purge has work', async () => {
    assert.equal(await auditHasEntriesBefore(dir, new Date(START + 100 * DAY)), false, 'empty folder');
    await daily(3);
    assert.equal(await auditHasEntriesBefore(dir, new Date(START + DAY)), true);
    assert.equal(await auditHasEntriesBefore(dir, new Date(START)), false);
  });
});

describe('backup and pending retention', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ag-backups-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('deletes old apply records and the blobs only they used; keeps blobs a kept record needs', async () => {
    const store = new DirectoryBackupStore(dir);
    const shared = await store.saveBlob(Buffer.from('const shared = 1;\n'));
    const oldOnly = await store.saveBlob(Buffer.from('const old = 1;\n'));
    const orphan = await store.saveBlob(Buffer.from('quarantined by the guard\n'));
    const fresh = await store.saveBlob(Buffer.from('const fresh = 1;\n'));
    const longAgo = new Date(START - 60 * DAY);
    for (const sha of [shared, oldOnly, orphan]) await utimes(path.join(dir, 'blobs', sha), longAgo, longAgo);
    await store.saveRecord({ applyId: 'a-old', changeSetId: 'cs-old', time: new Date(START - 40 * DAY).toISOString(), complete: true, files: [{ path: 'a.js', sourcePath: 'a.js', action: 'write', before: { sha256: oldOnly, mode: 0o644 }, after: { sha256: fresh } }, { path: 's.js', sourcePath: 's.js', action: 'write', before: { sha256: shared, mode: 0o644 }, after: null }] });
    await store.saveRecord({ applyId: 'a-new', changeSetId: 'cs-new', time: new Date(START - DAY).toISOString(), complete: true, files: [{ path: 's.js', sourcePath: 's.js', action: 'write', before: { sha256: shared, mode: 0o644 }, after: { sha256: fresh } }] });

    const result = await purgeBackups(dir, new Date(START - 30 * DAY));
    assert.deepEqual(result.records, ['a-old']);
    assert.equal(result.blobs, 2, 'the old-only blob and the guard orphan');
    assert.deepEqual((await store.listRecords()).map((r) => r.applyId), ['a-new']);
    const blobs = new Set(await readdir(path.join(dir, 'blobs')));
    assert.ok(blobs.has(shared), 'still needed by a-new');
    assert.ok(blobs.has(fresh), 'written after the cut-off');
    assert.ok(!blobs.has(oldOnly) && !blobs.has(orphan));
    assert.deepEqual(Buffer.from(await store.readBlob(shared)).toString(), 'const shared = 1;\n', 'a kept backup still restores');
  });

  it('a blob saved again is fresh: an old unreferenced blob re-used by a new apply is not deleted', async () => {
    const store = new DirectoryBackupStore(dir);
    const sha = await store.saveBlob(Buffer.from('same content\n'));
    const longAgo = new Date(START - 60 * DAY);
    await utimes(path.join(dir, 'blobs', sha), longAgo, longAgo);
    await store.saveBlob(Buffer.from('same content\n'));
    assert.equal((await purgeBackups(dir, new Date(Date.now() - DAY))).blobs, 0);
  });

  it('keeps an unreadable record and does not touch a missing folder', async () => {
    await mkdir(path.join(dir, 'records'), { recursive: true });
    await writeFile(path.join(dir, 'records', 'broken.json'), '{ not json');
    assert.deepEqual(await purgeBackups(dir, new Date()), { records: [], blobs: 0 });
    assert.deepEqual(await readdir(path.join(dir, 'records')), ['broken.json']);
    assert.deepEqual(await purgeBackups(path.join(dir, 'nowhere'), new Date()), { records: [], blobs: 0 });
  });

  it('expiredPending picks change sets created before the cut-off', () => {
    const entries = [
      { id: 'old', createdAt: new Date(START - 40 * DAY).toISOString() },
      { id: 'new', createdAt: new Date(START - DAY).toISOString() },
    ];
    assert.deepEqual(expiredPending(entries, new Date(START - 30 * DAY)), ['old']);
  });

  it('settings: 0 keeps for ever; a bad value falls back to the default and says which setting', () => {
    assert.equal(retentionCutoff(0, new Date(START)), undefined);
    assert.equal(retentionCutoff(7, new Date(START))!.toISOString(), new Date(START - 7 * DAY).toISOString());
    const { settings, problems } = resolveRetention({ pendingDays: 7, backupsDays: -1, auditDays: 1.5 });
    assert.deepEqual(settings, { pendingDays: 7, backupsDays: 30, auditDays: 365 });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /agentGuard\.retention\.backupsDays .*got -1; using 30/);
    assert.match(problems[1], /agentGuard\.retention\.auditDays/);
  });
});
