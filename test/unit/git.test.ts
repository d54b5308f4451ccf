import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync, mkdirSync, unlinkSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GitError, collectTextChanges, gitRoot, lineSimilarity, listChanges, pairRenames, parseNameStatus, readHeadText } from '../../src/core/git/gitChanges';
import { runWorkerJob } from '../../src/core/scan/workerJob';
import type { WorkerToHost } from '../../src/core/scan/workerProtocol';
import { fakePem } from '../helpers/fakeSecrets';

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

function newRepo(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ag-git-'));
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

describe('parseNameStatus', () => {
  it('reads additions, deletions, modifications, type changes, renames and copies', () => {
    const out = ['A', 'new.ts', 'D', 'gone.ts', 'M', 'changed.ts', 'T', 'link', 'R087', 'old name.ts', 'new:name.ts', 'C100', 'src.ts', 'copy.ts', 'U', 'conflict.ts', ''].join('\0');
    assert.deepEqual(parseNameStatus(out), [
      { status: 'added', path: 'new.ts' },
      { status: 'deleted', path: 'gone.ts' },
      { status: 'modified', path: 'changed.ts' },
      { status: 'modified', path: 'link' },
      { status: 'renamed', path: 'new:name.ts', previousPath: 'old name.ts' },
      { status: 'added', path: 'copy.ts' },
    ]);
  });

  it('returns nothing for empty output and stops at a truncated record', () => {
    assert.deepEqual(parseNameStatus(''), []);
    assert.deepEqual(parseNameStatus('R100\0only-old'), []);
  });
});

describe('git changes on a real repository', () => {
  let repo: string;
  const committedKey = fakePem();
  const newKey = fakePem();

  before(() => {
    repo = newRepo();
    mkdirSync(path.join(repo, 'src'));
    writeFileSync(path.join(repo, 'src/old.ts'), `export const legacy = \`${committedKey}\`;\n`);
    writeFileSync(path.join(repo, 'src/app.ts'), 'export const a = 1;\n');
    writeFileSync(path.join(repo, 'src/delete-me.ts'), 'export const gone = 1;\n');
    writeFileSync(path.join(repo, 'src/move-me.ts'), 'export const moved = 1;\nexport const b = 2;\nexport const c = 3;\n');
    writeFileSync(path.join(repo, '.gitignore'), 'ignored.txt\n');
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'initial');

    // Staged: a new key in app.ts, a rename. Unstaged: a deletion, an untracked file, an ignored file.
    writeFileSync(path.join(repo, 'src/app.ts'), `export const a = 1;\nexport const key = \`${newKey}\`;\n`);
    renameSync(path.join(repo, 'src/move-me.ts'), path.join(repo, 'src/moved.ts'));
    git(repo, 'add', '-A');
    unlinkSync(path.join(repo, 'src/delete-me.ts'));
    writeFileSync(path.join(repo, 'src/untracked.ts'), 'export const u = 1;\n');
    writeFileSync(path.join(repo, 'ignored.txt'), 'never listed\n');
  });

  after(() => rmSync(repo, { recursive: true, force: true }));

  it('finds the repository root from a subfolder', async () => {
    assert.equal(await gitRoot(path.join(repo, 'src')), execFileSync('git', ['rev-parse', '--show-toplevel'], { cwd: repo, encoding: 'utf8' }).trim());
  });

  it('lists staged changes only for the staged scope, renames paired', async () => {
    const staged = await listChanges(repo, 'staged');
    assert.deepEqual(staged, [
      { status: 'modified', path: 'src/app.ts' },
      { status: 'renamed', path: 'src/moved.ts', previousPath: 'src/move-me.ts' },
    ]);
  });

  it('lists uncommitted changes: staged, unstaged deletions and untracked files, never ignored ones', async () => {
    const changes = await listChanges(repo, 'uncommitted');
    assert.deepEqual(changes.map((c) => `${c.status}:${c.path}`), ['modified:src/app.ts', 'deleted:src/delete-me.ts', 'renamed:src/moved.ts', 'added:src/untracked.ts']);
  });

  it('reads before texts from HEAD and after texts from the index or the working tree', async () => {
    const { changes, skipped } = await collectTextChanges(repo, 'uncommitted');
    assert.deepEqual(skipped, []);
    const byPath = new Map(changes.map((c) => [c.path, c]));
    assert.equal(byPath.get('src/app.ts')!.before, 'export const a = 1;\n');
    assert.match(byPath.get('src/app.ts')!.after!, /BEGIN RSA PRIVATE KEY/);
    assert.equal(byPath.get('src/delete-me.ts')!.after, undefined);
    assert.equal(byPath.get('src/delete-me.ts')!.before, 'export const gone = 1;\n');
    assert.equal(byPath.get('src/moved.ts')!.previousPath, 'src/move-me.ts');
    assert.equal(byPath.get('src/moved.ts')!.before, byPath.get('src/moved.ts')!.after);
    assert.equal(byPath.get('src/untracked.ts')!.before, undefined);
  });

  it('reads a file at HEAD, and nothing for a file HEAD lacks', async () => {
    assert.equal(await readHeadText(repo, 'src/app.ts'), 'export const a = 1;\n');
    assert.equal(await readHeadText(repo, 'src/untracked.ts'), undefined);
  });

  it('a worker git job reports only the key the change introduces, not the committed one', async () => {
    const messages: WorkerToHost[] = [];
    await runWorkerJob({ kind: 'git', scope: 'uncommitted', roots: [{ index: 0, path: repo }], settings: {} }, (m) => messages.push(m), new AbortController().signal);
    const done = messages.find((m) => m.type === 'done');
    assert.ok(done && done.type === 'done', JSON.stringify(messages.filter((m) => m.type === 'failed')));
    const findings = done.results[0].findings;
    assert.deepEqual(findings.map((f) => `${f.file}:${f.range.startLine}:${f.ruleId}`), ['src/app.ts:2:secrets/private-key']);
    assert.ok(messages.some((m) => m.type === 'progress' && m.total === 4));
  });

  it('a staged job ignores an unstaged key', async () => {
    writeFileSync(path.join(repo, 'src/untracked.ts'), `export const k = \`${fakePem()}\`;\n`);
    const messages: WorkerToHost[] = [];
    await runWorkerJob({ kind: 'git', scope: 'staged', roots: [{ index: 0, path: repo }], settings: {} }, (m) => messages.push(m), new AbortController().signal);
    const done = messages.find((m) => m.type === 'done');
    assert.ok(done && done.type === 'done');
    assert.deepEqual(done.results[0].findings.map((f) => f.file), ['src/app.ts']);
  });

  it('never runs a program named by the repository config (core.fsmonitor)', async () => {
    const marker = path.join(repo, 'fsmonitor-ran');
    git(repo, 'config', 'core.fsmonitor', `touch '${marker}'; false`);
    try {
      await listChanges(repo, 'uncommitted');
      assert.throws(() => execFileSync('test', ['-e', marker]), 'the fsmonitor hook ran');
    } finally {
      git(repo, 'config', '--unset', 'core.fsmonitor');
    }
  });
});

describe('git edge cases', () => {
  it('pairs a file moved in the working tree (deleted plus untracked) as a rename, so its old key is not new', async () => {
    const repo = newRepo();
    try {
      writeFileSync(path.join(repo, 'old.ts'), `export const k = \`${fakePem()}\`;\nexport const a = 1;\n`);
      git(repo, 'add', '-A');
      git(repo, 'commit', '-q', '-m', 'initial');
      renameSync(path.join(repo, 'old.ts'), path.join(repo, 'new.ts'));
      const { changes } = await collectTextChanges(repo, 'uncommitted');
      assert.deepEqual(changes.map((c) => `${c.previousPath}->${c.path}`), ['old.ts->new.ts']);
      const messages: WorkerToHost[] = [];
      await runWorkerJob({ kind: 'git', scope: 'uncommitted', roots: [{ index: 0, path: repo }], settings: {} }, (m) => messages.push(m), new AbortController().signal);
      const done = messages.find((m) => m.type === 'done');
      assert.ok(done && done.type === 'done');
      assert.deepEqual(done.results[0].findings, []);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('keeps an unrelated deletion and addition apart', () => {
    const changes = pairRenames([
      { path: 'a.ts', before: 'one\ntwo\nthree\n' },
      { path: 'b.ts', after: 'completely\ndifferent\ncontent\n' },
    ]);
    assert.equal(changes.length, 2);
    assert.equal(lineSimilarity('a\nb\nc\nd', 'a\nb\nc\nx'), 0.75);
  });

  it('a repository without commits treats every file as added', async () => {
    const repo = newRepo();
    try {
      writeFileSync(path.join(repo, 'first.ts'), 'export {};\n');
      git(repo, 'add', '-A');
      const { changes } = await collectTextChanges(repo, 'staged');
      assert.deepEqual(changes, [{ path: 'first.ts', previousPath: undefined, before: undefined, after: 'export {};\n' }]);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('binary and oversized files become skip entries, not errors', async () => {
    const repo = newRepo();
    try {
      writeFileSync(path.join(repo, 'image.bin'), Buffer.from([0, 1, 2, 0, 3]));
      writeFileSync(path.join(repo, 'big.txt'), 'x'.repeat(5000));
      const { changes, skipped } = await collectTextChanges(repo, 'uncommitted', { maxFileBytes: 1000 });
      assert.deepEqual(changes, []);
      assert.deepEqual(skipped.map((s) => `${s.file}:${s.reason}`).sort(), ['big.txt:too-large', 'image.bin:binary']);
    } finally {
      rmSync(repo, { recursive: true, force: true });
    }
  });

  it('outside a repository it fails with a reason, not a message to match', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ag-nogit-'));
    try {
      await assert.rejects(gitRoot(dir), (error) => GitError.is(error, 'not-a-repository'));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// The worker's workspace job shares the runner with git jobs: the same settings, suppressions and cancellation.
describe('worker workspace job', () => {
  async function run(root: string, settings: Record<string, unknown> = {}, signal = new AbortController().signal) {
    const messages: WorkerToHost[] = [];
    await runWorkerJob({ kind: 'workspace', roots: [{ index: 3, path: root }], settings }, (m) => messages.push(m), signal);
    const done = messages.find((m) => m.type === 'done');
    assert.ok(done && done.type === 'done', JSON.stringify(messages.find((m) => m.type === 'failed')));
    return { done, messages };
  }

  function workspace(): string {
    const dir = mkdtempSync(path.join(tmpdir(), 'ag-ws-'));
    mkdirSync(path.join(dir, 'src/gen'), { recursive: true });
    mkdirSync(path.join(dir, 'vendored'), { recursive: true });
    writeFileSync(path.join(dir, 'src/a.ts'), `export const k = \`${fakePem()}\`;\n`);
    writeFileSync(path.join(dir, 'src/b.ts'), `// one\nexport const k = \`${fakePem()}\`;\n`);
    writeFileSync(path.join(dir, 'src/gen/c.ts'), `export const k = \`${fakePem()}\`;\n`);
    writeFileSync(path.join(dir, 'vendored/d.ts'), `export const k = \`${fakePem()}\`;\n`);
    writeFileSync(path.join(dir, '.agent-guardignore'), 'vendored/\n');
    return dir;
  }

  it('reports findings relative to the root, with progress totals, honouring .agent-guardignore and exclude', async () => {
    const dir = workspace();
    try {
      const { done, messages } = await run(dir, { exclude: ['src/gen/**'] });
      const [result] = done.results;
      assert.equal(result.index, 3);
      assert.deepEqual(result.findings.map((f) => f.file), ['src/a.ts', 'src/b.ts']);
      assert.ok(messages.some((m) => m.type === 'progress' && m.total === 3 && m.done === 3));
      assert.equal(done.cancelled, false);
      const all = await run(dir, { respectAgentGuardIgnore: false });
      assert.ok(all.done.results[0].findings.some((f) => f.file === 'vendored/d.ts'), 'an untrusted workspace does not get to hide files');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('applies the root baseline and .gitleaksignore unless told not to', async () => {
    const dir = workspace();
    try {
      const first = await run(dir);
      const a = first.done.results[0].findings.find((f) => f.file === 'src/a.ts')!;
      writeFileSync(path.join(dir, '.agent-guard-baseline.json'), JSON.stringify({ version: 1, createdAt: '', findings: [{ fingerprint: a.fingerprint, ruleId: a.ruleId, file: a.file }] }));
      writeFileSync(path.join(dir, '.gitleaksignore'), 'src/b.ts:private-key:2\n');
      const suppressed = await run(dir);
      assert.deepEqual(suppressed.done.results[0].findings.map((f) => f.file), ['src/gen/c.ts']);
      assert.equal(suppressed.done.results[0].summary.suppressed, 2);
      assert.equal(suppressed.done.results[0].summary.findings, 1);
      const untrusted = await run(dir, { useBaseline: false, useGitleaksIgnore: false });
      assert.equal(untrusted.done.results[0].findings.length, 3);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('stops when cancelled and says the result is partial', async () => {
    const dir = workspace();
    try {
      const controller = new AbortController();
      controller.abort();
      const { done } = await run(dir, {}, controller.signal);
      assert.equal(done.cancelled, true);
      assert.equal(done.results[0].summary.filesScanned, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
