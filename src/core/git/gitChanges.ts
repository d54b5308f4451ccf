import { execFile } from 'node:child_process';
import { lstat, readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import type { FileChangeStatus } from '../model/change';
import type { TextChange } from '../scan/diffScan';
import type { SkippedFile } from '../scan/input';
import { DEFAULT_MAX_FILE_BYTES, ScanInputError, decodeForScan, formatBytes } from '../scan/input';

/** Which changes to read: everything not yet committed (index and working tree, untracked included), or only the index. */
export type GitChangeScope = 'uncommitted' | 'staged';

/** One path that differs from HEAD, as `git diff --name-status` reports it. */
export interface GitFileChange {
  status: FileChangeStatus;
  /** Path relative to the repository root, forward slashes. */
  path: string;
  /** The old path of a rename. */
  previousPath?: string;
}

export type GitErrorReason = 'git-missing' | 'not-a-repository' | 'failed';

/** A git failure with a reason callers can branch on (`GitError.is(e, 'not-a-repository')`). */
export class GitError extends Error {
  constructor(readonly reason: GitErrorReason, message: string) {
    super(message);
    this.name = 'GitError';
  }

  static is(error: unknown, reason?: GitErrorReason): error is GitError {
    return error instanceof GitError && (reason === undefined || error.reason === reason);
  }
}

/** The hash of git's empty tree: the "before" of a repository that has no commit yet. */
export const EMPTY_TREE = '4b825dc642cb6eb9a060e54bf8d69288fbee4904';

// A repository's own config may name programs git runs (fsmonitor hooks, external diff drivers, textconv).
// They are switched off so that reading a change never runs code from the repository.
const SAFE_CONFIG = ['-c', 'core.fsmonitor=false', '-c', 'core.quotepath=off', '-c', 'diff.external=', '-c', 'core.untrackedCache=false'];

export interface GitRunOptions {
  /** Largest output accepted, in bytes. */
  maxBytes?: number;
  signal?: AbortSignal;
}

/** Runs git with the hardening flags and returns stdout as bytes. */
export function runGit(cwd: string, args: readonly string[], options: GitRunOptions = {}): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      [...SAFE_CONFIG, ...args],
      {
        cwd,
        encoding: 'buffer',
        maxBuffer: options.maxBytes ?? 64 * 1024 * 1024,
        signal: options.signal,
        windowsHide: true,
        env: { ...process.env, GIT_OPTIONAL_LOCKS: '0', LC_ALL: 'C', GIT_TERMINAL_PROMPT: '0' },
      },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOENT') return reject(new GitError('git-missing', 'git was not found on PATH'));
        const text = Buffer.isBuffer(stderr) ? stderr.toString('utf8') : String(stderr ?? '');
        if (/not a git repository/i.test(text)) return reject(new GitError('not-a-repository', `${cwd} is not inside a git repository`));
        if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER') return reject(new GitError('failed', `git ${args[0]}: output over ${formatBytes(options.maxBytes ?? 0)}`));
        reject(new GitError('failed', `git ${args[0]} failed: ${firstLine(text) || error.message}`));
      },
    );
  });
}

/** The top folder of the repository holding `cwd`. */
export async function gitRoot(cwd: string): Promise<string> {
  return (await runGit(cwd, ['rev-parse', '--show-toplevel'])).toString('utf8').trim();
}

/** The commit HEAD names, or the empty tree when the repository has no commit yet. */
export async function headOrEmptyTree(root: string): Promise<string> {
  try {
    await runGit(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
    return 'HEAD';
  } catch (error) {
    if (GitError.is(error, 'failed')) return EMPTY_TREE;
    throw error;
  }
}

/**
 * Parses `git diff --name-status -z` output: `S\0path\0` or, for renames and copies, `R100\0old\0new\0`.
 * Copies count as additions (the copy's content is new in its place).
 */
export function parseNameStatus(output: string): GitFileChange[] {
  const parts = output.split('\0');
  const changes: GitFileChange[] = [];
  for (let i = 0; i < parts.length; ) {
    const code = parts[i++];
    if (!code) continue;
    const kind = code[0];
    if (kind === 'R' || kind === 'C') {
      const from = parts[i++];
      const to = parts[i++];
      if (from === undefined || to === undefined) break;
      changes.push(kind === 'R' ? { status: 'renamed', path: to, previousPath: from } : { status: 'added', path: to });
      continue;
    }
    const path = parts[i++];
    if (path === undefined) break;
    switch (kind) {
      case 'A':
        changes.push({ status: 'added', path });
        break;
      case 'D':
        changes.push({ status: 'deleted', path });
        break;
      case 'M':
      case 'T':
        changes.push({ status: 'modified', path });
        break;
      // 'U' (unmerged) and 'X' (unknown) carry no content git can show reliably; they are left out.
      default:
        break;
    }
  }
  return changes;
}

/** Lists what differs from HEAD: staged changes only, or staged plus unstaged plus untracked files. */
export async function listChanges(root: string, scope: GitChangeScope, signal?: AbortSignal): Promise<GitFileChange[]> {
  const base = await headOrEmptyTree(root);
  const diffArgs = ['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', '--ignore-submodules'];
  const listed = parseNameStatus(
    (await runGit(root, scope === 'staged' ? [...diffArgs, '--cached', base, '--'] : [...diffArgs, base, '--'], { signal })).toString('utf8'),
  );
  if (scope === 'uncommitted') {
    const untracked = (await runGit(root, ['ls-files', '--others', '--exclude-standard', '-z'], { signal })).toString('utf8');
    const known = new Set(listed.map((c) => c.path));
    for (const path of untracked.split('\0')) if (path && !known.has(path)) listed.push({ status: 'added', path });
  }
  return listed.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface CollectOptions {
  maxFileBytes?: number;
  signal?: AbortSignal;
}

/**
 * Reads the before text (from HEAD) and the after text (the index for `staged`, the working tree for
 * `uncommitted`) of every changed file. Binary, oversized and unreadable files become skip entries.
 */
export async function collectTextChanges(
  root: string,
  scope: GitChangeScope,
  options: CollectOptions = {},
): Promise<{ changes: TextChange[]; skipped: SkippedFile[] }> {
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const base = await headOrEmptyTree(root);
  const skipped: SkippedFile[] = [];
  const changes: TextChange[] = [];
  for (const change of await listChanges(root, scope, options.signal)) {
    if (options.signal?.aborted) break;
    try {
      const beforePath = change.previousPath ?? change.path;
      const before = change.status === 'added' || base === EMPTY_TREE ? undefined : await showBlob(root, `${base}:${beforePath}`, beforePath, maxBytes);
      let after: string | undefined;
      if (change.status !== 'deleted') {
        after = scope === 'staged' ? await showBlob(root, `:${change.path}`, change.path, maxBytes) : await readWorkingFile(root, change.path, maxBytes);
      }
      if (change.status === 'deleted' && before === undefined) continue;
      changes.push({ path: change.path, previousPath: change.previousPath, before, after });
    } catch (error) {
      skipped.push(toSkip(change.path, error));
    }
  }
  return { changes: pairRenames(changes), skipped };
}

/** Share of lines two texts have in common, as git's rename detection would judge it (0–1). */
export function lineSimilarity(a: string, b: string): number {
  // Blank lines say nothing about identity: two one-line files would otherwise be "50% alike".
  const left = a.split('\n').filter((line) => line.trim() !== '');
  const right = b.split('\n').filter((line) => line.trim() !== '');
  if (left.length === 0 || right.length === 0) return a === b ? 1 : 0;
  const counts = new Map<string, number>();
  for (const line of left) counts.set(line, (counts.get(line) ?? 0) + 1);
  let common = 0;
  for (const line of right) {
    const n = counts.get(line) ?? 0;
    if (n > 0) {
      common++;
      counts.set(line, n - 1);
    }
  }
  return common / Math.max(left.length, right.length);
}

/**
 * Git sees a file moved in the working tree (not yet staged) as a deletion plus an untracked file.
 * Pairs them as a rename when the contents are at least 50% alike (git's default), so only the lines
 * the move changed count as new.
 */
export function pairRenames(changes: TextChange[]): TextChange[] {
  const deleted = changes.filter((c) => c.after === undefined && c.before !== undefined);
  const added = changes.filter((c) => c.before === undefined && c.after !== undefined && !c.previousPath);
  if (deleted.length === 0 || added.length === 0 || deleted.length * added.length > 40_000) return changes;
  const consumed = new Set<TextChange>();
  const renamed = new Map<TextChange, TextChange>();
  for (const addition of added) {
    let best: TextChange | undefined;
    let bestScore = 0.5;
    for (const deletion of deleted) {
      if (consumed.has(deletion)) continue;
      const score = deletion.before === addition.after ? 1 : lineSimilarity(deletion.before!, addition.after!);
      if (score >= bestScore) {
        best = deletion;
        bestScore = score;
      }
      if (score === 1) break;
    }
    if (best) {
      consumed.add(best);
      renamed.set(addition, best);
    }
  }
  return changes
    .filter((c) => !consumed.has(c))
    .map((c) => {
      const source = renamed.get(c);
      return source ? { path: c.path, previousPath: source.path, before: source.before, after: c.after } : c;
    });
}

/** The text of a file at HEAD, or undefined when HEAD lacks it (new file, no commit yet, not a repository). */
export async function readHeadText(root: string, relativePath: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<string | undefined> {
  try {
    const base = await headOrEmptyTree(root);
    if (base === EMPTY_TREE) return undefined;
    return await showBlob(root, `HEAD:${relativePath}`, relativePath, maxBytes);
  } catch {
    return undefined;
  }
}

async function showBlob(root: string, spec: string, path: string, maxBytes: number): Promise<string> {
  try {
    const bytes = await runGit(root, ['cat-file', 'blob', spec], { maxBytes: maxBytes + 1 });
    return decodeForScan(path, bytes, maxBytes);
  } catch (error) {
    if (GitError.is(error, 'failed') && /output over/.test(error.message)) {
      throw new ScanInputError('too-large', `${path}: over the ${formatBytes(maxBytes)} limit`);
    }
    throw error;
  }
}

async function readWorkingFile(root: string, path: string, maxBytes: number): Promise<string | undefined> {
  const absolute = nodePath.join(root, ...path.split('/'));
  const info = await lstat(absolute);
  // A symbolic link's "content" is its target path; git tracks that, the scanner has nothing to read.
  if (info.isSymbolicLink()) return '';
  if (info.size > maxBytes) throw new ScanInputError('too-large', `${path}: ${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit`);
  return decodeForScan(path, await readFile(absolute), maxBytes);
}

function toSkip(path: string, error: unknown): SkippedFile {
  if (ScanInputError.is(error)) return { file: path, reason: error.reason, detail: error.message };
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return { file: path, reason: 'not-found', detail: `${path}: no such file` };
  return { file: path, reason: 'unreadable', detail: `${path}: ${error instanceof Error ? error.message : 'cannot be read'}` };
}

function firstLine(text: string): string {
  return text.split('\n').find((line) => line.trim())?.trim() ?? '';
}
