import { diffArrays } from 'diff';
import { splitLinesKeepEnds } from './content';
import type { ReviewHunk } from './model';

/** The line ranges of a hunk as 0-based indexes into the before and after lines. */
function rangesOf(hunk: Pick<ReviewHunk, 'oldStart' | 'oldLines' | 'newStart' | 'newLines'>): { oldIndex: number; newIndex: number } {
  // jsdiff numbers an empty range by the line after it, so `start - 1` is the index in both cases;
  // the whole-file fallback uses 0 for an empty side, hence the clamp.
  return { oldIndex: Math.max(0, hunk.oldStart - 1), newIndex: Math.max(0, hunk.newStart - 1) };
}

/**
 * The exact result of applying the approved hunks to the base: lines outside hunks and lines of
 * rejected (or pending) hunks come from `before`, lines of approved hunks from `after`. Lines keep their
 * own terminators, so CRLF, mixed endings and a missing final newline come out byte for byte.
 * Approving every hunk gives `after`; approving none gives `before`.
 */
export function composeApproved(before: string, after: string, hunks: readonly ReviewHunk[], isApproved: (hunk: ReviewHunk) => boolean): string {
  const oldLines = splitLinesKeepEnds(before);
  const newLines = splitLinesKeepEnds(after);
  const out: string[] = [];
  let position = 0;
  for (const hunk of [...hunks].sort((a, b) => a.oldStart - b.oldStart)) {
    const { oldIndex, newIndex } = rangesOf(hunk);
    if (oldIndex < position || oldIndex + hunk.oldLines > oldLines.length || newIndex + hunk.newLines > newLines.length) {
      throw new Error(`hunk ${hunk.index} does not fit the texts it was computed from`);
    }
    for (let i = position; i < oldIndex; i++) out.push(oldLines[i]);
    if (isApproved(hunk)) for (let i = newIndex; i < newIndex + hunk.newLines; i++) out.push(newLines[i]);
    else for (let i = oldIndex; i < oldIndex + hunk.oldLines; i++) out.push(oldLines[i]);
    position = oldIndex + hunk.oldLines;
  }
  for (let i = position; i < oldLines.length; i++) out.push(oldLines[i]);
  return out.join('');
}

/** A hunk that could not be carried onto the current text. */
export interface HunkConflict {
  hunk: number;
  /** One line for a person. */
  reason: string;
}

/** The result of a rebase: the new text, or the hunks that conflict (then there is no text). */
export type RebaseResult = { ok: true; text: string } | { ok: false; conflicts: HunkConflict[] };

/**
 * Carries the approved hunks onto `current`, a text that changed since the proposal was made from
 * `before`. A hunk applies only when every line it covers in `before` (its changed lines and its
 * context, i.e. fuzz 0) is still present, unchanged and contiguous in `current`; it is then placed where
 * those lines are now. Any other approved hunk is a conflict, and nothing is produced for the file:
 * a person's edit is never overwritten. Rejected hunks do not matter: they leave current lines alone.
 */
export function rebaseApproved(before: string, current: string, after: string, hunks: readonly ReviewHunk[], isApproved: (hunk: ReviewHunk) => boolean, timeoutMs = 2000): RebaseResult {
  const approved = hunks.filter(isApproved).sort((a, b) => a.oldStart - b.oldStart);
  if (approved.length === 0) return { ok: true, text: current };
  const oldLines = splitLinesKeepEnds(before);
  const currentLines = splitLinesKeepEnds(current);
  const newLines = splitLinesKeepEnds(after);
  const changes = diffArrays(oldLines, currentLines, { timeout: timeoutMs });
  if (!changes) return { ok: false, conflicts: approved.map((h) => ({ hunk: h.index, reason: 'the file changed too much since the proposal to compare it in time' })) };

  // Where each unchanged line of `before` sits in `current`, or -1 when it was edited or removed.
  const map = new Int32Array(oldLines.length).fill(-1);
  let i = 0;
  let j = 0;
  for (const change of changes) {
    const count = change.count ?? change.value.length;
    if (change.added) j += count;
    else if (change.removed) i += count;
    else for (let k = 0; k < count; k++) map[i++] = j++;
  }

  const conflicts: HunkConflict[] = [];
  const placements: { at: number; length: number; lines: string[] }[] = [];
  for (const hunk of approved) {
    const { oldIndex, newIndex } = rangesOf(hunk);
    const replacement = newLines.slice(newIndex, newIndex + hunk.newLines);
    if (hunk.oldLines === 0) {
      // Nothing to anchor on: the base was empty. It applies only if the file is still empty.
      if (currentLines.length === 0) placements.push({ at: 0, length: 0, lines: replacement });
      else conflicts.push({ hunk: hunk.index, reason: 'the file was empty when the change was proposed and now has content' });
      continue;
    }
    const start = map[oldIndex];
    let intact = start >= 0;
    for (let k = 1; intact && k < hunk.oldLines; k++) intact = map[oldIndex + k] === start + k;
    if (!intact) {
      conflicts.push({ hunk: hunk.index, reason: `lines ${hunk.oldStart}–${hunk.oldStart + hunk.oldLines - 1} of the original (the hunk or its context) were edited since the proposal` });
      continue;
    }
    placements.push({ at: start, length: hunk.oldLines, lines: replacement });
  }
  if (conflicts.length > 0) return { ok: false, conflicts };
  const out: string[] = [];
  let position = 0;
  for (const placement of placements) {
    for (let k = position; k < placement.at; k++) out.push(currentLines[k]);
    out.push(...placement.lines);
    position = placement.at + placement.length;
  }
  for (let k = position; k < currentLines.length; k++) out.push(currentLines[k]);
  return { ok: true, text: out.join('') };
}
