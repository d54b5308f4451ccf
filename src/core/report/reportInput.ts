import type { Category, Finding, Severity } from '../model/finding';
import { CATEGORIES, SEVERITIES } from '../model/finding';
import type { SkippedFile } from '../scan/input';

/** What the Markdown and HTML reports render. Every string in it may come from a hostile file. */
export interface ReportInput {
  findings: readonly Finding[];
  skipped?: readonly SkippedFile[];
  toolVersion: string;
  /** When the report was made; shown, never used for anything else. */
  generatedAt: Date;
  /** What was scanned, e.g. "workspace" or "uncommitted changes". */
  scope?: string;
  /** Files scanned, when known. */
  filesScanned?: number;
  /** True when a budget or a cancel cut the scan short. */
  partial?: boolean;
}

/** Finding counts by category (rows) and severity (columns), every cell present. */
export function countMatrix(findings: readonly Finding[]): Record<Category, Record<Severity, number>> {
  const matrix = Object.fromEntries(CATEGORIES.map((c) => [c, Object.fromEntries(SEVERITIES.map((s) => [s, 0]))])) as Record<Category, Record<Severity, number>>;
  for (const finding of findings) matrix[finding.category][finding.severity]++;
  return matrix;
}

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
  for (const finding of findings) counts[finding.severity]++;
  return counts;
}
