/**
 * The engine bundle's surface for the extension host. The extension loads this bundle on first use,
 * never at activation, so parsers and rule tables cost nothing until something is scanned.
 */
import { allRules } from './rules/index';
import type { EngineOptions, FileScanResult } from './scan/engine';
import { scanText } from './scan/engine';
import type { LanguageId } from './scan/language';

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
export { findRule } from './rules/index';
export { toMarkdown } from './report/markdown';
export { toHtml } from './report/html';
export { GitleaksIgnore, GITLEAKS_IGNORE_FILE_NAME } from './suppress/gitleaksIgnore';
export { isPathIgnored, AGENT_GUARD_IGNORE_FILE_NAME } from './suppress/pathIgnore';
export { BASELINE_FILE_NAME } from './suppress/baseline';
export { gitRoot, readHeadText } from './git/gitChanges';
