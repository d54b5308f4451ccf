import { structuredPatch } from 'diff';
import type { Hunk } from '../model/change';
import type { Finding } from '../model/finding';
import { maxRisk } from '../model/finding';

/** Lines of context around each hunk, as in `git diff`. */
export const HUNK_CONTEXT_LINES = 3;

/** A line diff: jsdiff-shaped hunks without findings, and the new-side lines that changed. */
export interface LineDiff {
  hunks: Omit<Hunk, 'risk' | 'findings'>[];
  /** 1-based lines of the new text that are added or changed. */
  addedLines: Set<number>;
}

/** Past this many edit steps, the fast diff hands over to jsdiff (bounded by its own time limit). */
const MAX_FAST_EDIT_DISTANCE = 2000;

/**
 * Diffs two texts line by line. Line endings are compared as they are, so a CRLF-only change is a change.
 * Lines are interned to integers and diffed with Myers' algorithm after trimming the common prefix and
 * suffix, which is several times faster than jsdiff's string tokens for review-sized files; the hunks are
 * jsdiff's structuredPatch hunks (same numbering, context and "\\ No newline at end of file" markers).
 * Very different texts fall back to jsdiff itself, with its time limit; past it, the whole file counts
 * as changed.
 */
export function diffLines(before: string, after: string, timeoutMs = 2000): LineDiff {
  const oldTokens = splitKeepEnds(before);
  const newTokens = splitKeepEnds(after);
  const script = fastLineDiff(oldTokens, newTokens);
  if (script) return buildHunks(oldTokens, newTokens, script);
  return jsdiffLines(before, after, timeoutMs);
}

function jsdiffLines(before: string, after: string, timeoutMs: number): LineDiff {
  const patch = structuredPatch('before', 'after', before, after, undefined, undefined, { context: HUNK_CONTEXT_LINES, timeout: timeoutMs });
  if (!patch) return wholeFileChange(before, after);
  const addedLines = new Set<number>();
  const hunks = patch.hunks.map((hunk, i) => {
    let newLine = hunk.newStart;
    for (const line of hunk.lines) {
      if (line.startsWith('+')) addedLines.add(newLine++);
      else if (line.startsWith(' ')) newLine++;
    }
    return { index: i + 1, oldStart: hunk.oldStart, oldLines: hunk.oldLines, newStart: hunk.newStart, newLines: hunk.newLines, lines: hunk.lines };
  });
  return { hunks, addedLines };
}

/** Lines with their terminators: joining them gives the text back. */
function splitKeepEnds(text: string): string[] {
  const lines: string[] = [];
  let start = 0;
  while (start < text.length) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline + 1;
    lines.push(text.slice(start, end));
    start = end;
  }
  return lines;
}

/** One run of the edit script: `equal` lines on both sides, or lines only `removed` from old or `added` in new. */
type Edit = { kind: 'equal' | 'removed' | 'added'; count: number };

/** The edit script from old to new lines, or undefined when the texts are too different for the fast path. */
function fastLineDiff(oldTokens: readonly string[], newTokens: readonly string[]): Edit[] | undefined {
  const ids = new Map<string, number>();
  const intern = (tokens: readonly string[]) => {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      let id = ids.get(tokens[i]);
      if (id === undefined) ids.set(tokens[i], (id = ids.size));
      out[i] = id;
    }
    return out;
  };
  const a = intern(oldTokens);
  const b = intern(newTokens);
  let prefix = 0;
  while (prefix < a.length && prefix < b.length && a[prefix] === b[prefix]) prefix++;
  let suffix = 0;
  while (suffix < a.length - prefix && suffix < b.length - prefix && a[a.length - 1 - suffix] === b[b.length - 1 - suffix]) suffix++;
  const middle = myers(a.subarray(prefix, a.length - suffix), b.subarray(prefix, b.length - suffix), MAX_FAST_EDIT_DISTANCE);
  if (!middle) return undefined;
  const script: Edit[] = [];
  const push = (kind: Edit['kind'], count: number) => {
    if (count === 0) return;
    const last = script[script.length - 1];
    if (last && last.kind === kind) last.count += count;
    else script.push({ kind, count });
  };
  push('equal', prefix);
  for (const edit of middle) push(edit.kind, edit.count);
  push('equal', suffix);
  return script;
}

/**
 * Myers' O(ND) diff of two integer sequences, removals before additions within a change (as jsdiff).
 * Returns undefined when the edit distance passes `maxD` (its trace would cost O(D²) memory).
 */
function myers(a: Int32Array, b: Int32Array, maxD: number): Edit[] | undefined {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return [...(n ? [{ kind: 'removed' as const, count: n }] : []), ...(m ? [{ kind: 'added' as const, count: m }] : [])];
  const max = Math.min(n + m, maxD);
  const offset = max + 1;
  const v = new Int32Array(2 * max + 3);
  const trace: Int32Array[] = [];
  let found = -1;
  for (let d = 0; d <= max && found < 0; d++) {
    for (let k = -d; k <= d; k += 2) {
      let x = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let y = x - k;
      while (x < n && y < m && a[x] === b[y]) {
        x++;
        y++;
      }
      v[offset + k] = x;
      if (x >= n && y >= m) {
        found = d;
        break;
      }
    }
    trace.push(v.slice(offset - d - 1, offset + d + 2));
  }
  if (found < 0) return undefined;
  // Walk back from (n, m) through the saved frontiers.
  const reversed: Edit[] = [];
  const push = (kind: Edit['kind'], count: number) => {
    if (count === 0) return;
    const last = reversed[reversed.length - 1];
    if (last && last.kind === kind) last.count += count;
    else reversed.push({ kind, count });
  };
  let x = n;
  let y = m;
  for (let d = found; d > 0; d--) {
    const frontier = trace[d - 1];
    // frontier holds k from -(d-1)-1 to (d-1)+1 at index k + d.
    const at = (k: number) => frontier[k + d];
    const k = x - y;
    const down = k === -d || (k !== d && at(k - 1) < at(k + 1));
    const prevK = down ? k + 1 : k - 1;
    const prevX = at(prevK);
    const prevY = prevX - prevK;
    const startX = down ? prevX : prevX + 1;
    push('equal', x - startX);
    if (down) push('added', 1);
    else push('removed', 1);
    x = prevX;
    y = prevY;
  }
  push('equal', x);
  reversed.reverse();
  // Within each change, put removals before additions, as jsdiff and git show them.
  const script: Edit[] = [];
  for (let i = 0; i < reversed.length; i++) {
    if (reversed[i].kind === 'equal') {
      script.push(reversed[i]);
      continue;
    }
    let removed = 0;
    let added = 0;
    while (i < reversed.length && reversed[i].kind !== 'equal') {
      if (reversed[i].kind === 'removed') removed += reversed[i].count;
      else added += reversed[i].count;
      i++;
    }
    i--;
    if (removed) script.push({ kind: 'removed', count: removed });
    if (added) script.push({ kind: 'added', count: added });
  }
  return script;
}

/** Groups an edit script into hunks with context, as jsdiff's structuredPatch does. */
function buildHunks(oldTokens: readonly string[], newTokens: readonly string[], script: readonly Edit[]): LineDiff {
  const context = HUNK_CONTEXT_LINES;
  const addedLines = new Set<number>();
  const hunks: LineDiff['hunks'] = [];
  const oldMissingNewline = oldTokens.length > 0 && !oldTokens[oldTokens.length - 1].endsWith('\n');
  const newMissingNewline = newTokens.length > 0 && !newTokens[newTokens.length - 1].endsWith('\n');
  const show = (token: string) => (token.endsWith('\n') ? token.slice(0, -1) : token);
  const NO_NEWLINE = '\\ No newline at end of file';

  let oi = 0;
  let ni = 0;
  let current: { oldStart: number; newStart: number; oldLines: number; newLines: number; lines: string[] } | undefined;
  const emit = (prefix: ' ' | '-' | '+') => {
    const h = current!;
    if (prefix === ' ') {
      h.lines.push(` ${show(oldTokens[oi])}`);
      const lastOld = oi === oldTokens.length - 1 && oldMissingNewline;
      const lastNew = ni === newTokens.length - 1 && newMissingNewline;
      if (lastOld || lastNew) h.lines.push(NO_NEWLINE);
      h.oldLines++;
      h.newLines++;
      oi++;
      ni++;
    } else if (prefix === '-') {
      h.lines.push(`-${show(oldTokens[oi])}`);
      if (oi === oldTokens.length - 1 && oldMissingNewline) h.lines.push(NO_NEWLINE);
      h.oldLines++;
      oi++;
    } else {
      h.lines.push(`+${show(newTokens[ni])}`);
      addedLines.add(ni + 1);
      if (ni === newTokens.length - 1 && newMissingNewline) h.lines.push(NO_NEWLINE);
      h.newLines++;
      ni++;
    }
  };
  const close = () => {
    if (!current) return;
    const { oldStart, oldLines, newStart, newLines, lines } = current;
    hunks.push({ index: hunks.length + 1, oldStart, oldLines, newStart, newLines, lines });
    current = undefined;
  };

  for (let s = 0; s < script.length; s++) {
    const edit = script[s];
    if (edit.kind === 'equal') {
      const isLast = s === script.length - 1;
      let rest = edit.count;
      if (current) {
        // A short run between two changes keeps them in one hunk, as jsdiff does.
        if (!isLast && rest <= 2 * context) {
          for (let k = 0; k < rest; k++) emit(' ');
          continue;
        }
        const trailing = Math.min(context, rest);
        for (let k = 0; k < trailing; k++) emit(' ');
        close();
        rest -= trailing;
      }
      // Skip to the leading context of the next hunk (none after the last change).
      const leading = isLast ? 0 : Math.min(context, rest);
      oi += rest - leading;
      ni += rest - leading;
      if (!isLast) {
        current = { oldStart: oi + 1, newStart: ni + 1, oldLines: 0, newLines: 0, lines: [] };
        for (let k = 0; k < leading; k++) emit(' ');
      }
      continue;
    }
    current ??= { oldStart: oi + 1, newStart: ni + 1, oldLines: 0, newLines: 0, lines: [] };
    for (let k = 0; k < edit.count; k++) emit(edit.kind === 'removed' ? '-' : '+');
  }
  close();
  return { hunks, addedLines };
}

function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

function wholeFileChange(before: string, after: string): LineDiff {
  const oldLines = splitLines(before);
  const newLines = splitLines(after);
  const addedLines = new Set(newLines.map((_, i) => i + 1));
  const lines = [...oldLines.map((l) => `-${l}`), ...newLines.map((l) => `+${l}`)];
  return {
    hunks: lines.length ? [{ index: 1, oldStart: oldLines.length ? 1 : 0, oldLines: oldLines.length, newStart: newLines.length ? 1 : 0, newLines: newLines.length, lines }] : [],
    addedLines,
  };
}

/**
 * Puts each finding under the hunk whose new-side lines hold its first line. Findings outside every
 * hunk are returned apart, so nothing is silently dropped.
 */
export function attachFindings(hunks: readonly Omit<Hunk, 'risk' | 'findings'>[], findings: readonly Finding[]): { hunks: Hunk[]; unattached: Finding[] } {
  const withFindings: Hunk[] = hunks.map((h) => ({ ...h, risk: 'none', findings: [] }));
  const unattached: Finding[] = [];
  for (const finding of findings) {
    const line = finding.range.startLine;
    const hunk = withFindings.find((h) => line >= h.newStart && line < h.newStart + Math.max(h.newLines, 1));
    if (hunk) hunk.findings.push(finding);
    else unattached.push(finding);
  }
  for (const hunk of withFindings) hunk.risk = maxRisk(hunk.findings.map((f) => f.severity));
  return { hunks: withFindings, unattached };
}
