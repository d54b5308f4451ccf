import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { NodeWorkspaceFs } from '../../../src/core/fs/workspaceFs';
import { applyEdits, buildChangeSet } from '../../../src/core/review/build';
import { ChangeSetError } from '../../../src/core/review/errors';
import { fakePem } from '../../helpers/fakeSecrets';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const USERS = [
  "import { db } from './db';",
  '',
  'export async function listUsers() {',
  "  return db.query('SELECT id, name FROM users');",
  '}',
  '',
].join('\n');

describe('change-set builder', () => {
  let ws: TempWorkspace;
  let fs: NodeWorkspaceFs;
  before(async () => {
    ws = await tempWorkspace();
    fs = new NodeWorkspaceFs(ws.root);
    await ws.write('src/users.ts', USERS);
    await ws.write('src/crlf.ts', USERS.replace(/\n/g, '\r\n'));
    await ws.write('src/bom.ts', `\uFEFF${USERS}`);
    await ws.write('scripts/run.sh', '#!/bin/sh\necho hi\n', 0o755);
    await ws.write('assets/logo.png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1, 2, 3]));
  });
  after(() => ws.dispose());

  it('builds files, hunks, findings mapped to hunks and a one-line risk summary', async () => {
    const pem = fakePem();
    const cs = await buildChangeSet(
      {
        source: { channel: 'hook', agent: 'Claude Code', session: 's1', message: 'add signing' },
        files: [
          { path: 'src/users.ts', edits: [{ oldText: "  return db.query('SELECT id, name FROM users');", newText: "  return db.query('SELECT id, name, email FROM users');" }] },
          { path: 'src/sign.ts', content: `export const KEY = \`${pem}\`;\n` },
        ],
      },
      fs,
      { now: () => new Date('2026-01-02T03:04:05Z') },
    );
    assert.match(cs.id, /^cs-20260102T030405Z-[0-9a-f]{8}$/);
    assert.equal(cs.files.length, 2);
    const [users, sign] = cs.files;
    assert.equal(users.status, 'modified');
    assert.equal(users.hunks.length, 1);
    assert.equal(users.risk, 'none');
    assert.equal(sign.status, 'added');
    assert.equal(sign.hunks[0].findings[0].ruleId, 'secrets/private-key');
    assert.equal(sign.hunks[0].risk, 'critical');
    assert.equal(cs.risk, 'critical');
    assert.match(cs.summary, /^2 files, 2 hunks; CRITICAL: .+ in src\/sign\.ts:1$/);
    assert.equal(cs.stats.bySeverity.critical, 1);
    assert.ok(!JSON.stringify(cs.files.flatMap((f) => f.hunks.flatMap((h) => h.findings))).includes(pem.split('\n')[1]));
  });

  it('keeps the file encoding: CRLF edits with LF oldText, and the BOM', async () => {
    const cs = await buildChangeSet(
      { source: { channel: 'api' }, files: [
        { path: 'src/crlf.ts', edits: [{ oldText: 'export async function listUsers() {\n  return', newText: 'export async function listUsers(limit = 50) {\n  return' }] },
        { path: 'src/bom.ts', content: USERS.replace('listUsers', 'allUsers') },
      ] },
      fs,
    );
    assert.equal(cs.files[0].after!.text, USERS.replace(/\n/g, '\r\n').replace('listUsers()', 'listUsers(limit = 50)'));
    assert.equal(cs.files[1].after!.bom, true);
    assert.equal(cs.files[1].operation, undefined);
  });

  it('refuses oldText that is missing or not unique, with the edit number', async () => {
    await assert.rejects(buildChangeSet({ source: { channel: 'tool' }, files: [{ path: 'src/users.ts', edits: [{ oldText: 'nowhere', newText: 'x' }] }] }, fs), (e) => ChangeSetError.is(e, 'oldTextNotFound') && /edit 1 of 1/.test(e.message));
    assert.throws(() => applyEdits('a.ts', 'x = 1; x = 1;', [{ oldText: 'x = 1', newText: 'y' }]), (e) => ChangeSetError.is(e, 'oldTextNotUnique') && /2 times/.test(e.message));
    assert.equal(applyEdits('a.ts', 'x = 1; x = 1;', [{ oldText: 'x = 1', newText: 'y', replaceAll: true }]), 'y; y;');
    assert.equal(applyEdits('a.ts', 'a', [{ oldText: 'a', newText: '$& $1' }]), '$& $1');
  });

  it('marks a rename, a mode change and binary content as the file operation', async () => {
    const cs = await buildChangeSet(
      { source: { channel: 'api' }, files: [
        { path: 'lib/users.ts', renameFrom: 'src/users.ts' },
        { path: 'scripts/run.sh', content: '#!/bin/sh\necho hello\n', mode: 0o644 },
        { path: 'assets/logo.png', contentBase64: Buffer.from([0x89, 0x50, 0, 9]).toString('base64') },
      ] },
      fs,
    );
    const [moved, script, logo] = cs.files;
    assert.equal(moved.status, 'renamed');
    assert.deepEqual(moved.operation?.kinds, ['rename']);
    assert.equal(moved.hunks.length, 0);
    assert.deepEqual(script.operation?.kinds, ['mode']);
    assert.match(script.operation!.description, /mode 755 → 644/);
    assert.equal(logo.kind, 'binary');
    assert.deepEqual(logo.operation?.kinds, ['binary']);
  });

  it('lists proposals that change nothing as unchanged', async () => {
    const cs = await buildChangeSet({ source: { channel: 'api' }, files: [{ path: 'src/users.ts', content: USERS }] }, fs);
    assert.deepEqual(cs.files, []);
    assert.deepEqual(cs.unchanged, ['src/users.ts']);
    assert.equal(cs.summary, '0 files, 0 hunks; no findings');
  });

  it('refuses a delete or edit of a missing file, and a rename onto an existing one', async () => {
    await assert.rejects(buildChangeSet({ source: { channel: 'api' }, files: [{ path: 'nope.ts', delete: true }] }, fs), (e) => ChangeSetError.is(e, 'fileNotFound'));
    await assert.rejects(buildChangeSet({ source: { channel: 'api' }, files: [{ path: 'nope.ts', edits: [{ oldText: 'a', newText: 'b' }] }] }, fs), (e) => ChangeSetError.is(e, 'fileNotFound'));
    await assert.rejects(buildChangeSet({ source: { channel: 'api' }, files: [{ path: 'src/bom.ts', renameFrom: 'src/crlf.ts' }] }, fs), (e) => ChangeSetError.is(e, 'fileExists'));
  });

  it('creates a file from an Edit with empty oldText, like Claude Code does', async () => {
    const cs = await buildChangeSet({ source: { channel: 'hook' }, files: [{ path: 'src/new.ts', edits: [{ oldText: '', newText: 'export {};\n' }] }] }, fs);
    assert.equal(cs.files[0].status, 'added');
  });
});
