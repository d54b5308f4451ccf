import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import type { LockInfo, LockOptions } from '../fs/lock';
import { FileLock, LockError } from '../fs/lock';
import type { Decisions } from './decisions';
import type { ChangeSet } from './model';

/** A pending change set with the decisions made so far. */
export interface PendingEntry {
  changeSet: ChangeSet;
  decisions: Decisions;
  /** ISO 8601 of the last save. */
  savedAt: string;
}

/** Why the store refused. */
export type StoreErrorReason = 'readOnly' | 'invalidId';

/** A store operation that was refused; nothing was changed. */
export class StoreError extends Error {
  constructor(readonly reason: StoreErrorReason, message: string) {
    super(message);
    this.name = 'StoreError';
  }

  static is(error: unknown, reason?: StoreErrorReason): error is StoreError {
    return error instanceof StoreError && (reason === undefined || error.reason === reason);
  }
}

/** What loading found: the entries, and files that could not be read (moved aside to `corrupt/`, never deleted). */
export interface PendingLoad {
  entries: PendingEntry[];
  problems: { file: string; message: string }[];
}

const ID = /^[\w.-]{1,128}$/;

/**
 * Pending change sets on disk, in a private folder (0700, files 0600) such as the extension's workspace
 * storage, never in the repository. One file per change set, written atomically (temp, flush, rename),
 * so a crash leaves the old or the new version and never loses a pending change. A lock file detects a
 * second window on the same folder: that window opens the store read-only.
 */
export class PendingStore {
  private constructor(
    readonly directory: string,
    private readonly lock: FileLock | undefined,
    /** The live holder when this window is read-only. */
    readonly heldBy: LockInfo | undefined,
  ) {}

  /** Opens the store, taking its lock; when another live window holds it, opens read-only (see `readOnly`). */
  static async open(directory: string, lockOptions: LockOptions = {}): Promise<PendingStore> {
    await mkdir(nodePath.join(directory, 'pending'), { recursive: true, mode: 0o700 });
    try {
      const lock = await FileLock.acquire(nodePath.join(directory, 'lock.json'), lockOptions);
      return new PendingStore(directory, lock, undefined);
    } catch (error) {
      if (LockError.is(error, 'held')) return new PendingStore(directory, undefined, error.holder);
      throw error;
    }
  }

  /** True when another window owns the store: list() works, writes throw StoreError('readOnly'). */
  get readOnly(): boolean {
    return !this.lock;
  }

  private fileOf(id: string): string {
    if (!ID.test(id)) throw new StoreError('invalidId', `not a change-set id: ${JSON.stringify(id)}`);
    return nodePath.join(this.directory, 'pending', `${id}.json`);
  }

  private async assertWritable(): Promise<void> {
    if (!this.lock || !(await this.lock.isHeld())) {
      const holder = this.heldBy ? ` (pid ${this.heldBy.pid} on ${this.heldBy.hostname})` : '';
      throw new StoreError('readOnly', `another window owns the pending changes of this folder${holder}; decide them there`);
    }
  }

  /** Saves (creates or replaces) a pending change set with its decisions. */
  async save(changeSet: ChangeSet, decisions: Decisions, now = new Date()): Promise<void> {
    await this.assertWritable();
    const entry: PendingEntry = { changeSet, decisions, savedAt: now.toISOString() };
    await writeFileAtomic(this.fileOf(changeSet.id), JSON.stringify({ version: 1, ...entry }), { mode: 0o600, parentMode: 0o700 });
  }

  /** Every pending change set, oldest first. Unreadable files are moved to `corrupt/` and reported. */
  async list(): Promise<PendingLoad> {
    const folder = nodePath.join(this.directory, 'pending');
    const names = (await readdir(folder).catch(() => [] as string[])).filter((n) => n.endsWith('.json') && !n.startsWith('.'));
    const entries: PendingEntry[] = [];
    const problems: PendingLoad['problems'] = [];
    for (const name of names) {
      const path = nodePath.join(folder, name);
      try {
        const parsed = JSON.parse(await readFile(path, 'utf8')) as PendingEntry & { version: number };
        if (parsed.version !== 1 || !parsed.changeSet?.id || !parsed.decisions) throw new Error('not a pending change set');
        entries.push({ changeSet: parsed.changeSet, decisions: parsed.decisions, savedAt: parsed.savedAt });
      } catch (error) {
        problems.push({ file: name, message: (error as Error).message });
        if (!this.readOnly) {
          await mkdir(nodePath.join(this.directory, 'corrupt'), { recursive: true, mode: 0o700 });
          await rename(path, nodePath.join(this.directory, 'corrupt', name)).catch(() => undefined);
        }
      }
    }
    entries.sort((a, b) => (a.changeSet.createdAt < b.changeSet.createdAt ? -1 : a.changeSet.createdAt > b.changeSet.createdAt ? 1 : 0));
    return { entries, problems };
  }

  /** Removes a change set once it is fully decided and applied (or rejected). */
  async remove(id: string): Promise<void> {
    await this.assertWritable();
    await unlink(this.fileOf(id)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }

  /** Releases the lock; the store becomes read-only. */
  async close(): Promise<void> {
    await this.lock?.release();
  }
}
