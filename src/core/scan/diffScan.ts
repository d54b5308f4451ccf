import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { FileChangeReport, FileChangeStatus } from '../model/change';
import type { Finding } from '../model/finding';
import { compareFindings, maxRisk } from '../model/finding';
import { attachFindings, diffLines } from '../review/hunks';
import { scanText } from './engine';
import type { SkippedFile } from './input';
import { DEFAULT_MAX_FILE_BYTES } from './input';
import type { FileScanOptions, FileToScan } from './scanFiles';
import { readForScan } from './scanFiles';
import type { ScanSummary } from './summary';
import { SummaryBuilder } from './summary';

/** One file's texts before and after a change. Either side may be absent (added or deleted). */
export interface TextChange {
  path: string;
  previousPath?: string;
  before?: string;
  after?: string;
}

/** What a change introduces: findings on added lines, per file with hunks, and the overall risk. */
export interface DiffResult {
  findings: Finding[];
  files: FileChangeReport[];
  skipped: SkippedFile[];
  ruleErrors: { file: string; ruleId: string; message: string }[];
  summary: ScanSummary;
}

/**
 * Scans one file change in diff mode: the after-text is scanned with the before-text as context, and
 * only findings on added or changed lines are kept (change-aware rules decide for themselves).
 */
export async function scanTextChange(change: TextChange, options: FileScanOptions): Promise<{ report: FileChangeReport; findings: Finding[]; suppressed: number; timedOut: boolean; ruleErrors: { ruleId: string; message: string }[] }> {
  const status = statusOf(change);
  const before = change.before ?? '';
  const after = change.after ?? '';
  const { hunks, addedLines } = diffLines(before, after);
  const result = await scanText(change.path, after, options, {
    status,
    beforePath: change.previousPath ?? change.path,
    beforeText: change.before,
    addedLines,
  });
  const attached = attachFindings(hunks, result.findings);
  const report: FileChangeReport = {
    path: change.path,
    previousPath: change.previousPath,
    status,
    binary: false,
    risk: maxRisk(result.findings.map((f) => f.severity)),
    hunks: attached.hunks,
    fileFindings: attached.unattached,
  };
  return { report, findings: result.findings, suppressed: result.suppressed, timedOut: result.timedOut, ruleErrors: result.ruleErrors };
}

function statusOf(change: TextChange): FileChangeStatus {
  if (change.before === undefined) return 'added';
  if (change.after === undefined) return 'deleted';
  if (change.previousPath && change.previousPath !== change.path) return 'renamed';
  return 'modified';
}

/** A pair of files on disk: either side may be missing. */
export interface FilePair {
  path: string;
  before?: FileToScan;
  after?: FileToScan;
}

/** Scans a list of file pairs in diff mode. Unchanged files cost one read each and report nothing. */
export async function scanFilePairs(pairs: readonly FilePair[], options: FileScanOptions, skipped: SkippedFile[] = []): Promise<DiffResult> {
  const summary = new SummaryBuilder();
  const findings: Finding[] = [];
  const files: FileChangeReport[] = [];
  const ruleErrors: DiffResult['ruleErrors'] = [];
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;
  const resolved = await detectRenames(pairs);

  for (const pair of resolved) {
    if (options.signal?.aborted) {
      summary.partial = true;
      break;
    }
    const before = pair.before ? await readForScan(pair.before, maxBytes, skipped) : undefined;
    const after = pair.after ? await readForScan(pair.after, maxBytes, skipped) : undefined;
    if ((pair.before && before === undefined) || (pair.after && after === undefined)) continue;
    if (before === after) continue;
    const outcome = await scanTextChange({ path: pair.path, previousPath: pair.previousPath, before, after }, options);
    summary.filesScanned++;
    summary.bytesScanned += Buffer.byteLength(after ?? '');
    summary.suppressed += outcome.suppressed;
    if (outcome.timedOut) skipped.push({ file: pair.path, reason: 'timeout', detail: `${pair.path}: time budget ran out; results for this file are partial` });
    for (const error of outcome.ruleErrors) ruleErrors.push({ file: pair.path, ...error });
    findings.push(...outcome.findings);
    files.push(outcome.report);
  }
  findings.sort(compareFindings);
  return { findings, files, skipped, ruleErrors, summary: summary.build(findings, skipped) };
}

/** Pairs a deleted file with an added file of identical content as one rename. */
async function detectRenames(pairs: readonly FilePair[]): Promise<(FilePair & { previousPath?: string })[]> {
  const deleted = pairs.filter((p) => p.before && !p.after);
  const added = pairs.filter((p) => p.after && !p.before);
  if (deleted.length === 0 || added.length === 0) return [...pairs];
  const byHash = new Map<string, FilePair>();
  for (const pair of deleted) {
    const hash = await hashFile(pair.before!.absolutePath);
    if (hash) byHash.set(hash, pair);
  }
  const renamedFrom = new Map<FilePair, FilePair>();
  for (const pair of added) {
    const hash = await hashFile(pair.after!.absolutePath);
    const source = hash ? byHash.get(hash) : undefined;
    if (source) {
      byHash.delete(hash!);
      renamedFrom.set(pair, source);
    }
  }
  const consumed = new Set(renamedFrom.values());
  return pairs
    .filter((p) => !consumed.has(p))
    .map((p) => {
      const source = renamedFrom.get(p);
      return source ? { path: p.path, previousPath: source.path, before: source.before, after: p.after } : p;
    });
}

async function hashFile(path: string): Promise<string | undefined> {
  try {
    return createHash('sha256').update(await readFile(path)).digest('hex');
  } catch {
    return undefined;
  }
}
