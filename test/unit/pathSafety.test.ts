import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { checkRelativePath, resolveInWorkspace } from '../../src/core/fs/pathSafety';
import { NodeWorkspaceFs } from '../../src/core/fs/workspaceFs';
import { buildChangeSet } from '../../src/core/review/build';
import type { ChangeSetErrorReason } from '../../src/core/review/errors';
import { ChangeSetError, PATH_REASONS } from '../../src/core/review/errors';
import type { TempWorkspace } from '../helpers/tempWorkspace';
import { tempWorkspace } from '../helpers/tempWorkspace';

describe('path safety: syntax', () => {
  const refused: [string, string][] = [
    ['../outside.txt', 'pathOutsideWorkspace'],
    ['src/../../etc/passwd', 'pathOutsideWorkspace'],
    ['..\\..\\windows\\win.ini', 'pathOutsideWorkspace'],
    ['/etc/passwd', 'absolutePath'],
    ['~/.ssh/authorized_keys', 'absolutePath'],
    ['C:\\Windows\\System32\\drivers\\etc\\hosts', 'absolutePath'],
    ['c:relative-to-drive.txt', 'absolutePath'],
    ['\\\\server\\share\\x.txt', 'uncPath'],
    ['//server/share/x.txt', 'uncPath'],
    ['\\\\?\\C:\\x', 'uncPath'],
    ['.git/hooks/pre-commit', 'gitDirectory'],
    ['sub/.GIT/config', 'gitDirectory'],
    ['.git./hooks/post-checkout', 'gitDirectory'],
    ['vendor/lib/.git', 'gitDirectory'],
    ['src/a\u0000.ts', 'controlCharacter'],
    ['src/a\nb.ts', 'controlCharacter'],
    ['src/\u001b[31mred.ts', 'controlCharacter'],
    ['docs/invoice\u202Efdp.exe', 'controlCharacter'],
    ['src/app\u200b.ts', 'controlCharacter'],
    ['', 'invalidPath'],
    ['.', 'invalidPath'],
    ['src/file.ts:stream', 'invalidPath'],
    ['src/NUL.txt', 'invalidPath'],
    ['con', 'invalidPath'],
    ['src/app.ts.', 'invalidPath'],
    ['src /app.ts', 'invalidPath'],
  ];
  for (const [raw, reason] of refused) {
    it(`refuses ${JSON.stringify(raw)} as ${reason}`, () => {
      const result = checkRelativePath(raw);
      assert.equal(result.ok, false);
      assert.equal(!result.ok && result.reason, reason);
      // The message quotes the path, so control characters never reach a terminal raw.
      assert.ok(!result.ok && !/[\u0000\n\u001b\u202e\u200b]/.test(result.message));
    });
  }

  it('normalizes what it accepts', () => {
    assert.deepEqual(checkRelativePath('src\\api\\users.ts'), { ok: true, path: 'src/api/users.ts' });
    assert.deepEqual(checkRelativePath('./src//a/../b.ts'), { ok: true, path: 'src/b.ts' });
    assert.deepEqual(checkRelativePath('.github/workflows/ci.yml'), { ok: true, path: '.github/workflows/ci.yml' });
    assert.deepEqual(checkRelativePath('.gitignore'), { ok: true, path: '.gitignore' });
    assert.deepEqual(checkRelativePath('~notes.md'), { ok: true, path: '~notes.md' });
  });
});

describe('path safety: on disk', () => {
  let ws: TempWorkspace;
  let outside: string;
  before(async () => {
    ws = await tempWorkspace();
    outside = await mkdtemp(path.join(tmpdir(), 'ag-outside-'));
    await ws.write('src/index.ts', 'export {};\n');
    await ws.write('.git/config', '[core]\n');
    await symlink(outside, path.join(ws.root, 'escape'));
    await symlink(path.join(outside, 'secret.txt'), path.join(ws.root, 'leak.txt'));
    await symlink(path.join(ws.root, 'src'), path.join(ws.root, 'srclink'));
    await symlink(path.join(ws.root, '.git'), path.join(ws.root, 'gitlink'));
    await symlink(path.join(ws.root, 'missing-target'), path.join(ws.root, 'dangling'));
  });
  after(async () => {
    await ws.dispose();
    await rm(outside, { recursive: true, force: true });
  });

  it('refuses a real symbolic link that leads out, for a file through it and for the link itself', async () => {
    const through = await resolveInWorkspace(ws.root, 'escape/planted.sh');
    assert.equal(!through.ok && through.reason, 'symlinkOutsideWorkspace');
    const direct = await resolveInWorkspace(ws.root, 'leak.txt');
    assert.equal(!direct.ok && direct.reason, 'symlinkOutsideWorkspace');
  });

  it('refuses links into .git and dangling links; follows links that stay inside', async () => {
    const git = await resolveInWorkspace(ws.root, 'gitlink/hooks/pre-commit');
    assert.equal(!git.ok && git.reason, 'gitDirectory');
    const dangling = await resolveInWorkspace(ws.root, 'dangling');
    assert.equal(!dangling.ok && dangling.reason, 'symlinkOutsideWorkspace');
    const inside = await resolveInWorkspace(ws.root, 'srclink/index.ts');
    assert.ok(inside.ok && inside.viaSymlink && inside.absolutePath.endsWith(path.join('src', 'index.ts')));
  });

  describe('a proposal with bad input is refused whole, and nothing is written', () => {
    const fsOf = () => new NodeWorkspaceFs(ws.root);
    const cases: [string, () => Parameters<typeof buildChangeSet>[0], ChangeSetErrorReason][] = [
      ['a path outside', () => ({ source: { channel: 'api' }, files: [{ path: 'src/ok.ts', content: 'x' }, { path: '../evil.ts', content: 'x' }] }), 'pathOutsideWorkspace'],
      ['a symlink out', () => ({ source: { channel: 'api' }, files: [{ path: 'escape/evil.sh', content: 'x' }] }), 'symlinkOutsideWorkspace'],
      ['a path into .git', () => ({ source: { channel: 'api' }, files: [{ path: '.git/hooks/pre-commit', content: 'x' }] }), 'gitDirectory'],
      ['two entries for one path', () => ({ source: { channel: 'api' }, files: [{ path: 'src/a.ts', content: 'x' }, { path: 'src/./a.ts', content: 'y' }] }), 'duplicatePath'],
      ['two spellings of one path', () => ({ source: { channel: 'api' }, files: [{ path: 'README.md', content: 'x' }, { path: 'readme.md', content: 'y' }] }), 'duplicatePath'],
      ['two Unicode forms of one name', () => ({ source: { channel: 'api' }, files: [{ path: 'caf\u00e9.md', content: 'x' }, { path: 'cafe\u0301.md', content: 'y' }] }), 'duplicatePath'],
      ['content over the limit', () => ({ source: { channel: 'api' }, files: [{ path: 'big.txt', content: 'x'.repeat(2000) }] }), 'tooLarge'],
      ['invalid UTF-8 declared as text', () => ({ source: { channel: 'api' }, files: [{ path: 'a.txt', contentBase64: Buffer.from([0x61, 0xc3, 0x28]).toString('base64'), encoding: 'utf-8' }] }), 'invalidUtf8'],
      ['a lone surrogate in text', () => ({ source: { channel: 'api' }, files: [{ path: 'a.txt', content: 'bad \uD800 text' }] }), 'invalidUtf8'],
      ['too many files', () => ({ source: { channel: 'api' }, files: Array.from({ length: 11 }, (_, i) => ({ path: `f${i}.txt`, content: 'x' })) }), 'tooManyFiles'],
      ['a NUL in a path', () => ({ source: { channel: 'api' }, files: [{ path: 'a\u0000b', content: 'x' }] }), 'controlCharacter'],
      ['a UNC path', () => ({ source: { channel: 'api' }, files: [{ path: '\\\\host\\share\\a', content: 'x' }] }), 'uncPath'],
    ];
    for (const [name, input, reason] of cases) {
      it(`${name} → ${reason}`, async () => {
        await assert.rejects(buildChangeSet(input(), fsOf(), { limits: { maxFiles: 10, maxFileBytes: 1000 } }), (e) => ChangeSetError.is(e, reason) && ChangeSetError.isPathRefusal(e) === PATH_REASONS.some((r) => r === reason));
        assert.equal(await ws.exists('src/ok.ts'), false);
      });
    }
  });
});
