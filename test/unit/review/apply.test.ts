import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { NodeWorkspaceFs } from '../../../src/core/fs/workspaceFs';
import { executePlan, revertLastApply } from '../../../src/core/review/apply';
import { DirectoryBackupStore } from '../../../src/core/review/backups';
import { buildChangeSet } from '../../../src/core/review/build';
import type { ChangeSetInput } from '../../../src/core/review/build';
import type { DecideRequest, Decisions } from '../../../src/core/review/decisions';
import { decide, emptyDecisions } from '../../../src/core/review/decisions';
import { ApplyError } from '../../../src/core/review/errors';
import type { ChangeSet } from '../../../src/core/review/model';
import { planApply } from '../../../src/core/review/plan';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const SERVICE = [
  "import { readFile } from 'node:fs/promises';",
  '',
  'export async function loadConfig(path: string) {',
  "  const raw = await readFile(path, 'utf8');",
  '  return JSON.parse(raw);',
  '}',
  '',
  'export function port(config: { port?: number }) {',
  '  return config.port ?? 8080;',
  '}',
  '',
  'export function host(config: { host?: string }) {',
  "  return config.host ?? 'localhost';",
  '}',
];
const EDITED = SERVICE.map((l) => l.replace("JSON.parse(raw);", 'JSON.parse(raw) as Config;').replace("'localhost'", "'0.0.0.0'"));

describe('safe apply', () => {
  let ws: TempWorkspace;
  let fs: NodeWorkspaceFs;
  let backupDir: string;
  let backups: DirectoryBackupStore;
  beforeEach(async () => {
    ws = await tempWorkspace();
    fs = new NodeWorkspaceFs(ws.root);
    backupDir = await mkdtemp(path.join(tmpdir(), 'ag-backups-'));
    backups = new DirectoryBackupStore(backupDir);
  });
  afterEach(async () => {
    await ws.dispose();
    await rm(backupDir, { recursive: true, force: true });
  });

  async function propose(input: ChangeSetInput['files']): Promise<ChangeSet> {
    return buildChangeSet({ source: { channel: 'api', agent: 'test-agent' }, files: input }, fs);
  }
  function decideAll(cs: ChangeSet, requests: Omit<DecideRequest, 'actor'>[]): Decisions {
    return requests.reduce((d, r) => decide(cs, d, { actor: 'reviewer', ...r }), emptyDecisions(cs));
  }
  async function applyDecisions(cs: ChangeSet, decisions: Decisions) {
    const plan = await planApply(cs, decisions, fs);
    return { plan, result: await executePlan(plan, fs, backups) };
  }

  for (const [name, eol, bom, final] of [
    ['LF', '\n', false, true],
    ['CRLF', '\r\n', false, true],
    ['CRLF with BOM, no final newline', '\r\n', true, false],
    ['LF with BOM', '\n', true, true],
  ] as const) {
    it(`approves one hunk and rejects another, byte for byte on disk (${name})`, async () => {
      const text = (lines: string[]) => (bom ? '\uFEFF' : '') + lines.join(eol) + (final ? eol : '');
      await ws.write('src/config.ts', text(SERVICE), 0o640);
      // The agent sends LF text without the BOM, as agents do; the file keeps its CRLF and BOM.
      const cs = await propose([{ path: 'src/config.ts', content: EDITED.join('\n') + (final ? '\n' : '') }]);
      const file = cs.files[0];
      assert.equal(file.hunks.length, 2);
      const decisions = decideAll(cs, [
        { target: { kind: 'hunk', path: 'src/config.ts', hunk: 1 }, verdict: 'approved' },
        { target: { kind: 'hunk', path: 'src/config.ts', hunk: 2 }, verdict: 'rejected', comment: 'keep localhost' },
      ]);
      await applyDecisions(cs, decisions);
      const expected = text(SERVICE.map((l) => l.replace('JSON.parse(raw);', 'JSON.parse(raw) as Config;')));
      assert.deepEqual(await ws.read('src/config.ts'), Buffer.from(expected, 'utf8'));
      assert.equal(await ws.mode('src/config.ts'), 0o640);
    });
  }

  it('applies CRLF edits sent with LF oldText per hunk, keeping CRLF', async () => {
    await ws.write('src/config.ts', SERVICE.join('\r\n') + '\r\n');
    const cs = await propose([{ path: 'src/config.ts', edits: [
      { oldText: '  return JSON.parse(raw);\n}', newText: '  return JSON.parse(raw) as Config;\n}' },
      { oldText: "  return config.host ?? 'localhost';", newText: "  return config.host ?? '0.0.0.0';" },
    ] }]);
    assert.equal(cs.files[0].hunks.length, 2);
    await applyDecisions(cs, decideAll(cs, [
      { target: { kind: 'hunk', path: 'src/config.ts', hunk: 2 }, verdict: 'approved' },
      { target: { kind: 'hunk', path: 'src/config.ts', hunk: 1 }, verdict: 'rejected' },
    ]));
    assert.equal((await ws.read('src/config.ts')).toString('utf8'), SERVICE.map((l) => l.replace("'localhost'", "'0.0.0.0'")).join('\r\n') + '\r\n');
  });

  it('a rejected add writes nothing; an approved add creates the file', async () => {
    const cs = await propose([{ path: 'src/a.ts', content: 'export const a = 1;\n' }, { path: 'src/b.ts', content: 'export const b = 2;\n' }]);
    await applyDecisions(cs, decideAll(cs, [
      { target: { kind: 'file', path: 'src/a.ts' }, verdict: 'rejected' },
      { target: { kind: 'file', path: 'src/b.ts' }, verdict: 'approved' },
    ]));
    assert.equal(await ws.exists('src/a.ts'), false);
    assert.equal((await ws.read('src/b.ts')).toString(), 'export const b = 2;\n');
  });

  it('deletes only when approved, and never a file changed since', async () => {
    await ws.write('old.txt', 'legacy\n');
    await ws.write('keep.txt', 'keep\n');
    const cs = await propose([{ path: 'old.txt', delete: true }, { path: 'keep.txt', delete: true }]);
    await applyDecisions(cs, decideAll(cs, [
      { target: { kind: 'file', path: 'old.txt' }, verdict: 'approved' },
      { target: { kind: 'file', path: 'keep.txt' }, verdict: 'rejected' },
    ]));
    assert.equal(await ws.exists('old.txt'), false);
    assert.equal(await ws.exists('keep.txt'), true);

    await ws.write('again.txt', 'v1\n');
    const cs2 = await propose([{ path: 'again.txt', delete: true }]);
    await ws.write('again.txt', 'v2 by a person\n');
    const plan = await planApply(cs2, decideAll(cs2, [{ target: { kind: 'changeSet' }, verdict: 'approved' }]), fs);
    assert.equal(plan.conflicts.length, 1);
    await assert.rejects(executePlan(plan, fs, backups), (e) => ApplyError.is(e, 'conflict'));
    assert.equal((await ws.read('again.txt')).toString(), 'v2 by a person\n');
  });

  it('renames with edits: rename and hunks are decided apart', async () => {
    await ws.write('src/util.ts', SERVICE.join('\n') + '\n', 0o600);
    const cs = await propose([{ path: 'lib/util.ts', renameFrom: 'src/util.ts', content: EDITED.join('\n') + '\n' }]);
    const file = cs.files[0];
    assert.deepEqual(file.operation?.kinds, ['rename']);
    await applyDecisions(cs, decideAll(cs, [
      { target: { kind: 'operation', path: 'lib/util.ts' }, verdict: 'approved' },
      { target: { kind: 'hunk', path: 'lib/util.ts', hunk: 1 }, verdict: 'approved' },
      { target: { kind: 'hunk', path: 'lib/util.ts', hunk: 2 }, verdict: 'rejected' },
    ]));
    assert.equal(await ws.exists('src/util.ts'), false);
    assert.equal((await ws.read('lib/util.ts')).toString(), SERVICE.map((l) => l.replace('JSON.parse(raw);', 'JSON.parse(raw) as Config;')).join('\n') + '\n');
    assert.equal(await ws.mode('lib/util.ts'), 0o600);
  });

  it('a rejected rename keeps the path and still applies approved hunks there', async () => {
    await ws.write('src/util.ts', SERVICE.join('\n') + '\n');
    const cs = await propose([{ path: 'lib/util.ts', renameFrom: 'src/util.ts', content: EDITED.join('\n') + '\n' }]);
    await applyDecisions(cs, decideAll(cs, [
      { target: { kind: 'file', path: 'lib/util.ts' }, verdict: 'approved' },
      { target: { kind: 'operation', path: 'lib/util.ts' }, verdict: 'rejected' },
    ]));
    assert.equal(await ws.exists('lib/util.ts'), false);
    assert.equal((await ws.read('src/util.ts')).toString(), EDITED.join('\n') + '\n');
  });

  it('changes the mode only when the operation is approved', async () => {
    await ws.write('run.sh', '#!/bin/sh\necho hi\n', 0o644);
    const cs = await propose([{ path: 'run.sh', content: '#!/bin/sh\necho hello\n', mode: 0o755 }]);
    await applyDecisions(cs, decideAll(cs, [
      { target: { kind: 'hunk', path: 'run.sh', hunk: 1 }, verdict: 'approved' },
      { target: { kind: 'operation', path: 'run.sh' }, verdict: 'rejected' },
    ]));
    assert.equal(await ws.mode('run.sh'), 0o644);
    assert.equal((await ws.read('run.sh')).toString(), '#!/bin/sh\necho hello\n');
  });

  it('rebases approved hunks onto a file the person edited elsewhere, and marks a clash as a conflict', async () => {
    await ws.write('src/config.ts', SERVICE.join('\n') + '\n');
    const cs = await propose([{ path: 'src/config.ts', content: EDITED.join('\n') + '\n' }]);
    const person = ['// edited by a person', ...SERVICE].join('\n') + '\n';
    await ws.write('src/config.ts', person);
    const all = decideAll(cs, [{ target: { kind: 'changeSet' }, verdict: 'approved' }]);
    const { plan } = await applyDecisions(cs, all);
    assert.equal(plan.steps[0].rebased, true);
    assert.equal((await ws.read('src/config.ts')).toString(), ['// edited by a person', ...EDITED].join('\n') + '\n');

    const cs2 = await propose([{ path: 'src/config.ts', content: ['// edited by a person', ...SERVICE.map((l) => l.replace('8080', '9090'))].join('\n') + '\n' }]);
    const clash = ['// edited by a person', ...EDITED.map((l) => l.replace('8080', '3000'))].join('\n') + '\n';
    await ws.write('src/config.ts', clash);
    const plan2 = await planApply(cs2, decideAll(cs2, [{ target: { kind: 'changeSet' }, verdict: 'approved' }]), fs);
    assert.equal(plan2.conflicts.length, 1);
    assert.equal(plan2.conflicts[0].hunks[0].hunk, 1);
    await assert.rejects(executePlan(plan2, fs, backups), (e) => ApplyError.is(e, 'conflict'));
    assert.equal((await ws.read('src/config.ts')).toString(), clash);
  });

  it('re-checks each file right before writing: an edit after planning is never overwritten', async () => {
    await ws.write('a.txt', 'one\n');
    const cs = await propose([{ path: 'a.txt', content: 'two\n' }]);
    const plan = await planApply(cs, decideAll(cs, [{ target: { kind: 'changeSet' }, verdict: 'approved' }]), fs);
    await ws.write('a.txt', 'one, edited\n');
    await assert.rejects(executePlan(plan, fs, backups), (e) => ApplyError.is(e, 'conflict'));
    assert.equal((await ws.read('a.txt')).toString(), 'one, edited\n');
  });

  it('reverts the last apply from backups, and refuses when a file changed since', async () => {
    await ws.write('src/config.ts', SERVICE.join('\n') + '\n', 0o640);
    await ws.write('old.txt', 'legacy\n');
    const cs = await propose([
      { path: 'src/config.ts', content: EDITED.join('\n') + '\n' },
      { path: 'src/new.ts', content: 'export {};\n' },
      { path: 'old.txt', delete: true },
    ]);
    await applyDecisions(cs, decideAll(cs, [{ target: { kind: 'changeSet' }, verdict: 'approved' }]));
    const reverted = await revertLastApply(fs, backups);
    assert.equal(reverted.changeSetId, cs.id);
    assert.equal((await ws.read('src/config.ts')).toString(), SERVICE.join('\n') + '\n');
    assert.equal(await ws.mode('src/config.ts'), 0o640);
    assert.equal(await ws.exists('src/new.ts'), false);
    assert.equal((await ws.read('old.txt')).toString(), 'legacy\n');
    await assert.rejects(revertLastApply(fs, backups), (e) => ApplyError.is(e, 'nothingToRevert'));

    const cs2 = await propose([{ path: 'src/config.ts', content: EDITED.join('\n') + '\n' }]);
    await applyDecisions(cs2, decideAll(cs2, [{ target: { kind: 'changeSet' }, verdict: 'approved' }]));
    await ws.write('src/config.ts', 'a person kept working\n');
    await assert.rejects(revertLastApply(fs, backups), (e) => ApplyError.is(e, 'changedSinceApply') && /src\/config\.ts/.test(e.message));
    assert.equal((await ws.read('src/config.ts')).toString(), 'a person kept working\n');
  });

  it('writes nothing for pending hunks and reports what it skipped', async () => {
    await ws.write('a.txt', 'one\n');
    const cs = await propose([{ path: 'a.txt', content: 'two\n' }]);
    const plan = await planApply(cs, emptyDecisions(cs), fs);
    assert.deepEqual(plan.steps, []);
    assert.match(plan.skipped[0].reason, /nothing approved/);
  });
});
