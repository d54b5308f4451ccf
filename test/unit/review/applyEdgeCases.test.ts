import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { NodeWorkspaceFs } from '../../../src/core/fs/workspaceFs';
import { executePlan, revertLastApply } from '../../../src/core/review/apply';
import { DirectoryBackupStore } from '../../../src/core/review/backups';
import { buildChangeSet } from '../../../src/core/review/build';
import type { ChangeSetInput } from '../../../src/core/review/build';
import { encodeContent } from '../../../src/core/review/content';
import type { DecideRequest, Decisions } from '../../../src/core/review/decisions';
import { decide, emptyDecisions } from '../../../src/core/review/decisions';
import { ApplyError } from '../../../src/core/review/errors';
import type { ChangeSet } from '../../../src/core/review/model';
import { approvedFileResult, planApply } from '../../../src/core/review/plan';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);

describe('apply edge cases', () => {
  let ws: TempWorkspace;
  let fs: NodeWorkspaceFs;
  let backupDir: string;
  let backups: DirectoryBackupStore;
  let outside: string;
  beforeEach(async () => {
    ws = await tempWorkspace();
    fs = new NodeWorkspaceFs(ws.root);
    backupDir = await mkdtemp(path.join(tmpdir(), 'ag-backups-'));
    outside = await mkdtemp(path.join(tmpdir(), 'ag-outside-'));
    backups = new DirectoryBackupStore(backupDir);
  });
  afterEach(async () => {
    await ws.dispose();
    await rm(backupDir, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  });

  const propose = (files: ChangeSetInput['files']) => buildChangeSet({ source: { channel: 'api' }, files }, fs);
  const decideAll = (cs: ChangeSet, requests: Omit<DecideRequest, 'actor'>[]): Decisions => requests.reduce((d, r) => decide(cs, d, { actor: 'reviewer', ...r }), emptyDecisions(cs));
  const approveAll = (cs: ChangeSet) => decideAll(cs, [{ target: { kind: 'changeSet' }, verdict: 'approved' }]);
  async function apply(cs: ChangeSet, d: Decisions) {
    return executePlan(await planApply(cs, d, fs), fs, backups);
  }

  it('binary: create, replace and delete are one operation each', async () => {
    await ws.write('img/old.png', PNG);
    await ws.write('img/gone.png', PNG);
    const cs = await propose([
      { path: 'img/new.png', contentBase64: PNG.toString('base64') },
      { path: 'img/old.png', contentBase64: Buffer.concat([PNG, Buffer.from([1])]).toString('base64') },
      { path: 'img/gone.png', delete: true },
    ]);
    assert.ok(cs.files.every((f) => f.kind === 'binary' && f.hunks.length === 0 && f.operation?.kinds.includes('binary')));
    await apply(cs, decideAll(cs, [
      { target: { kind: 'operation', path: 'img/new.png' }, verdict: 'approved' },
      { target: { kind: 'operation', path: 'img/old.png' }, verdict: 'approved' },
      { target: { kind: 'operation', path: 'img/gone.png' }, verdict: 'rejected' },
    ]));
    assert.deepEqual(await ws.read('img/new.png'), PNG);
    assert.deepEqual(await ws.read('img/old.png'), Buffer.concat([PNG, Buffer.from([1])]));
    assert.equal(await ws.exists('img/gone.png'), true);
  });

  it('UTF-16 LE with BOM: partial approval re-encodes exactly', async () => {
    const lines = Array.from({ length: 20 }, (_, i) => `key${i}=value ${i} é`);
    await ws.write('i18n/fr.properties', encodeContent(lines.join('\r\n') + '\r\n', 'utf-16le', true));
    const edited = [...lines];
    edited[1] = 'key1=changed';
    edited[18] = 'key18=changed too';
    const cs = await propose([{ path: 'i18n/fr.properties', content: edited.join('\n') + '\n' }]);
    assert.equal(cs.files[0].after!.encoding, 'utf-16le');
    assert.equal(cs.files[0].hunks.length, 2);
    await apply(cs, decideAll(cs, [{ target: { kind: 'hunk', path: 'i18n/fr.properties', hunk: 2 }, verdict: 'approved' }, { target: { kind: 'hunk', path: 'i18n/fr.properties', hunk: 1 }, verdict: 'rejected' }]));
    const expected = [...lines];
    expected[18] = 'key18=changed too';
    assert.deepEqual(await ws.read('i18n/fr.properties'), Buffer.from(encodeContent(expected.join('\r\n') + '\r\n', 'utf-16le', true)));
  });

  it('adding a BOM is an encoding operation, applied only when approved', async () => {
    await ws.write('a.txt', 'hello\n');
    const cs = await propose([{ path: 'a.txt', content: '\uFEFFhello\n' }]);
    assert.deepEqual(cs.files[0].operation?.kinds, ['encoding']);
    assert.equal(cs.files[0].hunks.length, 0);
    await apply(cs, decideAll(cs, [{ target: { kind: 'operation', path: 'a.txt' }, verdict: 'rejected' }]));
    assert.deepEqual(await ws.read('a.txt'), Buffer.from('hello\n'));
    await apply(cs, approveAll(cs));
    assert.deepEqual(await ws.read('a.txt'), Buffer.from('\uFEFFhello\n'));
  });

  it('empty files: create and delete are operations', async () => {
    await ws.write('empty.txt', '');
    const cs = await propose([{ path: '.keep', content: '' }, { path: 'empty.txt', delete: true }]);
    assert.deepEqual(cs.files.map((f) => f.operation?.kinds), [['create-empty'], ['delete-empty']]);
    await apply(cs, approveAll(cs));
    assert.equal(await ws.exists('.keep'), true);
    assert.equal(await ws.exists('empty.txt'), false);
  });

  it('a pure rename moves the bytes and keeps the mode; a rename onto a new file is a conflict', async () => {
    await ws.write('bin/tool', '#!/bin/sh\n', 0o755);
    const cs = await propose([{ path: 'scripts/tool', renameFrom: 'bin/tool' }]);
    const plan = await planApply(cs, approveAll(cs), fs);
    await ws.write('scripts/tool', 'someone else\n');
    const replanned = await planApply(cs, approveAll(cs), fs);
    assert.equal(replanned.conflicts.length, 1);
    await assert.rejects(executePlan(plan, fs, backups), (e) => ApplyError.is(e, 'conflict'));
    await unlink(path.join(ws.root, 'scripts/tool'));
    await executePlan(await planApply(cs, approveAll(cs), fs), fs, backups);
    assert.equal(await ws.exists('bin/tool'), false);
    assert.equal(await ws.mode('scripts/tool'), 0o755);
    await revertLastApply(fs, backups);
    assert.equal(await ws.exists('scripts/tool'), false);
    assert.equal(await ws.mode('bin/tool'), 0o755);
  });

  it('a symbolic link planted between plan and apply is refused, and nothing is written outside', async () => {
    const cs = await propose([{ path: 'out/report.txt', content: 'report\n' }]);
    const plan = await planApply(cs, approveAll(cs), fs);
    await symlink(outside, path.join(ws.root, 'out'));
    await assert.rejects(executePlan(plan, fs, backups), (e) => ApplyError.is(e, 'unsafePath'));
    assert.equal(await ws.exists('out/report.txt'), false);
  });

  it('after a crash mid-apply, applying again skips what was written, and revert restores only what was reached', async () => {
    await ws.write('a.txt', 'one\n');
    await ws.write('b.txt', 'two\n');
    const cs = await propose([{ path: 'a.txt', content: 'ONE\n' }, { path: 'b.txt', content: 'TWO\n' }]);
    const plan = await planApply(cs, approveAll(cs), fs);
    // Simulate a crash after the record and the first file: the record stays incomplete.
    let writes = 0;
    const crashing = { ...fs, resolve: fs.resolve.bind(fs), read: fs.read.bind(fs), remove: fs.remove.bind(fs), rename: fs.rename.bind(fs), write: async (p: string, bytes: Uint8Array, mode?: number) => {
      if (writes++ === 1) throw new Error('power cut');
      await fs.write(p, bytes, mode);
    } };
    plan.steps.sort((x, y) => x.path.localeCompare(y.path));
    await assert.rejects(executePlan({ ...plan, steps: [plan.steps[0]] }, crashing, backups).then(() => executePlan({ ...plan, steps: [plan.steps[1]] }, crashing, backups)), (e) => ApplyError.is(e, 'writeFailed'));
    assert.equal((await ws.read('a.txt')).toString(), 'ONE\n');
    assert.equal((await ws.read('b.txt')).toString(), 'two\n');
    const again = await planApply(cs, approveAll(cs), fs);
    assert.deepEqual(again.conflicts, []);
    assert.deepEqual(again.steps.map((st) => st.path), ['b.txt']);
    assert.match(again.skipped.find((sk) => sk.path === 'a.txt')!.reason, /already has the approved content/);
  });

  it('reverting an apply whose record is incomplete restores the files it reached and leaves the others', async () => {
    await ws.write('a.txt', 'one\n');
    await ws.write('b.txt', 'two\n');
    const cs = await propose([{ path: 'a.txt', content: 'ONE\n' }, { path: 'b.txt', content: 'TWO\n' }]);
    const result = await apply(cs, approveAll(cs));
    // As if the process died before writing b.txt and before marking the record complete.
    await ws.write('b.txt', 'two\n');
    await backups.saveRecord({ ...result.record, complete: false });
    const reverted = await revertLastApply(fs, backups);
    assert.deepEqual(reverted.files, ['a.txt']);
    assert.equal((await ws.read('a.txt')).toString(), 'one\n');
    assert.equal((await ws.read('b.txt')).toString(), 'two\n');
  });

  it('an apply that writes nothing leaves nothing to revert', async () => {
    await ws.write('a.txt', 'one\n');
    const cs = await propose([{ path: 'a.txt', content: 'two\n' }]);
    await apply(cs, decideAll(cs, [{ target: { kind: 'changeSet' }, verdict: 'rejected' }]));
    await assert.rejects(revertLastApply(fs, backups), (e) => ApplyError.is(e, 'nothingToRevert'));
  });

  it('approvedFileResult gives the hook road base + approved hunks without touching the disk', async () => {
    const base = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n') + '\n';
    await ws.write('f.txt', base);
    const cs = await propose([{ path: 'f.txt', content: base.replace('line 1\n', 'LINE 1\n').replace('line 18\n', 'LINE 18\n') }]);
    const d = decideAll(cs, [{ target: { kind: 'hunk', path: 'f.txt', hunk: 1 }, verdict: 'approved' }, { target: { kind: 'hunk', path: 'f.txt', hunk: 2 }, verdict: 'rejected' }]);
    const result = approvedFileResult(cs.files[0], d);
    assert.ok(result.exists && result.text === base.replace('line 1\n', 'LINE 1\n'));
    const added = await propose([{ path: 'n.txt', content: 'x\n' }]);
    assert.deepEqual(approvedFileResult(added.files[0], decideAll(added, [{ target: { kind: 'changeSet' }, verdict: 'rejected' }])), { exists: false });
  });
});
