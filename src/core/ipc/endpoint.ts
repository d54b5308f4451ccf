import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, lstatSync, mkdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** What the extension writes beside its socket so the hook can find and authenticate to it. */
export interface EndpointInfo {
  version: 1;
  pid: number;
  workspaceRoot: string;
  socketPath: string;
  token: string;
}

export class EndpointError extends Error {
  constructor(readonly reason: 'unsafeDirectory' | 'unsafeFile' | 'notFound' | 'malformed', message: string) {
    super(message);
    this.name = 'EndpointError';
  }
}

/**
 * The per-user folder for sockets: `$XDG_RUNTIME_DIR/agent-guard` when there is one (it is already
 * private), else `<tmp>/agent-guard-<uid>`. It must be ours and closed to others.
 */
export function runtimeDirectory(env: NodeJS.ProcessEnv = process.env): string {
  if (env.AGENT_GUARD_RUNTIME_DIR) return env.AGENT_GUARD_RUNTIME_DIR;
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'agent-guard');
  const uid = typeof process.getuid === 'function' ? process.getuid() : os.userInfo().username;
  return path.join(os.tmpdir(), `agent-guard-${uid}`);
}

/** A stable id per workspace folder, from its real path. */
export function workspaceId(workspaceRoot: string): string {
  let real = workspaceRoot;
  try {
    real = realpathSync(workspaceRoot);
  } catch {
    // A folder that does not exist has no endpoint; the id is still defined.
  }
  return createHash('sha256').update(process.platform === 'win32' ? real.toLowerCase() : real).digest('hex').slice(0, 20);
}

export function endpointPaths(workspaceRoot: string, directory = runtimeDirectory()): { info: string; socket: string } {
  const id = workspaceId(workspaceRoot);
  const socket = process.platform === 'win32' ? `\\\\.\\pipe\\agent-guard-${os.userInfo().username}-${id}` : path.join(directory, `${id}.sock`);
  return { info: path.join(directory, `${id}.json`), socket };
}

/** Creates the runtime folder with mode 0700, or checks an existing one is ours and private. */
export function ensureRuntimeDirectory(directory = runtimeDirectory()): string {
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  assertPrivate(directory, 'directory');
  return directory;
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

/**
 * Checks that a path belongs to this user and that nobody else can write to (or, for files, read) it.
 * A socket or folder some other user planted is refused.
 */
export function assertPrivate(target: string, kind: 'directory' | 'file' | 'socket'): void {
  if (process.platform === 'win32') return;
  let info;
  try {
    info = lstatSync(target);
  } catch {
    throw new EndpointError('notFound', `${target} does not exist`);
  }
  const uid = process.getuid?.();
  if (info.isSymbolicLink()) throw new EndpointError(kind === 'directory' ? 'unsafeDirectory' : 'unsafeFile', `${target} is a symbolic link`);
  if (uid !== undefined && info.uid !== uid) throw new EndpointError(kind === 'directory' ? 'unsafeDirectory' : 'unsafeFile', `${target} belongs to another user (uid ${info.uid})`);
  const forbidden = kind === 'socket' ? 0o022 : 0o077;
  if ((info.mode & forbidden) !== 0) {
    if (kind === 'directory' && uid !== undefined && info.uid === uid) {
      // Our own folder with loose permissions (e.g. an old umask): tighten it rather than refuse.
      chmodSync(target, 0o700);
      return;
    }
    throw new EndpointError(kind === 'directory' ? 'unsafeDirectory' : 'unsafeFile', `${target} is open to other users (mode ${(info.mode & 0o777).toString(8)})`);
  }
}

/** Reads the endpoint for a workspace folder, checking every part is private. */
export function readEndpoint(workspaceRoot: string, directory = runtimeDirectory()): EndpointInfo {
  const paths = endpointPaths(workspaceRoot, directory);
  assertPrivate(directory, 'directory');
  assertPrivate(paths.info, 'file');
  let info: EndpointInfo;
  try {
    info = JSON.parse(readFileSync(paths.info, 'utf8')) as EndpointInfo;
  } catch {
    throw new EndpointError('malformed', `${paths.info} is not valid JSON`);
  }
  if (info.version !== 1 || typeof info.token !== 'string' || info.socketPath !== paths.socket) throw new EndpointError('malformed', `${paths.info} is not an Agent Guard endpoint`);
  if (process.platform !== 'win32') assertPrivate(info.socketPath, 'socket');
  return info;
}

/**
 * Finds the endpoint for a path: the nearest folder, going up from `cwd`, that a running extension serves.
 * Returns undefined when none does (VS Code closed, headless, CI).
 */
export function findEndpoint(cwd: string, directory = runtimeDirectory()): EndpointInfo | undefined {
  let current = path.resolve(cwd);
  for (;;) {
    try {
      return readEndpoint(current, directory);
    } catch (error) {
      if (!(error instanceof EndpointError) || error.reason !== 'notFound') throw error;
    }
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Removes a stale endpoint (socket and info file). */
export function removeEndpoint(workspaceRoot: string, directory = runtimeDirectory()): void {
  const paths = endpointPaths(workspaceRoot, directory);
  rmSync(paths.info, { force: true });
  if (process.platform !== 'win32') rmSync(paths.socket, { force: true });
}
