import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { SkippedFile } from '../../src/core/scan/input';
import { walkFiles } from '../../src/core/scan/walk';
import { makeTree } from '../helpers/cli';

async function walk(root: string, options = {}): Promise<{ files: string[]; skipped: SkippedFile[] }> {
  const skipped: SkippedFile[] = [];
  const files: string[] = [];
  for await (const file of walkFiles(root, options, skipped)) files.push(file.relativePath);
  return { files, skipped };
}

describe('walkFiles', () => {
  it('honours nested .gitignore files, negations and .agent-guardignore', async () => {
    const root = makeTree({
      '.gitignore': '*.log\nbuild-output/\n',
      'src/.gitignore': 'generated.ts\n!keep.log\n',
      'src/app.ts': '',
      'src/generated.ts': '',
      'src/keep.log': '',
      'debug.log': '',
      'build-output/x.js': '',
      '.agent-guardignore': 'docs/examples/\n',
      'docs/examples/keys.md': '',
      'docs/guide.md': '',
    });
    const { files } = await walk(root);
    assert.deepEqual(files, ['.agent-guardignore', '.gitignore', 'docs/guide.md', 'src/.gitignore', 'src/app.ts', 'src/keep.log']);
  });

  it('skips dependency and build folders and .git by default', async () => {
    const root = makeTree({ 'node_modules/a/index.js': '', '.git/config': '', 'dist/x.js': '', '.venv/lib/y.py': '', 'lib/z.js': '' });
    assert.deepEqual((await walk(root)).files, ['lib/z.js']);
  });

  it('applies user exclude globs', async () => {
    const root = makeTree({ 'a/b.test.ts': '', 'a/b.ts': '' });
    assert.deepEqual((await walk(root, { exclude: ['*.test.ts'] })).files, ['a/b.ts']);
  });

  it('follows a file link inside the root, refuses links leading out, and skips folder links', async () => {
    const outside = makeTree({ 'secret.txt': 'x' });
    const root = makeTree({ 'real/file.ts': '' });
    symlinkSync(path.join(root, 'real/file.ts'), path.join(root, 'inside-link.ts'));
    symlinkSync(path.join(outside, 'secret.txt'), path.join(root, 'outside-link.txt'));
    mkdirSync(path.join(root, 'loop'));
    symlinkSync(root, path.join(root, 'loop/back'));
    const { files, skipped } = await walk(root);
    assert.deepEqual(files, ['inside-link.ts', 'real/file.ts']);
    assert.deepEqual(skipped.map((s) => `${s.file}: ${s.reason}`), ['outside-link.txt: symlink-outside-root']);
  });

  it('stops when aborted', async () => {
    const root = makeTree(Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`f${i}.ts`, ''])));
    const controller = new AbortController();
    const seen: string[] = [];
    for await (const file of walkFiles(root, { signal: controller.signal })) {
      seen.push(file.relativePath);
      if (seen.length === 5) controller.abort();
    }
    assert.equal(seen.length, 5);
  });
});
