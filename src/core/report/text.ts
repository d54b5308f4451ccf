import type { FileChangeReport } from '../model/change';
import type { Finding, Severity } from '../model/finding';
import { SEVERITIES } from '../model/finding';
import { showInvisibles } from '../model/safeText';
import type { SkippedFile } from '../scan/input';
import type { ScanSummary } from '../scan/summary';

export interface TextReportOptions {
  color: boolean;
  /** Diff mode: per-file status and risk. */
  files?: readonly FileChangeReport[];
}

const COLORS: Record<Severity | 'dim' | 'bold' | 'reset', string> = {
  critical: '\u001b[1;35m',
  high: '\u001b[31m',
  medium: '\u001b[33m',
  low: '\u001b[36m',
  dim: '\u001b[2m',
  bold: '\u001b[1m',
  reset: '\u001b[0m',
};

/**
 * The human report. Every piece of text from a scanned file passes through showInvisibles, so the
 * terminal never receives a control, bidi or tag character from it.
 */
export function toText(findings: readonly Finding[], skipped: readonly SkippedFile[], summary: ScanSummary, options: TextReportOptions): string {
  const paint = (style: keyof typeof COLORS, text: string) => (options.color ? `${COLORS[style]}${text}${COLORS.reset}` : text);
  const safe = (text: string) => showInvisibles(text);
  const out: string[] = [];
  const statusByPath = new Map(options.files?.map((f) => [f.path, f]));

  let currentFile: string | undefined;
  for (const finding of findings) {
    if (finding.file !== currentFile) {
      currentFile = finding.file;
      const change = statusByPath.get(finding.file);
      const status = change ? paint('dim', ` (${change.status}, risk ${change.risk})`) : '';
      out.push('', paint('bold', safe(finding.file)) + status);
    }
    const where = `${finding.range.startLine}:${finding.range.startColumn}`.padEnd(8);
    const severity = paint(finding.severity, finding.severity.toUpperCase().padEnd(8));
    out.push(`  ${where} ${severity} ${safe(finding.message)}  ${paint('dim', finding.ruleId)}`);
    if (finding.evidence) out.push(`  ${' '.repeat(8)} ${' '.repeat(8)} ${paint('dim', safe(finding.evidence))}`);
    out.push(`  ${' '.repeat(17)} ${paint('dim', `fix: ${safe(finding.remediation)}`)}`);
  }
  if (skipped.length) {
    out.push('', paint('bold', `Skipped ${skipped.length} file${skipped.length === 1 ? '' : 's'}:`));
    for (const skip of skipped.slice(0, 50)) out.push(`  ${safe(skip.detail)}`);
    if (skipped.length > 50) out.push(`  … and ${skipped.length - 50} more`);
  }
  out.push('', summaryLine(summary, paint));
  return `${out.join('\n').replace(/^\n/, '')}\n`;
}

function summaryLine(summary: ScanSummary, paint: (style: keyof typeof COLORS, text: string) => string): string {
  const counts = SEVERITIES.filter((s) => summary.bySeverity[s] > 0).map((s) => paint(s, `${summary.bySeverity[s]} ${s}`));
  const found = summary.findings === 0 ? 'no findings' : `${summary.findings} finding${summary.findings === 1 ? '' : 's'} (${counts.join(', ')})`;
  const extras = [
    `${summary.filesScanned} file${summary.filesScanned === 1 ? '' : 's'} scanned`,
    summary.filesSkipped ? `${summary.filesSkipped} skipped` : '',
    summary.suppressed ? `${summary.suppressed} suppressed` : '',
    summary.partial ? 'PARTIAL: a time budget ran out' : '',
    `${summary.durationMs} ms`,
  ].filter(Boolean);
  return `${found}; ${extras.join(', ')}`;
}
