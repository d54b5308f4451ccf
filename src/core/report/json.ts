import type { FileChangeReport } from '../model/change';
import type { Finding, Risk } from '../model/finding';
import type { SkippedFile } from '../scan/input';
import type { ScanSummary } from '../scan/summary';

/** The `--format json` document of `agent-guard scan`. */
export interface JsonScanReport {
  version: 1;
  tool: { name: 'agent-guard'; version: string };
  findings: Finding[];
  skipped: SkippedFile[];
  summary: ScanSummary;
}

/** The `--format json` document of `agent-guard diff`: adds the overall risk and per-file hunks. */
export interface JsonDiffReport extends JsonScanReport {
  risk: Risk;
  files: FileChangeReport[];
}

export function toJsonScanReport(findings: Finding[], skipped: SkippedFile[], summary: ScanSummary, toolVersion: string): JsonScanReport {
  return { version: 1, tool: { name: 'agent-guard', version: toolVersion }, findings, skipped, summary };
}

export function toJsonDiffReport(
  findings: Finding[],
  files: FileChangeReport[],
  skipped: SkippedFile[],
  summary: ScanSummary,
  toolVersion: string,
): JsonDiffReport {
  return { ...toJsonScanReport(findings, skipped, summary, toolVersion), risk: summary.risk, files };
}
