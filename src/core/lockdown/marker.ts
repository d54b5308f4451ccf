/**
 * The lockdown marker: a small file beside the extension's hook socket (the per-user runtime folder) that
 * says a folder is locked down. The extension is the authority while it runs; the marker is for when it
 * does not (VS Code closed, or the window reloading): `agent-guard hook` then denies every edit instead of
 * falling back to its local scan. Light on purpose: the hook's bundle loads it.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { ensureRuntimeDirectory, runtimeDirectory, workspaceId } from '../ipc/endpoint';

/** What the marker holds. Its presence is what counts; the rest is for the agent's message. */
export interface LockdownMarker {
  version: 1;
  workspaceRoot: string;
  since?: string;
}

/** Where the marker of a folder lives. */
export function lockdownMarkerPath(workspaceRoot: string, directory = runtimeDirectory()): string {
  return path.join(directory, `${workspaceId(workspaceRoot)}.lockdown.json`);
}

/** Writes (or rewrites) the marker of a locked-down folder, 0600 in the private runtime folder. */
export async function writeLockdownMarker(workspaceRoot: string, since: string | undefined, directory = runtimeDirectory()): Promise<void> {
  ensureRuntimeDirectory(directory);
  const marker: LockdownMarker = { version: 1, workspaceRoot, ...(since ? { since } : {}) };
  await writeFileAtomic(lockdownMarkerPath(workspaceRoot, directory), JSON.stringify(marker), { mode: 0o600 });
}

/** Removes the marker (a release); a missing marker is not an error. */
export function removeLockdownMarker(workspaceRoot: string, directory = runtimeDirectory()): void {
  rmSync(lockdownMarkerPath(workspaceRoot, directory), { force: true });
}

/**
 * The marker of `cwd`'s folder or of any folder above it (an agent may run in a subfolder), or undefined.
 * A marker that does not parse still counts: it can only deny, never allow.
 */
export function findLockdownMarker(cwd: string, directory = runtimeDirectory()): LockdownMarker | undefined {
  let current = path.resolve(cwd);
  for (;;) {
    const file = lockdownMarkerPath(current, directory);
    if (existsSync(file)) {
      try {
        const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<LockdownMarker>;
        return { version: 1, workspaceRoot: current, ...(typeof parsed.since === 'string' ? { since: parsed.since.slice(0, 40) } : {}) };
      } catch {
        return { version: 1, workspaceRoot: current };
      }
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}
