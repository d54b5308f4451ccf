import { randomBytes } from 'node:crypto';
import { open, readFile, rename, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import * as nodePath from 'node:path';

/** What a lock file says about its holder. */
export interface LockInfo {
  pid: number;
  hostname: string;
  /** ISO 8601. */
  startedAt: string;
  /** ISO 8601; refreshed every heartbeat. A lock whose heartbeat is older than the stale time may be taken over. */
  heartbeat: string;
  /** Random per holder: tells our lock from a taker's. */
  token: string;
}

/** Why a lock could not be had or was lost. */
export type LockErrorReason = 'held' | 'lost';

/** The lock is held by another live process (another window on the same folder), or was taken from us. */
export class LockError extends Error {
  constructor(readonly reason: LockErrorReason, message: string, readonly holder?: LockInfo) {
    super(message);
    this.name = 'LockError';
  }

  static is(error: unknown, reason?: LockErrorReason): error is LockError {
    return error instanceof LockError && (reason === undefined || error.reason === reason);
  }
}

/** Options of acquireLock. */
export interface LockOptions {
  /** A lock whose heartbeat is older than this is stale and may be taken over (default 30 s). */
  staleMs?: number;
  /** How often the holder refreshes its heartbeat (default 10 s); 0 turns the timer off (tests). */
  heartbeatMs?: number;
  /** Called once if another process takes the lock from us (we were presumed dead). */
  onLost?: (holder: LockInfo | undefined) => void;
  /** Clock, for tests. */
  now?: () => Date;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Reads a lock file; undefined when absent or unreadable. */
export async function readLock(path: string): Promise<LockInfo | undefined> {
  try {
    const info = JSON.parse(await readFile(path, 'utf8')) as LockInfo;
    return info && typeof info.token === 'string' ? info : undefined;
  } catch {
    return undefined;
  }
}

/** Why a present lock may be taken over, or undefined when its holder looks alive. */
function staleReason(info: LockInfo | undefined, mtimeMs: number, now: Date, staleMs: number): string | undefined {
  if (!info) return now.getTime() - mtimeMs > staleMs ? 'the lock file is unreadable and old' : undefined;
  const age = now.getTime() - Date.parse(info.heartbeat);
  if (!(age <= staleMs)) return `its heartbeat is ${Math.round(age / 1000)} s old`;
  if (info.hostname === hostname() && !isAlive(info.pid)) return `process ${info.pid} on this machine is gone`;
  return undefined;
}

/**
 * A lock file held by this process: pid, hostname and a heartbeat, so a second window on the same
 * folder sees that it is not alone, and a crashed holder's lock is taken over once stale.
 */
export class FileLock {
  private timer: NodeJS.Timeout | undefined;
  private released = false;

  private constructor(readonly path: string, public info: LockInfo, private readonly options: LockOptions) {
    const every = options.heartbeatMs ?? 10_000;
    if (every > 0) {
      this.timer = setInterval(() => void this.beat(), every);
      this.timer.unref();
    }
  }

  /**
   * Takes the lock at `path`, or throws LockError('held') naming the live holder. A stale lock (old
   * heartbeat, or a dead pid on this host) is taken over atomically; if two processes race for it, the
   * one whose token is in the file afterwards wins and the other gets LockError('held').
   */
  static async acquire(path: string, options: LockOptions = {}): Promise<FileLock> {
    const now = options.now ?? (() => new Date());
    const info: LockInfo = { pid: process.pid, hostname: hostname(), startedAt: now().toISOString(), heartbeat: now().toISOString(), token: randomBytes(12).toString('hex') };
    try {
      const handle = await open(path, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(info));
      await handle.close();
      return new FileLock(path, info, options);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const holder = await readLock(path);
    const mtime = (await stat(path).catch(() => undefined))?.mtimeMs ?? 0;
    const stale = staleReason(holder, mtime, now(), options.staleMs ?? 30_000);
    if (!stale) {
      throw new LockError('held', `another window holds the lock (pid ${holder?.pid ?? '?'} on ${holder?.hostname ?? '?'}, last seen ${holder?.heartbeat ?? 'unknown'}); this window is read-only for pending changes`, holder);
    }
    await writeLockFile(path, info);
    const after = await readLock(path);
    if (after?.token !== info.token) throw new LockError('held', 'another window took the stale lock first', after);
    return new FileLock(path, info, options);
  }

  /** Refreshes the heartbeat; notices when the lock was taken from us. */
  async beat(): Promise<boolean> {
    if (this.released) return false;
    const current = await readLock(this.path);
    if (current?.token !== this.info.token) {
      this.stop();
      this.options.onLost?.(current);
      return false;
    }
    this.info = { ...this.info, heartbeat: (this.options.now ?? (() => new Date()))().toISOString() };
    await writeLockFile(this.path, this.info);
    return true;
  }

  /** True while the file still holds our token. */
  async isHeld(): Promise<boolean> {
    return !this.released && (await readLock(this.path))?.token === this.info.token;
  }

  private stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Stops the heartbeat and removes the lock file if it is still ours. */
  async release(): Promise<void> {
    this.stop();
    if (this.released) return;
    this.released = true;
    if ((await readLock(this.path))?.token === this.info.token) await unlink(this.path).catch(() => undefined);
  }
}

async function writeLockFile(path: string, info: LockInfo): Promise<void> {
  const temp = nodePath.join(nodePath.dirname(path), `.${nodePath.basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(JSON.stringify(info));
  } finally {
    await handle.close();
  }
  await rename(temp, path);
}
