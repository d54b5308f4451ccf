import type { Category, Finding, Risk, Severity } from '../model/finding';
import { CATEGORIES, SEVERITIES, maxRisk } from '../model/finding';
import type { SkippedFile } from './input';

/** Totals a report shows under its findings. */
export interface ScanSummary {
  filesScanned: number;
  bytesScanned: number;
  filesSkipped: number;
  findings: number;
  bySeverity: Record<Severity, number>;
  byCategory: Record<Category, number>;
  suppressed: number;
  /** True when a budget cut any file short; `skipped` says which. */
  partial: boolean;
  risk: Risk;
  durationMs: number;
}

/** Counts that a scan accumulates file by file, so the corpus is never held in memory. */
export class SummaryBuilder {
  filesScanned = 0;
  bytesScanned = 0;
  suppressed = 0;
  partial = false;
  private readonly started = performance.now();

  build(findings: readonly Finding[], skipped: readonly SkippedFile[]): ScanSummary {
    const bySeverity = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<Severity, number>;
    const byCategory = Object.fromEntries(CATEGORIES.map((c) => [c, 0])) as Record<Category, number>;
    for (const finding of findings) {
      bySeverity[finding.severity]++;
      byCategory[finding.category]++;
    }
    return {
      filesScanned: this.filesScanned,
      bytesScanned: this.bytesScanned,
      filesSkipped: skipped.length,
      findings: findings.length,
      bySeverity,
      byCategory,
      suppressed: this.suppressed,
      partial: this.partial || skipped.some((s) => s.reason === 'timeout'),
      risk: maxRisk(findings.map((f) => f.severity)),
      durationMs: Math.round(performance.now() - this.started),
    };
  }
}
