/**
 * The engine bundle's surface for the extension host. The extension loads this bundle on first use,
 * never at activation, so parsers and rule tables cost nothing until something is scanned.
 */
import { allRules } from './rules/index';
import type { EngineOptions, FileScanResult } from './scan/engine';
import { scanText } from './scan/engine';
import type { LanguageId } from './scan/language';
import { diffLines } from './review/hunks';

export { allRules };
export { scanTextChange } from './scan/diffScan';
export { scanFiles } from './scan/scanFiles';
export { walkFiles } from './scan/walk';
export { createBaseline, parseBaseline } from './suppress/baseline';
export { toSarif } from './report/sarif';
export { buildChangeSet, buildChangeSetFromContents } from './review/build';
export { planApply } from './review/plan';
export { executePlan, revertLastApply } from './review/apply';

/** Scans one document's text with the full registry. */
export function scanDocument(path: string, text: string, options: Omit<EngineOptions, 'rules'>, language?: LanguageId): Promise<FileScanResult> {
  return scanText(path, text, { ...options, rules: allRules }, undefined, language);
}
export { ReviewGate } from './review/gate';
export { AlertDetector } from './alerts/detector';
export { AuditLog, verifyAuditDirectory, readAuditLines } from './audit/auditLog';
export { exportAuditCsv, exportAuditJson } from './audit/export';
export { findRule } from './rules/index';
export { toMarkdown } from './report/markdown';
export { toHtml } from './report/html';
export { GitleaksIgnore, GITLEAKS_IGNORE_FILE_NAME } from './suppress/gitleaksIgnore';
export { isPathIgnored, AGENT_GUARD_IGNORE_FILE_NAME } from './suppress/pathIgnore';
export { BASELINE_FILE_NAME } from './suppress/baseline';
export { gitRoot, readHeadText } from './git/gitChanges';
export { openAdvisoryDatabase, readIndexMeta } from './deps/advisories/store';
export { updateAdvisories, folderSource } from './deps/advisories/update';

/**
 * 1-based lines of `after` that a change from `before` added or changed. The common prefix and suffix are
 * trimmed first and only the middle is diffed, so a one-character edit in a long file costs a short diff.
 */
export function changedLines(before: string, after: string): Set<number> {
  const a = before.split('\n');
  const b = after.split('\n');
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const lines = new Set<number>();
  if (endB === start) return lines;
  const middle = diffLines(a.slice(start, endA).join('\n'), b.slice(start, endB).join('\n'));
  for (const line of middle.addedLines) lines.add(line + start);
  return lines;
}

/**
 * Scans a document in diff mode against an earlier text of it (the saved file, or git HEAD): findings are
 * kept when they touch a changed line, or when a change-aware rule reports them.
 */
export function scanDocumentChange(path: string, before: string, after: string, options: Omit<EngineOptions, 'rules'>, language?: LanguageId): Promise<FileScanResult> {
  return scanText(path, after, { ...options, rules: allRules }, { status: 'modified', beforePath: path, beforeText: before, addedLines: changedLines(before, after) }, language);
}
export { createIncidentReport, listIncidentAgents } from './incident/incidentReport';
export { purgeAuditLog } from './retention/auditPurge';
