import { runGit } from '../../core/git/gitChanges';
import type { HeadReader } from './fsGuard';

/**
 * Reads a file as git's HEAD has it, through the hardened git runner (no fsmonitor or external programs
 * from the repository's config), with bounded output and time. Undefined when the path is untracked,
 * the folder is no repository, or git is missing.
 */
export function gitHeadReader(workspaceRoot: string): HeadReader {
  return async (relativePath) => {
    if (relativePath.startsWith('-') || relativePath.includes('\0')) return undefined;
    try {
      return new Uint8Array(await runGit(workspaceRoot, ['show', `HEAD:./${relativePath}`], { maxBytes: 8 * 1024 * 1024, signal: AbortSignal.timeout(5000) }));
    } catch {
      return undefined;
    }
  };
}
