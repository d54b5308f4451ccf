import type { Finding, Risk, Severity } from '../model/finding';
import { SEVERITIES, maxRisk, riskRank } from '../model/finding';
import type { ChangeSetStats, FileChange } from './model';

/** Every finding of a file: those on hunks, then those on the file as a whole. */
export function findingsOfFile(file: FileChange): Finding[] {
  return [...file.hunks.flatMap((h) => h.findings), ...file.fileFindings];
}

/** The risk of a file: its most severe finding, or none. */
export function fileRisk(file: Pick<FileChange, 'hunks' | 'fileFindings'>): Risk {
  return maxRisk([...file.hunks.map((h) => h.risk), ...file.fileFindings.map((f) => f.severity)]);
}

/** Counts files, hunks, lines and findings. */
export function computeStats(files: readonly FileChange[]): ChangeSetStats {
  const bySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0 };
  let hunks = 0;
  let additions = 0;
  let deletions = 0;
  for (const file of files) {
    hunks += file.hunks.length;
    additions += file.additions;
    deletions += file.deletions;
    for (const finding of findingsOfFile(file)) bySeverity[finding.severity]++;
  }
  const findings = SEVERITIES.reduce((n, s) => n + bySeverity[s], 0);
  return { files: files.length, hunks, additions, deletions, findings, bySeverity };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** How many findings the summary line names before it says "+N more". */
const SUMMARY_FINDINGS = 3;

/**
 * The one-line risk summary shown on top of the review: counts, then the highest risk and the most
 * severe findings with their place ("3 files, 7 hunks; HIGH: SQL built from request data in
 * api/users.ts:42; new dependency left-pad"). Messages are masked already by the engine.
 */
export function summarizeRisk(files: readonly FileChange[]): string {
  const stats = computeStats(files);
  const head = `${plural(stats.files, 'file')}, ${plural(stats.hunks, 'hunk')}`;
  const all = files.flatMap(findingsOfFile);
  if (all.length === 0) return `${head}; no findings`;
  const ordered = [...all].sort((a, b) => riskRank(b.severity) - riskRank(a.severity) || (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.range.startLine - b.range.startLine);
  const named = ordered.slice(0, SUMMARY_FINDINGS).map((f) => `${oneLine(f.message)} in ${f.file}:${f.range.startLine}`);
  const more = ordered.length > SUMMARY_FINDINGS ? `; +${ordered.length - SUMMARY_FINDINGS} more` : '';
  return `${head}; ${ordered[0].severity.toUpperCase()}: ${named.join('; ')}${more}`;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 120 ? `${flat.slice(0, 119)}…` : flat;
}
