import type { CurrentFile, WorkspaceFs } from '../fs/workspaceFs';
import { UnsafePathError } from '../fs/workspaceFs';
import type { TextEncoding } from './content';
import { decodeContent, encodeContent, sha256Hex } from './content';
import type { HunkConflict } from './arithmetic';
import { composeApproved, rebaseApproved } from './arithmetic';
import type { Decisions } from './decisions';
import { unitVerdict } from './decisions';
import type { ChangeSet, FileChange, ReviewHunk } from './model';

/** What one file's step writes: the bytes, and for text files the text and how it is encoded. */
export interface PlannedContent {
  bytes: Uint8Array;
  /** Permission bits to set; absent: keep the current (or default for a new file). */
  mode?: number;
  /** For text results: the text without BOM, so an editor layer can apply it to an open document. */
  text?: string;
  encoding?: TextEncoding;
  bom?: boolean;
}

/** Fields every step carries: which file, what it must look like on disk right before the step runs. */
interface StepBase {
  /** The path the step writes (for a rename: the new path). */
  path: string;
  /** SHA-256 of the bytes the step expects to find at its source, or null when the path must not exist. Re-checked right before writing. */
  expectedSha256: string | null;
  /** Hunks of the file by verdict, for the report. */
  approvedHunks: number[];
  rejectedHunks: number[];
  pendingHunks: number[];
  /** True when the file had changed since the proposal and the approved hunks were carried onto it. */
  rebased: boolean;
}

/** Write a file (create or replace). */
export interface WriteStep extends StepBase, PlannedContent {
  kind: 'write';
  creates: boolean;
}

/** Delete a file. */
export interface DeleteStep extends StepBase {
  kind: 'delete';
}

/** Move a file from `from` to `path`, with the given content at the new path. */
export interface RenameStep extends StepBase, PlannedContent {
  kind: 'rename';
  from: string;
}

/** One step of an apply plan. */
export type ApplyStep = WriteStep | DeleteStep | RenameStep;

/** A file whose approved parts cannot be applied without overwriting someone's work. */
export interface FileConflict {
  path: string;
  reason: string;
  /** The hunks that conflict, when the conflict is at hunk level. */
  hunks: HunkConflict[];
}

/** A file the plan leaves alone, and why (nothing approved, already as approved). */
export interface SkippedFile {
  path: string;
  reason: string;
}

/**
 * What applying a change set's decisions would do, as data: the VS Code layer can carry out the steps
 * with a WorkspaceEdit for open documents, `executePlan` does it on disk. Nothing is written when it is made.
 */
export interface ApplyPlan {
  changeSetId: string;
  steps: ApplyStep[];
  skipped: SkippedFile[];
  /** Non-empty means: do not apply (or apply only the other files, if the person says so). */
  conflicts: FileConflict[];
}

async function readOrConflict(fs: WorkspaceFs, path: string): Promise<CurrentFile | undefined | { unsafe: string }> {
  try {
    return await fs.read(path);
  } catch (error) {
    if (UnsafePathError.is(error)) return { unsafe: error.message };
    throw error;
  }
}

function isUnsafe(value: unknown): value is { unsafe: string } {
  return !!value && typeof value === 'object' && 'unsafe' in value;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Plans the apply of `decisions` to the workspace as it is now. For each file: the base plus the approved
 * hunks, rebased onto the current text when the file changed since the proposal; a hunk that no longer
 * applies cleanly makes the file a conflict. See docs/review-gate.md for add, delete, rename, mode and
 * encoding semantics.
 */
export async function planApply(changeSet: ChangeSet, decisions: Decisions, fs: WorkspaceFs): Promise<ApplyPlan> {
  if (decisions.changeSetId !== changeSet.id) throw new Error(`the decisions belong to ${decisions.changeSetId}, not ${changeSet.id}`);
  const plan: ApplyPlan = { changeSetId: changeSet.id, steps: [], skipped: [], conflicts: [] };
  for (const file of changeSet.files) await planFile(file, decisions, fs, plan);
  return plan;
}

async function planFile(file: FileChange, decisions: Decisions, fs: WorkspaceFs, plan: ApplyPlan): Promise<void> {
  const hunkVerdict = (h: ReviewHunk) => unitVerdict(decisions, file.path, { kind: 'hunk', index: h.index });
  const isApproved = (h: ReviewHunk) => hunkVerdict(h) === 'approved';
  const opApproved = !!file.operation && unitVerdict(decisions, file.path, { kind: 'operation' }) === 'approved';
  const byVerdict = {
    approvedHunks: file.hunks.filter(isApproved).map((h) => h.index),
    rejectedHunks: file.hunks.filter((h) => hunkVerdict(h) === 'rejected').map((h) => h.index),
    pendingHunks: file.hunks.filter((h) => hunkVerdict(h) === 'pending').map((h) => h.index),
  };
  const skip = (reason: string): void => {
    plan.skipped.push({ path: file.path, reason });
  };
  const conflict = (reason: string, hunks: HunkConflict[] = []): void => {
    plan.conflicts.push({ path: file.path, reason, hunks });
  };
  const anyHunkApproved = byVerdict.approvedHunks.length > 0;

  // The path the content lives at now: the old path of a rename.
  const sourcePath = file.status === 'renamed' ? file.previousPath! : file.path;
  const current = await readOrConflict(fs, sourcePath);
  if (isUnsafe(current)) return conflict(current.unsafe);

  if (file.status === 'added') {
    const approved = file.kind === 'binary' || file.hunks.length === 0 ? opApproved : anyHunkApproved;
    if (!approved) return skip('not approved: nothing is created');
    const content = file.kind === 'binary' ? { bytes: Buffer.from(file.after!.base64!, 'base64') } : textContent(composeApproved('', file.after!.text!, file.hunks, isApproved), file.after!.encoding as TextEncoding, file.after!.bom);
    if (current) {
      if (sameBytes(current.bytes, content.bytes)) return skip('already exists with the approved content');
      return conflict('a file now exists at this path; it will not be replaced');
    }
    plan.steps.push({ kind: 'write', path: file.path, creates: true, expectedSha256: null, rebased: false, ...byVerdict, ...content, mode: file.after!.mode });
    return;
  }

  if (file.status === 'deleted') {
    const approved = file.kind === 'binary' || file.hunks.length === 0 ? opApproved : file.hunks.length > 0 && byVerdict.approvedHunks.length === file.hunks.length;
    if (!approved) return skip('not approved: the file is kept');
    if (!current) return skip('already deleted');
    if (sha256Hex(current.bytes) !== file.before!.sha256) return conflict('the file changed since the proposal; deleting it would lose those changes');
    plan.steps.push({ kind: 'delete', path: file.path, expectedSha256: file.before!.sha256, rebased: false, ...byVerdict });
    return;
  }

  // Modified or renamed.
  const renameApproved = file.status === 'renamed' && opApproved;
  if (!anyHunkApproved && !opApproved) return skip('nothing approved: the file is kept as it is');
  // Already as approved (an apply that was cut short, or the agent wrote it itself): nothing to do.
  const expected = approvedFileResult(file, decisions);
  if (expected.exists) {
    const atTarget = expected.path === sourcePath ? current : await readOrConflict(fs, expected.path);
    const sourceGone = expected.path === sourcePath || !current;
    if (atTarget && !isUnsafe(atTarget) && sourceGone && sameBytes(atTarget.bytes, expected.bytes)) return skip('the file already has the approved content');
  }
  if (!current) return conflict(`${sourcePath} was deleted since the proposal`);
  const currentSha = sha256Hex(current.bytes);
  const unchangedSince = currentSha === file.before!.sha256;
  let content: PlannedContent;
  let rebased = false;
  if (file.kind === 'binary') {
    if (!unchangedSince) return conflict('the file changed since the proposal; binary content cannot be merged');
    content = { bytes: opApproved ? Buffer.from(file.after!.base64!, 'base64') : current.bytes };
  } else {
    const decoded = decodeContent(current.bytes);
    if (decoded.kind !== 'text') return conflict('the file is no longer text the gate can edit');
    let text: string;
    if (unchangedSince) {
      text = composeApproved(file.before!.text!, file.after!.text!, file.hunks, isApproved);
    } else {
      const result = rebaseApproved(file.before!.text!, decoded.text, file.after!.text!, file.hunks, isApproved);
      if (!result.ok) return conflict('the file changed since the proposal and some approved hunks no longer apply', result.conflicts);
      text = result.text;
      rebased = true;
    }
    // Encoding and BOM change only with the approved operation; otherwise the file keeps its own.
    const encodingApproved = opApproved && !!file.operation?.kinds.includes('encoding');
    const encoding = encodingApproved ? (file.after!.encoding as TextEncoding) : decoded.encoding;
    const bom = encodingApproved ? file.after!.bom : decoded.bom;
    content = textContent(text, encoding, bom);
  }
  const modeApproved = opApproved && !!file.operation?.kinds.includes('mode');
  content.mode = modeApproved ? file.after!.mode : current.mode;

  if (file.status === 'renamed' && renameApproved) {
    const target = await readOrConflict(fs, file.path);
    if (isUnsafe(target)) return conflict(target.unsafe);
    if (target) return conflict(`${file.path} now exists; the rename will not replace it`);
    plan.steps.push({ kind: 'rename', from: sourcePath, path: file.path, expectedSha256: currentSha, rebased, ...byVerdict, ...content });
    return;
  }
  if (sameBytes(content.bytes, current.bytes) && content.mode === current.mode) return skip('the file already has the approved content');
  plan.steps.push({ kind: 'write', path: sourcePath, creates: false, expectedSha256: currentSha, rebased, ...byVerdict, ...content });
}

function textContent(text: string, encoding: TextEncoding, bom: boolean): PlannedContent {
  return { bytes: encodeContent(text, encoding, bom), text, encoding, bom };
}

/** What one file would look like after its approved units, computed from the proposal alone. */
export type ApprovedFileResult =
  | { exists: false }
  | { exists: true; path: string; bytes: Uint8Array; text?: string; mode?: number };

/**
 * The file the decisions produce, relative to the proposal's `before` (no disk access, no rebase):
 * what the hook road puts in `updatedInput` so the agent's own write yields exactly base + approved
 * hunks. For a file whose approved units change nothing, it is the `before` side (or absent).
 */
export function approvedFileResult(file: FileChange, decisions: Decisions): ApprovedFileResult {
  const isApproved = (h: ReviewHunk) => unitVerdict(decisions, file.path, { kind: 'hunk', index: h.index }) === 'approved';
  const opApproved = !!file.operation && unitVerdict(decisions, file.path, { kind: 'operation' }) === 'approved';
  const anyHunk = file.hunks.some(isApproved);
  const allHunks = file.hunks.length > 0 && file.hunks.every(isApproved);
  const before = file.before;
  const after = file.after;
  if (file.status === 'added') {
    const created = file.kind === 'binary' || file.hunks.length === 0 ? opApproved : anyHunk;
    if (!created) return { exists: false };
    if (file.kind === 'binary') return { exists: true, path: file.path, bytes: Buffer.from(after!.base64!, 'base64'), mode: after!.mode };
    const text = composeApproved('', after!.text!, file.hunks, isApproved);
    return { exists: true, path: file.path, text, bytes: encodeContent(text, after!.encoding as TextEncoding, after!.bom), mode: after!.mode };
  }
  if (file.status === 'deleted') {
    const deleted = file.kind === 'binary' || file.hunks.length === 0 ? opApproved : allHunks;
    if (deleted) return { exists: false };
    return { exists: true, path: file.path, bytes: before!.base64 !== undefined ? Buffer.from(before!.base64, 'base64') : encodeContent(before!.text!, before!.encoding as TextEncoding, before!.bom), text: before!.text, mode: before!.mode };
  }
  const path = file.status === 'renamed' && opApproved ? file.path : (file.previousPath ?? file.path);
  const modeApproved = opApproved && !!file.operation?.kinds.includes('mode');
  const mode = modeApproved ? after!.mode : before!.mode;
  if (file.kind === 'binary') {
    const bytes = Buffer.from((opApproved ? after! : before!).base64!, 'base64');
    return { exists: true, path, bytes, mode };
  }
  const text = composeApproved(before!.text!, after!.text!, file.hunks, isApproved);
  const encodingApproved = opApproved && !!file.operation?.kinds.includes('encoding');
  const side = encodingApproved ? after! : before!;
  return { exists: true, path, text, bytes: encodeContent(text, side.encoding as TextEncoding, side.bom), mode };
}
