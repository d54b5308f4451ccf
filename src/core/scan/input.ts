/** Why a file was not scanned, or not scanned fully. */
export type SkipReason = 'too-large' | 'binary' | 'invalid-utf8' | 'unreadable' | 'symlink-outside-root' | 'timeout' | 'not-found' | 'excluded';

/** A file left out of a scan, or cut short, with the reason in words a person can act on. */
export interface SkippedFile {
  file: string;
  reason: SkipReason;
  detail: string;
}

/** Thrown by input checks; `reason` lets callers branch without matching message text. */
export class ScanInputError extends Error {
  constructor(readonly reason: SkipReason, message: string) {
    super(message);
    this.name = 'ScanInputError';
  }

  static is(error: unknown, reason?: SkipReason): error is ScanInputError {
    return error instanceof ScanInputError && (reason === undefined || error.reason === reason);
  }
}

export const DEFAULT_MAX_FILE_BYTES = 1024 * 1024;

const BINARY_SNIFF_BYTES = 8000;

/** Git's heuristic: a NUL byte in the first 8,000 bytes means binary. */
export function looksBinary(bytes: Uint8Array): boolean {
  const end = Math.min(bytes.length, BINARY_SNIFF_BYTES);
  for (let i = 0; i < end; i++) if (bytes[i] === 0) return true;
  return false;
}

const strictDecoder = new TextDecoder('utf-8', { fatal: true });

/**
 * Turns file bytes into scan text, or throws ScanInputError saying why it can't.
 * A leading BOM is dropped so that columns match what an editor shows.
 */
export function decodeForScan(path: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_FILE_BYTES): string {
  if (bytes.length > maxBytes) {
    throw new ScanInputError('too-large', `${path}: ${formatBytes(bytes.length)} is over the ${formatBytes(maxBytes)} limit`);
  }
  if (looksBinary(bytes)) throw new ScanInputError('binary', `${path}: binary file`);
  try {
    return strictDecoder.decode(bytes);
  } catch {
    throw new ScanInputError('invalid-utf8', `${path}: not valid UTF-8`);
  }
}

export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}
