import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AuditLog, entryHash, verifyAuditDirectory } from '../../src/core/audit/auditLog';
import type { AuditEntry } from '../../src/core/audit/auditLog';
import { canonicalJson } from '../../src/core/audit/canonicalJson';
import { decisionEvent, findingsEvent, proposalEvent } from '../../src/core/audit/events';
import { csvCell, exportAuditCsv, exportAuditJson } from '../../src/core/audit/export';
import { maskAuditData } from '../../src/core/audit/mask';
import { buildChangeSetFromContents } from '../../src/core/review/build';
import { fakePem } from '../helpers/fakeSecrets';

describe('audit log', () => {
  let dir: string;
  let clock: number;
  const now = () => new Date(Date.UTC(2026, 0, 1) + clock++ * 1000);
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'ag-audit-'));
    clock = 0;
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  async function seeded(count: number, maxFileBytes?: number): Promise<AuditLog> {
    const log = await AuditLog.open({ directory: dir, now, maxFileBytes });
    for (let i = 0; i < count; i++) await log.append('decision', 'user', { changeSetId: `cs-${i}`, verdict: i % 2 ? 'approved' : 'rejected', comment: `hunk ${i}` });
    return log;
  }

  it('chains entries by hash, continues after reopening, and verifies', async () => {
    await seeded(5);
    const reopened = await AuditLog.open({ directory: dir, now });
    const sixth = await reopened.append('apply', 'user', { changeSetId: 'cs-5' });
    assert.equal(sixth.seq, 6);
    const result = await reopened.verify();
    assert.deepEqual([result.ok, result.entries, result.lastHash], [true, 6, sixth.hash]);
    const info = await stat(path.join(dir, 'audit-000001.jsonl'));
    if (process.platform !== 'win32') {
      assert.equal(info.mode & 0o777, 0o600);
      assert.equal((await stat(dir)).mode & 0o777, 0o700);
    }
  });

  it('reports the first broken entry when one is edited, removed or reordered', async () => {
    await seeded(6);
    const file = path.join(dir, 'audit-000001.jsonl');
    const original = await readFile(file, 'utf8');
    const lines = original.trimEnd().split('\n');

    const edited = lines.map((l, i) => (i === 2 ? l.replace('"comment":"hunk 2"', '"comment":"hunk 2 (edited)"') : l));
    await writeFile(file, `${edited.join('\n')}\n`);
    let result = await verifyAuditDirectory(dir);
    assert.deepEqual([result.ok, result.firstBroken?.line, result.firstBroken?.seq], [false, 3, 3]);
    assert.match(result.firstBroken!.reason, /changed/);

    await writeFile(file, `${lines.filter((_, i) => i !== 1).join('\n')}\n`);
    result = await verifyAuditDirectory(dir);
    assert.deepEqual([result.firstBroken?.line, result.firstBroken?.seq], [2, 3]);

    // A forged entry with a recomputed hash still breaks the link to the next one.
    const forged = JSON.parse(lines[4]) as AuditEntry;
    forged.data = { changeSetId: 'cs-4', verdict: 'approved' };
    forged.hash = entryHash(forged);
    await writeFile(file, `${lines.map((l, i) => (i === 4 ? JSON.stringify(forged) : l)).join('\n')}\n`);
    result = await verifyAuditDirectory(dir);
    assert.deepEqual([result.firstBroken?.seq, /prevHash/.test(result.firstBroken!.reason)], [6, true]);

    await writeFile(file, `${lines.join('\n')}\n{"seq":7,"ti`);
    result = await verifyAuditDirectory(dir);
    assert.match(result.firstBroken!.reason, /not valid JSON/);
  });

  it('rotates by size and keeps the chain verifiable across files, also after old files are purged', async () => {
    const log = await seeded(40, 1500);
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl')).sort();
    assert.ok(files.length >= 3, `expected rotation, got ${files.length} file(s)`);
    const second = (await readFile(path.join(dir, files[1]), 'utf8')).split('\n')[0];
    const rotate = JSON.parse(second) as AuditEntry;
    assert.equal(rotate.type, 'rotate');
    const firstLines = (await readFile(path.join(dir, files[0]), 'utf8')).trimEnd().split('\n');
    assert.equal(rotate.prevHash, (JSON.parse(firstLines[firstLines.length - 1]) as AuditEntry).hash);
    const all = await log.verify();
    assert.deepEqual([all.ok, all.entries], [true, 40 + files.length - 1]);

    await unlink(path.join(dir, files[0]));
    const purged = await verifyAuditDirectory(dir);
    assert.equal(purged.ok, true);
    assert.equal(purged.anchoredAt?.seq, rotate.seq);
    await unlink(path.join(dir, files[1]));
    await writeFile(path.join(dir, files[2]), (await readFile(path.join(dir, files[2]), 'utf8')).split('\n').slice(1).join('\n'));
    assert.match((await verifyAuditDirectory(dir)).firstBroken!.reason, /entries before it are missing/);
  });

  it('caps the number of files, and what remains still verifies from its first rotate entry', async () => {
    const log = await AuditLog.open({ directory: dir, now, maxFileBytes: 1200, maxFiles: 3 });
    for (let i = 0; i < 60; i++) await log.append('decision', 'user', { changeSetId: `cs-${i}`, verdict: 'approved' });
    const files = (await readdir(dir)).filter((f) => f.endsWith('.jsonl'));
    assert.equal(files.length, 3);
    const result = await log.verify();
    assert.equal(result.ok, true);
    assert.ok(result.anchoredAt && result.anchoredAt.seq > 1);
  });

  it('masks secrets in every entry and stores hashes instead of contents', async () => {
    const pem = fakePem();
    const log = await AuditLog.open({ directory: dir, now });
    const cs = await buildChangeSetFromContents({ channel: 'tool', agent: 'Copilot', message: `adding ${pem}` }, [{ path: 'src/key.ts', after: { bytes: Buffer.from(`export const KEY = \`${pem}\`;\n`) } }]);
    await log.append('proposal', 'Copilot', proposalEvent(cs));
    await log.append('finding', 'agent-guard', findingsEvent(cs));
    await log.append('decision', 'user', decisionEvent(cs, { target: { kind: 'changeSet' }, verdict: 'rejected', actor: 'user', comment: `never commit ${pem}` }));
    await log.append('proposal', 'api', { files: [{ path: 'a.ts', content: `const k = \`${pem}\`;`, edits: [{ oldText: 'x', newText: pem }] }] });
    const raw = await readFile(path.join(dir, 'audit-000001.jsonl'), 'utf8');
    for (const line of pem.split('\n').slice(1, -1)) assert.ok(!raw.includes(line), 'key material reached the audit log');
    assert.ok(raw.includes('"sha256"'));
    assert.equal((await log.verify()).ok, true);
    const masked = await maskAuditData({ note: `see ${pem}`, content: 'body' });
    assert.match(masked.note, /^see \S{4}\*{8}\S{2}$/);
    assert.deepEqual(Object.keys(masked.content as unknown as object), ['sha256', 'length']);
  });

  it('exports JSON and CSV, with formula injection neutralized', async () => {
    const log = await seeded(2);
    await log.append('decision', '=HYPERLINK("http://evil.example","x")', { comment: '+1, "quoted"\nnext line' });
    const entries: AuditEntry[] = [];
    for await (const e of log.entries()) entries.push(e);
    assert.equal(JSON.parse(exportAuditJson(entries)).entries.length, 3);
    assert.equal(JSON.parse(exportAuditJson(entries, await log.verify())).verification.ok, true);
    const csv = exportAuditCsv(entries);
    const rows = csv.split('\r\n');
    assert.equal(rows[0], 'seq,time,type,actor,data,prevHash,hash');
    assert.ok(csv.includes(`"'=HYPERLINK(""http://evil.example"",""x"")"`));
    assert.equal(csvCell('@SUM(A1)'), "'@SUM(A1)");
    assert.equal(csvCell('-2+3'), "'-2+3");
    assert.equal(csvCell('\tcmd'), "'\tcmd");
    assert.equal(csvCell('plain'), 'plain');
    assert.equal(csvCell('a,b'), '"a,b"');
  });

  it('two writers on one log pick up each other\'s tail instead of forking the chain', async () => {
    const a = await AuditLog.open({ directory: dir, now });
    const b = await AuditLog.open({ directory: dir, now });
    await a.append('decision', 'user', { n: 1 });
    await b.append('decision', 'user', { n: 2 });
    await a.append('decision', 'user', { n: 3 });
    const result = await verifyAuditDirectory(dir);
    assert.deepEqual([result.ok, result.entries], [true, 3]);
  });

  it('canonical JSON ignores key order', () => {
    assert.equal(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } }), canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }));
    assert.throws(() => canonicalJson({ n: NaN }));
  });
});
