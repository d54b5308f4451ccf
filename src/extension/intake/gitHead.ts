import { execFile } from 'node:child_process';
import type { HeadReader } from './fsGuard';

/**
 * Reads a file as git's HEAD has it, with git itself (no shell, bounded output and time).
 * Undefined when the path is untracked, the folder is no repository, or git is missing.
 */
export function gitHeadReader(workspaceRoot: string): HeadReader {
  return (relativePath) =>
    new Promise((resolve) => {
      if (relativePath.startsWith('-') || relativePath.includes('\0')) return resolve(undefined);
      execFile('git', ['-C', workspaceRoot, '--no-optional-locks', 'show', `HEAD:./${relativePath}`], { encoding: 'buffer', maxBuffer: 8 * 1024 * 1024, timeout: 5000 }, (error, stdout) => {
        resolve(error ? undefined : new Uint8Array(stdout));
      });
    });
}
