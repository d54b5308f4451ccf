import { randomBytes } from 'node:crypto';
import type { Finding } from '../model/finding';
import { maxRisk } from '../model/finding';
import { allRules } from '../rules/index';
import { scanTextChange } from '../scan/diffScan';
import type { FileScanOptions } from '../scan/scanFiles';
import type { WorkspaceFs } from '../fs/workspaceFs';
import { UnsafePathError } from '../fs/workspaceFs';
import { checkRelativePath, pathIdentityKey } from '../fs/pathSafety';
import type { DecodedContent } from './content';
import { decodeContent, encodeContent, hasLoneSurrogate, lineEndingStyle, sha256Hex } from './content';
import { ChangeSetError } from './errors';
import type { ChangeSet, ChangeSource, FileChange, FileOperation, FileSnapshot, ReviewHunk } from './model';
import { computeStats, summarizeRisk } from './risk';

/** Limits on what one proposal may hold. Past them, the whole proposal is refused. */
export interface ChangeSetLimits {
  /** Most files in one change set (default 500). */
  maxFiles: number;
  /** Largest file content, before or after, in bytes (default 1 MiB, the engine's scan limit, so nothing goes unscanned). */
  maxFileBytes: number;
}

/** The limits when the policy sets none: 500 files, 1 MiB per file. */
export const DEFAULT_LIMITS: ChangeSetLimits = { maxFiles: 500, maxFileBytes: 1024 * 1024 };

/** A replacement in a file's current text, as agents' edit tools send it. */
export interface ProposedEdit {
  /** Text to find; must occur exactly once unless `replaceAll`. */
  oldText: string;
  newText: string;
  /** Replace every occurrence (at least one must exist). */
  replaceAll?: boolean;
}

/**
 * One file of a proposal. Give exactly one of `content`, `contentBase64`, `edits` or `delete`; a rename
 * (`renameFrom`) may give none of them (a pure move).
 */
export interface ProposedFile {
  /** Workspace-relative path (after a rename: the new path). */
  path: string;
  /**
   * The full new text. A leading U+FEFF asks for a BOM; otherwise the current file's encoding and BOM are
   * kept. When the current file uses CRLF throughout and this text uses LF throughout, it is converted to
   * CRLF (agents write LF; a line-ending flip on every line would bury the real change).
   */
  content?: string;
  /** The full new bytes, base64. */
  contentBase64?: string;
  /** Declares `contentBase64` as UTF-8 text: invalid UTF-8 is then refused rather than taken as binary. */
  encoding?: 'utf-8';
  /** Replacements against the current text, applied in order. */
  edits?: ProposedEdit[];
  /** Delete the file. */
  delete?: boolean;
  /** Move the file from this path to `path`. */
  renameFrom?: string;
  /** New permission bits (e.g. 0o755); the current mode is kept when absent. */
  mode?: number;
}

/** What an intake road hands to the gate. */
export interface ChangeSetInput {
  source: ChangeSource;
  files: ProposedFile[];
}

/** One side of a file change as bytes, for roads that already have them (the file-system guard). */
export interface ContentSide {
  bytes: Uint8Array;
  mode?: number;
}

/** A file change as raw bytes: either side may be absent (added or deleted). */
export interface ContentChange {
  path: string;
  previousPath?: string;
  /** Where `path` really leads when it goes through a symbolic link inside the workspace. */
  realPath?: string;
  /** The same for `previousPath`. */
  previousRealPath?: string;
  before?: ContentSide;
  after?: ContentSide;
}

/** Options of the change-set builders. */
export interface BuildOptions {
  /** Engine options for the diff-mode scan; the full rule registry when absent. */
  scan?: FileScanOptions;
  limits?: Partial<ChangeSetLimits>;
  /** Clock, for tests. */
  now?: () => Date;
  /** A fixed id, for tests; otherwise a time-based random id. */
  id?: string;
}

/** A new change-set id: sortable by time, unguessable enough to be a handle. */
export function newChangeSetId(now = new Date()): string {
  return `cs-${now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')}-${randomBytes(4).toString('hex')}`;
}

function limitsOf(options: BuildOptions): ChangeSetLimits {
  return { ...DEFAULT_LIMITS, ...options.limits };
}

function q(path: string): string {
  return JSON.stringify(path);
}

/**
 * Turns a proposal (full contents, edits, deletes, renames) into byte-level changes against the
 * workspace's current files. Every check runs before anything is returned, and nothing is written.
 * Throws ChangeSetError with a reason for the first problem found.
 */
export async function resolveProposal(input: ChangeSetInput, fs: WorkspaceFs, limitsIn: Partial<ChangeSetLimits> = {}): Promise<ContentChange[]> {
  const limits = { ...DEFAULT_LIMITS, ...limitsIn };
  if (!input || typeof input !== 'object' || !Array.isArray(input.files)) throw new ChangeSetError('invalidInput', 'a proposal needs a files array');
  if (input.files.length === 0) throw new ChangeSetError('invalidInput', 'the proposal holds no files');
  if (input.files.length > limits.maxFiles) {
    throw new ChangeSetError('tooManyFiles', `the proposal holds ${input.files.length} files; the limit is ${limits.maxFiles}`);
  }
  const seen = new Map<string, string>();
  const claim = (raw: string): string => {
    const checked = checkRelativePath(raw);
    if (!checked.ok) throw new ChangeSetError(checked.reason, checked.message, raw);
    // On Windows and macOS two spellings (case, Unicode form) are one file.
    const key = pathIdentityKey(checked.path);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new ChangeSetError('duplicatePath', `${q(raw)} appears more than once in the proposal (also as ${q(earlier)})`, raw);
    seen.set(key, raw);
    return checked.path;
  };
  const plans = input.files.map((file, i) => {
    if (!file || typeof file !== 'object' || typeof file.path !== 'string') throw new ChangeSetError('invalidInput', `files[${i}]: a file needs a string path`);
    const kinds = (['content', 'contentBase64', 'edits', 'delete'] as const).filter((k) => file[k] !== undefined && file[k] !== false);
    if (kinds.length > 1) throw new ChangeSetError('invalidInput', `${q(file.path)}: give only one of ${kinds.join(', ')}`, file.path);
    if (kinds.length === 0 && file.renameFrom === undefined) throw new ChangeSetError('invalidInput', `${q(file.path)}: give content, contentBase64, edits, delete or renameFrom`, file.path);
    if (file.delete && file.renameFrom !== undefined) throw new ChangeSetError('invalidInput', `${q(file.path)}: a delete cannot also be a rename`, file.path);
    if (file.mode !== undefined && (!Number.isInteger(file.mode) || file.mode < 0 || file.mode > 0o7777)) throw new ChangeSetError('invalidInput', `${q(file.path)}: mode must be permission bits (0 to 0o7777)`, file.path);
    const path = claim(file.path);
    const previousPath = file.renameFrom !== undefined ? claim(file.renameFrom) : undefined;
    return { file, path, previousPath };
  });

  const changes: ContentChange[] = [];
  const realPathOf = async (path: string): Promise<string | undefined> => {
    const resolved = await fs.resolve(path);
    return resolved.ok && resolved.realPath !== path ? resolved.realPath : undefined;
  };
  for (const { file, path, previousPath } of plans) {
    // Rules must see where a path really leads: "docs/ci" may be a link to ".github/workflows".
    const links = { realPath: await realPathOf(path), previousRealPath: previousPath !== undefined ? await realPathOf(previousPath) : undefined };
    const current = await readChecked(fs, path, file.path, limits);
    let before = current;
    if (previousPath !== undefined) {
      if (current) throw new ChangeSetError('fileExists', `${q(file.path)} already exists; a rename will not replace it`, file.path);
      before = await readChecked(fs, previousPath, file.renameFrom!, limits);
      if (!before) throw new ChangeSetError('fileNotFound', `${q(file.renameFrom!)} does not exist, so it cannot be renamed`, file.renameFrom);
    }
    if (file.delete) {
      if (!before) throw new ChangeSetError('fileNotFound', `${q(file.path)} does not exist, so it cannot be deleted`, file.path);
      changes.push({ path, before, ...links });
      continue;
    }
    const afterBytes = newBytes(file, before, limits);
    if (afterBytes.length > limits.maxFileBytes) {
      throw new ChangeSetError('tooLarge', `${q(file.path)}: the new content is ${afterBytes.length} bytes; the limit is ${limits.maxFileBytes}`, file.path);
    }
    changes.push({ path, previousPath, ...links, before, after: { bytes: afterBytes, mode: file.mode ?? before?.mode } });
  }
  return changes;
}

async function readChecked(fs: WorkspaceFs, path: string, raw: string, limits: ChangeSetLimits): Promise<ContentSide | undefined> {
  let current;
  try {
    current = await fs.read(path);
  } catch (error) {
    if (UnsafePathError.is(error)) throw new ChangeSetError(error.refusal.reason, error.refusal.message, raw);
    throw new ChangeSetError('notAFile', `${q(raw)} cannot be read: ${(error as Error).message}`, raw);
  }
  if (current && current.bytes.length > limits.maxFileBytes) {
    throw new ChangeSetError('tooLarge', `${q(raw)}: the current file is ${current.bytes.length} bytes; the limit is ${limits.maxFileBytes}`, raw);
  }
  return current;
}

function newBytes(file: ProposedFile, before: ContentSide | undefined, limits: ChangeSetLimits): Uint8Array {
  const decodedBefore = before ? decodeContent(before.bytes) : undefined;
  const textBefore = decodedBefore?.kind === 'text' ? decodedBefore : undefined;
  if (file.content !== undefined) {
    if (typeof file.content !== 'string') throw new ChangeSetError('invalidInput', `${q(file.path)}: content must be a string`, file.path);
    const adapted = textBefore && lineEndingStyle(textBefore.text) === 'crlf' && lineEndingStyle(file.content) === 'lf' ? file.content.replace(/\n/g, '\r\n') : file.content;
    return encodeText(file.path, adapted, textBefore);
  }
  if (file.contentBase64 !== undefined) {
    if (typeof file.contentBase64 !== 'string' || !/^[A-Za-z0-9+/]*={0,2}$/.test(file.contentBase64)) {
      throw new ChangeSetError('invalidInput', `${q(file.path)}: contentBase64 is not base64`, file.path);
    }
    if (file.contentBase64.length > Math.ceil((limits.maxFileBytes * 4) / 3) + 4) {
      throw new ChangeSetError('tooLarge', `${q(file.path)}: the new content is over the ${limits.maxFileBytes}-byte limit`, file.path);
    }
    const bytes = Buffer.from(file.contentBase64, 'base64');
    if (file.encoding === 'utf-8' && decodeContent(bytes).kind !== 'text') {
      throw new ChangeSetError('invalidUtf8', `${q(file.path)}: the content is declared as UTF-8 text but is not valid UTF-8`, file.path);
    }
    return bytes;
  }
  if (file.edits !== undefined) {
    if (!Array.isArray(file.edits) || file.edits.length === 0) throw new ChangeSetError('invalidInput', `${q(file.path)}: edits must be a non-empty array`, file.path);
    if (!before) {
      // An edit with an empty oldText on a missing file creates it (Claude Code's Edit does the same).
      const [only] = file.edits;
      if (file.edits.length === 1 && only.oldText === '') return encodeText(file.path, only.newText, undefined);
      throw new ChangeSetError('fileNotFound', `${q(file.path)} does not exist, so it cannot be edited`, file.path);
    }
    if (!textBefore) throw new ChangeSetError('baseNotText', `${q(file.path)} is not a text file the gate can edit; send its full content instead`, file.path);
    return encodeText(file.path, applyEdits(file.path, textBefore.text, file.edits), textBefore);
  }
  // A pure rename keeps the bytes.
  return before!.bytes;
}

function encodeText(path: string, text: string, before: Extract<DecodedContent, { kind: 'text' }> | undefined): Uint8Array {
  if (hasLoneSurrogate(text)) throw new ChangeSetError('invalidUtf8', `${q(path)}: the content holds a lone surrogate, which is not valid Unicode text`, path);
  if (text.startsWith('\uFEFF')) return encodeContent(text.slice(1), before?.encoding ?? 'utf-8', true);
  // Agents' tools strip the BOM when they read; keep the file's, so an invisible byte never flips.
  return encodeContent(text, before?.encoding ?? 'utf-8', before?.bom ?? false);
}

/**
 * Applies `oldText`→`newText` replacements in order. When the file uses CRLF and an `oldText` with bare
 * LF is not found as it is, it is tried with CRLF (and `newText` converted the same way), because agents
 * usually send LF. Throws ChangeSetError oldTextNotFound / oldTextNotUnique with the edit's number.
 */
export function applyEdits(path: string, text: string, edits: readonly ProposedEdit[]): string {
  let result = text;
  edits.forEach((edit, i) => {
    const where = `${q(path)} edit ${i + 1} of ${edits.length}`;
    if (!edit || typeof edit.oldText !== 'string' || typeof edit.newText !== 'string') throw new ChangeSetError('invalidInput', `${where}: oldText and newText must be strings`, path);
    if (edit.oldText === '') throw new ChangeSetError('invalidInput', `${where}: oldText is empty; give the text to replace`, path);
    let { oldText, newText } = edit;
    let count = countOccurrences(result, oldText);
    if (count === 0 && oldText.includes('\n') && !oldText.includes('\r\n') && result.includes('\r\n')) {
      const crlfOld = oldText.replace(/\n/g, '\r\n');
      const crlfCount = countOccurrences(result, crlfOld);
      if (crlfCount > 0) {
        oldText = crlfOld;
        newText = newText.replace(/\r?\n/g, '\r\n');
        count = crlfCount;
      }
    }
    if (count === 0) throw new ChangeSetError('oldTextNotFound', `${where}: oldText was not found in the current file`, path);
    if (count > 1 && !edit.replaceAll) {
      throw new ChangeSetError('oldTextNotUnique', `${where}: oldText occurs ${count} times; give more surrounding text or set replaceAll`, path);
    }
    // split/join, not String.replace: `$&` and friends in newText must stay literal.
    result = edit.replaceAll ? result.split(oldText).join(newText) : replaceOnce(result, oldText, newText);
  });
  return result;
}

function countOccurrences(text: string, needle: string): number {
  let count = 0;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) count++;
  return count;
}

function replaceOnce(text: string, needle: string, replacement: string): string {
  const at = text.indexOf(needle);
  return text.slice(0, at) + replacement + text.slice(at + needle.length);
}

/**
 * Reads the proposal against the workspace, then builds the reviewable change set. The convenience
 * entry point for the API, tool and hook roads.
 */
export async function buildChangeSet(input: ChangeSetInput, fs: WorkspaceFs, options: BuildOptions = {}): Promise<ChangeSet> {
  const changes = await resolveProposal(input, fs, options.limits);
  return buildChangeSetFromContents(input.source, changes, options);
}

function snapshot(side: ContentSide, decoded: DecodedContent, asText: boolean): FileSnapshot {
  const base = { sha256: sha256Hex(side.bytes), size: side.bytes.length, mode: side.mode };
  if (asText && decoded.kind === 'text') return { ...base, encoding: decoded.encoding, bom: decoded.bom, text: decoded.text };
  return { ...base, encoding: 'binary', bom: false, base64: Buffer.from(side.bytes).toString('base64') };
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/**
 * Builds the reviewable change set from byte-level changes: decodes each side, diffs text into hunks,
 * scans in diff mode (only what the change introduces), maps findings to hunks and rolls risk up.
 * It yields to the event loop between files once a slice has run 10 ms, so one call never blocks for much longer than one file's scan.
 */
export async function buildChangeSetFromContents(source: ChangeSource, changes: readonly ContentChange[], options: BuildOptions = {}): Promise<ChangeSet> {
  const limits = limitsOf(options);
  if (changes.length > limits.maxFiles) throw new ChangeSetError('tooManyFiles', `the change set holds ${changes.length} files; the limit is ${limits.maxFiles}`);
  const scan: FileScanOptions = options.scan ?? { rules: allRules };
  const now = options.now?.() ?? new Date();
  const files: FileChange[] = [];
  const unchanged: string[] = [];
  let sliceStarted = performance.now();

  for (const change of changes) {
    const file = await buildFileChange(change, scan);
    if (file) files.push(file);
    else unchanged.push(change.path);
    if (performance.now() - sliceStarted > 10) {
      await yieldToEventLoop();
      sliceStarted = performance.now();
    }
  }
  const risk = maxRisk(files.map((f) => f.risk));
  return {
    version: 1,
    id: options.id ?? newChangeSetId(now),
    source: { ...source },
    createdAt: now.toISOString(),
    files,
    risk,
    summary: summarizeRisk(files),
    stats: computeStats(files),
    unchanged,
    scanPartial: files.some((f) => f.scanNotes.length > 0 && f.kind === 'text'),
  };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

async function buildFileChange(change: ContentChange, scan: FileScanOptions): Promise<FileChange | undefined> {
  const { before, after } = change;
  if (!before && !after) throw new ChangeSetError('invalidInput', `${q(change.path)}: a change needs a before or an after side`, change.path);
  const renamed = change.previousPath !== undefined && change.previousPath !== change.path;
  const modeChanged = !!before && !!after && before.mode !== undefined && after.mode !== undefined && before.mode !== after.mode;
  if (before && after && !renamed && !modeChanged && sameBytes(before.bytes, after.bytes)) return undefined;

  const decodedBefore = before && decodeContent(before.bytes);
  const decodedAfter = after && decodeContent(after.bytes);
  const isText = (decodedBefore?.kind ?? 'text') === 'text' && (decodedAfter?.kind ?? 'text') === 'text';
  const status = !before ? 'added' : !after ? 'deleted' : renamed ? 'renamed' : 'modified';
  const kinds: FileOperation['kinds'] = [];
  const describe: string[] = [];
  const beforeSnap = before && snapshot(before, decodedBefore!, isText);
  const afterSnap = after && snapshot(after, decodedAfter!, isText);

  let hunks: ReviewHunk[] = [];
  let fileFindings: Finding[] = [];
  const scanNotes: string[] = [];
  if (isText) {
    const outcome = await scanTextChange({ path: change.path, previousPath: renamed ? change.previousPath : undefined, before: beforeSnap?.text, after: afterSnap?.text }, scan);
    hunks = outcome.report.hunks.map((h) => ({
      ...h,
      additions: h.lines.filter((l) => l.startsWith('+')).length,
      deletions: h.lines.filter((l) => l.startsWith('-')).length,
    }));
    fileFindings = outcome.report.fileFindings;
    if (outcome.timedOut) scanNotes.push('the time budget ran out; findings for this file may be incomplete');
    for (const error of outcome.ruleErrors) scanNotes.push(`rule ${error.ruleId} failed: ${error.message}`);
    if (beforeSnap && afterSnap && (beforeSnap.encoding !== afterSnap.encoding || beforeSnap.bom !== afterSnap.bom)) {
      kinds.push('encoding');
      describe.push(`encoding ${label(beforeSnap)} → ${label(afterSnap)}`);
    }
  } else {
    kinds.push('binary');
    describe.push(status === 'added' ? 'create binary file' : status === 'deleted' ? 'delete binary file' : 'replace binary content');
    scanNotes.push('binary content is not scanned');
  }
  if (isText && hunks.length === 0 && status === 'added') {
    kinds.push('create-empty');
    describe.push('create empty file');
  }
  if (isText && hunks.length === 0 && status === 'deleted') {
    kinds.push('delete-empty');
    describe.push('delete empty file');
  }
  if (renamed) {
    kinds.push('rename');
    describe.push(`rename ${change.previousPath} → ${change.path}`);
  }
  if (modeChanged) {
    kinds.push('mode');
    describe.push(`mode ${before!.mode!.toString(8)} → ${after!.mode!.toString(8)}`);
  }
  const allFindings = [...hunks.flatMap((h) => h.findings), ...fileFindings];
  return {
    path: change.path,
    previousPath: renamed ? change.previousPath : undefined,
    ...(change.realPath ? { realPath: change.realPath } : {}),
    ...(renamed && change.previousRealPath ? { previousRealPath: change.previousRealPath } : {}),
    status,
    kind: isText ? 'text' : 'binary',
    before: beforeSnap,
    after: afterSnap,
    hunks,
    fileFindings,
    operation: kinds.length ? { kinds, description: describe.join('; ') } : undefined,
    risk: maxRisk(allFindings.map((f) => f.severity)),
    additions: hunks.reduce((n, h) => n + h.additions, 0),
    deletions: hunks.reduce((n, h) => n + h.deletions, 0),
    scanNotes,
  };
}

function label(side: FileSnapshot): string {
  return `${side.encoding}${side.bom ? ' with BOM' : ''}`;
}
