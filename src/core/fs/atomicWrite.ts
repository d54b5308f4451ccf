import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, rename, rm } from 'node:fs/promises';
import * as nodePath from 'node:path';

/** Options of `writeFileAtomic`. */
export interface AtomicWriteOptions {
  /** File mode of the result (e.g. 0o600, 0o755). When absent, the default for new files (0o666 minus umask). */
  mode?: number;
  /** Flush the data to disk before the rename (default true): a crash leaves the old or the new file, never an empty one. */
  fsync?: boolean;
  /** Create missing parent folders, with this mode (default: create them with the default mode). Set false to refuse. */
  createParents?: boolean;
  /** Mode for created parent folders (e.g. 0o700 for private stores). */
  parentMode?: number;
}

/**
 * Writes a file atomically: a temp file in the same folder, flushed, then renamed over the target, so a
 * reader (or a crash) sees the old content or the new, never half of it. The temp file is removed on failure.
 */
export async function writeFileAtomic(target: string, data: Uint8Array | string, options: AtomicWriteOptions = {}): Promise<void> {
  const absolute = nodePath.resolve(target);
  const directory = nodePath.dirname(absolute);
  if (options.createParents !== false) await mkdir(directory, { recursive: true, mode: options.parentMode });
  const temp = nodePath.join(directory, `.${nodePath.basename(absolute)}.${randomBytes(6).toString('hex')}.agtmp`);
  let handle;
  try {
    // 'wx': never follow or reuse something planted at the temp name.
    handle = await open(temp, 'wx', options.mode ?? 0o666);
    await handle.writeFile(data);
    // open()'s mode is filtered by the umask; an explicit mode is what the caller asked for, exactly.
    if (options.mode !== undefined) await handle.chmod(options.mode);
    if (options.fsync !== false) await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temp, absolute);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

/** Sets a file's mode, ignoring platforms (Windows) where modes mean little. */
export async function setMode(path: string, mode: number): Promise<void> {
  if (process.platform === 'win32') return;
  await chmod(path, mode);
}
