import { lstat, realpath } from 'node:fs/promises';
import * as nodePath from 'node:path';

/**
 * Why a path was refused. The same strings are used as `ChangeSetError` reasons, so callers can branch
 * on `ChangeSetError.is(e, 'pathOutsideWorkspace')` whichever layer refused.
 */
export type PathRefusalReason =
  | 'invalidPath'
  | 'controlCharacter'
  | 'absolutePath'
  | 'uncPath'
  | 'pathOutsideWorkspace'
  | 'symlinkOutsideWorkspace'
  | 'gitDirectory';

/** A refused path: the reason for code, the message for a person (the path is shown JSON-quoted, so control characters stay visible). */
export interface PathRefusal {
  ok: false;
  reason: PathRefusalReason;
  message: string;
}

/** An accepted workspace-relative path, normalized to forward slashes without `.` or empty segments. */
export interface SafeRelativePath {
  ok: true;
  path: string;
}

// Device names that Windows maps to devices in any folder and with any extension.
const WINDOWS_DEVICE = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i;
// C0 and C1 control characters, DEL, the Unicode line/paragraph separators, and the bidirectional and
// zero-width characters that make a name look like another ("invoice\u202Efdp.exe").
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\u061c\ufeff]/;

/**
 * Shows a path in a message without letting it inject anything: JSON quoting escapes control
 * characters, and bidirectional and invisible characters are shown as \uXXXX too.
 */
export function quotePath(path: string): string {
  const quoted = JSON.stringify(path.length > 300 ? `${path.slice(0, 300)}…` : path);
  return quoted.replace(new RegExp(CONTROL.source, 'g'), (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function refuse(reason: PathRefusalReason, raw: string, why: string): PathRefusal {
  return { ok: false, reason, message: `${quotePath(raw)}: ${why}` };
}

/**
 * True when a segment names git's folder on some platform: `.git` in any case (case-insensitive file
 * systems), and with the trailing dots or spaces that Windows strips (`.git.`, `.git `).
 */
function isGitSegment(segment: string): boolean {
  return segment.replace(/[. ]+$/, '').toLowerCase() === '.git' || /^git~\d+$/i.test(segment);
}

/**
 * The key under which two spellings of one file collide: Unicode NFC (macOS stores either form) and
 * case-folded (Windows and macOS are case-insensitive by default).
 */
export function pathIdentityKey(normalizedPath: string): string {
  return normalizedPath.normalize('NFC').toLowerCase();
}

/**
 * Checks a path an agent proposed, without touching the disk. Backslashes count as separators (agents on
 * Windows send them). Refused: empty paths, NUL and control characters, absolute paths, Windows drive and
 * UNC paths, `..` that leaves the workspace, any segment into `.git`, Windows device names, and `:` (NTFS
 * alternate data streams; a drive letter in disguise).
 */
export function checkRelativePath(raw: string): SafeRelativePath | PathRefusal {
  if (typeof raw !== 'string' || raw.length === 0) return refuse('invalidPath', String(raw), 'the path is empty');
  if (raw.length > 4096) return refuse('invalidPath', raw, 'the path is longer than 4,096 characters');
  if (CONTROL.test(raw)) return refuse('controlCharacter', raw, 'the path holds a NUL, control, bidirectional or invisible character');
  if (/^[\\/]{2}/.test(raw)) return refuse('uncPath', raw, 'UNC and device paths (\\\\server\\share, //?/) are refused');
  if (/^[a-zA-Z]:/.test(raw)) return refuse('absolutePath', raw, 'Windows drive paths are refused; give a path relative to the workspace');
  if (/^[\\/]/.test(raw) || /^~(?:[\\/]|$)/.test(raw)) return refuse('absolutePath', raw, 'absolute paths are refused; give a path relative to the workspace');
  if (raw.includes(':')) return refuse('invalidPath', raw, "':' is refused in paths (Windows alternate data streams)");
  const slashed = raw.replace(/\\/g, '/');
  const normalized = nodePath.posix.normalize(slashed).replace(/\/+$/, '');
  if (normalized === '..' || normalized.startsWith('../')) return refuse('pathOutsideWorkspace', raw, 'the path leads outside the workspace');
  if (normalized === '.' || normalized === '') return refuse('invalidPath', raw, 'the path names the workspace folder itself, not a file');
  const segments = normalized.split('/');
  for (const segment of segments) {
    if (isGitSegment(segment)) return refuse('gitDirectory', raw, "paths into git's own folder (.git) are refused");
    if (WINDOWS_DEVICE.test(segment)) return refuse('invalidPath', raw, `'${segment}' is a Windows device name`);
    // Windows drops trailing dots and spaces, so "a.txt." would be another spelling of "a.txt".
    if (/[. ]$/.test(segment)) return refuse('invalidPath', raw, `'${segment}' ends with a dot or a space, which Windows strips`);
  }
  return { ok: true, path: normalized };
}

/** A path resolved against the workspace on disk. */
export interface ResolvedPath {
  ok: true;
  /** The normalized workspace-relative path, forward slashes. */
  path: string;
  /** Absolute real path to read and write: symbolic links inside the workspace are followed. */
  absolutePath: string;
  /** True when some component of the path was a symbolic link (inside the workspace). */
  viaSymlink: boolean;
  /** The real path relative to the real workspace, forward slashes: what policy and sensitive-path rules must also match. */
  realPath: string;
}

/**
 * Resolves a relative path under `root` on disk, following symbolic links, and refuses it when any
 * existing component leads outside the real workspace or into `.git`. Components that do not exist
 * yet are taken as they are (a new file or folder). `root` must exist.
 *
 * The check is done at planning time and again right before each write; a link planted in between
 * is caught by the second check. `knownRealRoot` skips the realpath of `root` when the caller has it.
 */
export async function resolveInWorkspace(root: string, raw: string, knownRealRoot?: string): Promise<ResolvedPath | PathRefusal> {
  const checked = checkRelativePath(raw);
  if (!checked.ok) return checked;
  const realRoot = knownRealRoot ?? (await realpath(root));
  const segments = checked.path.split('/');
  let current = realRoot;
  let viaSymlink = false;
  for (let i = 0; i < segments.length; i++) {
    const next = nodePath.join(current, segments[i]);
    const info = await lstat(next).catch(() => undefined);
    if (!info) {
      current = nodePath.join(next, ...segments.slice(i + 1));
      break;
    }
    if (info.isSymbolicLink()) {
      viaSymlink = true;
      let target: string;
      try {
        target = await realpath(next);
      } catch {
        return refuse('symlinkOutsideWorkspace', raw, 'the path goes through a symbolic link that leads nowhere (dangling)');
      }
      if (!isInsideRoot(realRoot, target)) return refuse('symlinkOutsideWorkspace', raw, 'the path goes through a symbolic link that leads outside the workspace');
      const relative = nodePath.relative(realRoot, target).split(nodePath.sep);
      if (relative.some(isGitSegment)) return refuse('gitDirectory', raw, "the path goes through a symbolic link into git's own folder (.git)");
      current = target;
    } else {
      current = next;
    }
  }
  if (!isInsideRoot(realRoot, current)) return refuse('pathOutsideWorkspace', raw, 'the path leads outside the workspace');
  const realPath = nodePath.relative(realRoot, current).split(nodePath.sep).join('/');
  return { ok: true, path: checked.path, absolutePath: current, viaSymlink, realPath };
}

/** True when `candidate` is `root` or below it (both absolute, already real paths). */
export function isInsideRoot(root: string, candidate: string): boolean {
  const relative = nodePath.relative(root, candidate);
  return relative === '' || (!relative.startsWith(`..${nodePath.sep}`) && relative !== '..' && !nodePath.isAbsolute(relative));
}
