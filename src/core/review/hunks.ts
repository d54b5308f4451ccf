import { structuredPatch } from 'diff';
import type { Hunk } from '../model/change';
import type { Finding } from '../model/finding';
import { maxRisk } from '../model/finding';

/** Lines of context around each hunk, as in `git diff`. */
export const HUNK_CONTEXT_LINES = 3;

export interface LineDiff {
  hunks: Omit<Hunk, 'risk' | 'findings'>[];
  /** 1-based lines of the new text that are added or changed. */
  addedLines: Set<number>;
}

/**
 * Diffs two texts line by line. Line endings are compared as they are, so a CRLF-only change is a change.
 * jsdiff's own time limit keeps pathological inputs bounded; past it, the whole file counts as changed.
 */
export function diffLines(before: string, after: string, timeoutMs = 2000): LineDiff {
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
