import { lstat, readdir, readFile, realpath, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { isInsideRoot } from '../fs/pathSafety';
import type { SkippedFile } from './input';

/**
 * Folders that hold other people's code or build output. Skipped by default: scanning them is slow and
 * their findings are not the user's to fix.
 */
export const DEFAULT_SKIPPED_DIRECTORIES: readonly string[] = [
  '.git', '.hg', '.svn', 'node_modules', 'bower_components', 'jspm_packages', '.yarn', '.pnpm-store',
  'vendor', 'third_party', '.venv', 'venv', 'env', '__pycache__', '.tox', '.nox', '.mypy_cache', '.pytest_cache',
  '.ruff_cache', 'site-packages', 'dist', 'build', 'out', 'target', '.next', '.nuxt', '.svelte-kit', '.output',
  '.turbo', '.parcel-cache', '.cache', 'coverage', '.gradle', '.idea', '.vscode-test', '.terraform',
];

export interface WalkOptions {
  /** Extra gitignore-syntax patterns to leave out. */
  exclude?: readonly string[];
  /** Folder names to skip; DEFAULT_SKIPPED_DIRECTORIES when absent. */
  skipDirectories?: readonly string[];
  /** Honour .gitignore files (default true). */
  respectGitignore?: boolean;
  /** Honour .agent-guardignore files (default true). */
  respectAgentGuardIgnore?: boolean;
  signal?: AbortSignal;
}

/** A file the walk found: its absolute path and its path relative to the root with forward slashes. */
export interface WalkedFile {
  absolutePath: string;
  relativePath: string;
}

interface IgnoreLayer {
  base: string;
  matcher: Ignore;
}

/**
 * Yields the files under `root`, depth first in name order. Symbolic links are never followed out of
 * the root: a link to a file inside the root is scanned, a link leading out or to a folder is reported skipped.
 */
export async function* walkFiles(root: string, options: WalkOptions = {}, skipped: SkippedFile[] = []): AsyncGenerator<WalkedFile> {
  const realRoot = await realpath(root);
  const skipNames = new Set(options.skipDirectories ?? DEFAULT_SKIPPED_DIRECTORIES);
  const userExclude = ignore().add([...(options.exclude ?? [])]);
  yield* walkDirectory(realRoot, realRoot, [], { ...options, skipNames, userExclude }, skipped);
}

interface WalkState extends WalkOptions {
  skipNames: Set<string>;
  userExclude: Ignore;
}

async function* walkDirectory(
  root: string,
  directory: string,
  parentLayers: IgnoreLayer[],
  state: WalkState,
  skipped: SkippedFile[],
): AsyncGenerator<WalkedFile> {
  if (state.signal?.aborted) return;
  const layers = [...parentLayers];
  const relativeDir = toPosix(nodePath.relative(root, directory));
  for (const fileName of ignoreFileNames(state)) {
    const content = await readFile(nodePath.join(directory, fileName), 'utf8').catch(() => undefined);
    if (content !== undefined) layers.push({ base: relativeDir, matcher: ignore().add(content) });
  }

  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    skipped.push({ file: relativeDir || '.', reason: 'unreadable', detail: `${relativeDir || '.'}: ${(error as NodeJS.ErrnoException).code ?? 'unreadable'}` });
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  for (const entry of entries) {
    if (state.signal?.aborted) return;
    const absolutePath = nodePath.join(directory, entry.name);
    const relativePath = toPosix(nodePath.relative(root, absolutePath));
    const isDirectory = entry.isDirectory();
    if (isDirectory && state.skipNames.has(entry.name)) continue;
    if (isIgnored(relativePath, isDirectory, layers, state.userExclude)) continue;

    if (entry.isSymbolicLink()) {
      const target = await resolveInside(root, absolutePath);
      if (!target) {
        skipped.push({ file: relativePath, reason: 'symlink-outside-root', detail: `${relativePath}: symbolic link leads outside the scanned folder` });
        continue;
      }
      const targetStat = await stat(target).catch(() => undefined);
      if (targetStat?.isFile()) yield { absolutePath: target, relativePath };
      // Links to folders inside the root are skipped: their files are reached through their real path.
      continue;
    }
    if (isDirectory) {
      yield* walkDirectory(root, absolutePath, layers, state, skipped);
    } else if (entry.isFile()) {
      yield { absolutePath, relativePath };
    }
  }
}

function ignoreFileNames(state: WalkState): string[] {
  const names: string[] = [];
  if (state.respectGitignore !== false) names.push('.gitignore');
  if (state.respectAgentGuardIgnore !== false) names.push('.agent-guardignore');
  return names;
}

/**
 * Git's precedence: layers run from the root down, and the last layer with a matching pattern decides,
 * so a deeper `.gitignore` can re-include (`!keep.log`) what a parent excluded.
 */
function isIgnored(relativePath: string, isDirectory: boolean, layers: IgnoreLayer[], userExclude: Ignore): boolean {
  const candidate = isDirectory ? `${relativePath}/` : relativePath;
  if (userExclude.ignores(candidate)) return true;
  let ignored = false;
  for (const layer of layers) {
    const local = layer.base ? relativePath.slice(layer.base.length + 1) : relativePath;
    if (!local) continue;
    const verdict = layer.matcher.test(isDirectory ? `${local}/` : local);
    if (verdict.ignored) ignored = true;
    else if (verdict.unignored) ignored = false;
  }
  return ignored;
}

/** The real path of a link when it stays inside the root; undefined when it leads out or dangles. */
export async function resolveInside(root: string, linkPath: string): Promise<string | undefined> {
  try {
    const target = await realpath(linkPath);
    return isInsideRoot(root, target) ? target : undefined;
  } catch {
    return undefined;
  }
}

export function toPosix(path: string): string {
  return path.split(nodePath.sep).join('/');
}

/** lstat that answers undefined for a missing path instead of throwing. */
export async function lstatOrUndefined(path: string) {
  return lstat(path).catch(() => undefined);
}
