import { lstat, mkdir, readFile, realpath, rename, rm, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { writeFileAtomic } from './atomicWrite';
import type { PathRefusal, ResolvedPath } from './pathSafety';
import { resolveInWorkspace } from './pathSafety';

/** A file's current state on disk. */
export interface CurrentFile {
  bytes: Uint8Array;
  /** Permission bits (e.g. 0o644, 0o755). */
  mode: number;
}

/** Thrown by a WorkspaceFs when a path is refused; `reason` is the PathRefusalReason. */
export class UnsafePathError extends Error {
  constructor(readonly refusal: PathRefusal) {
    super(refusal.message);
    this.name = 'UnsafePathError';
  }

  static is(error: unknown): error is UnsafePathError {
    return error instanceof UnsafePathError;
  }
}

/**
 * What the review core needs of a workspace on disk. Every path is workspace-relative with forward
 * slashes; implementations refuse unsafe paths (see `resolveInWorkspace`). The VS Code layer can wrap
 * this to route open documents through a WorkspaceEdit; the core only plans with data.
 */
export interface WorkspaceFs {
  /** Checks a path against the workspace on disk (symbolic links resolved). */
  resolve(path: string): Promise<ResolvedPath | PathRefusal>;
  /** Current bytes and mode, or undefined when the file does not exist. Throws UnsafePathError for refused paths. */
  read(path: string): Promise<CurrentFile | undefined>;
  /** Writes atomically (temp + rename), creating parent folders. */
  write(path: string, bytes: Uint8Array, mode?: number): Promise<void>;
  /** Deletes a file; a missing file is not an error. */
  remove(path: string): Promise<void>;
  /** Moves a file; refuses to replace an existing target. */
  rename(from: string, to: string): Promise<void>;
}

/** The Node implementation of WorkspaceFs over a workspace folder. */
export class NodeWorkspaceFs implements WorkspaceFs {
  private realRoot: Promise<string> | undefined;

  /** @param root the workspace folder; it must exist. */
  constructor(readonly root: string) {}

  async resolve(path: string): Promise<ResolvedPath | PathRefusal> {
    // The folder's own real path is looked up once; every component below it is checked on each call.
    this.realRoot ??= realpath(this.root).catch((error: unknown) => {
      this.realRoot = undefined;
      throw error;
    });
    return resolveInWorkspace(this.root, path, await this.realRoot);
  }

  private async absolute(path: string): Promise<string> {
    const resolved = await this.resolve(path);
    if (!resolved.ok) throw new UnsafePathError(resolved);
    return resolved.absolutePath;
  }

  async read(path: string): Promise<CurrentFile | undefined> {
    const absolute = await this.absolute(path);
    const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined;
      throw error;
    });
    if (!info) return undefined;
    if (!info.isFile()) throw new Error(`${JSON.stringify(path)} is not a regular file`);
    return { bytes: await readFile(absolute), mode: info.mode & 0o7777 };
  }

  async write(path: string, bytes: Uint8Array, mode?: number): Promise<void> {
    await writeFileAtomic(await this.absolute(path), bytes, { mode });
  }

  async remove(path: string): Promise<void> {
    await rm(await this.absolute(path), { force: true });
  }

  async rename(from: string, to: string): Promise<void> {
    const source = await this.absolute(from);
    const target = await this.absolute(to);
    if (await lstat(target).catch(() => undefined)) throw new Error(`${JSON.stringify(to)} already exists; refusing to replace it`);
    await mkdir(nodePath.dirname(target), { recursive: true });
    await rename(source, target);
  }
}
