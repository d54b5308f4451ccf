import { readFile, stat } from 'node:fs/promises';
import type { Finding } from '../model/finding';
import { compareFindings } from '../model/finding';
import type { EngineOptions } from './engine';
import { scanText } from './engine';
import type { SkippedFile } from './input';
import { DEFAULT_MAX_FILE_BYTES, ScanInputError, decodeForScan, formatBytes } from './input';
import type { ScanSummary } from './summary';
import { SummaryBuilder } from './summary';

export interface FileScanOptions extends EngineOptions {
  /** Files over this many bytes are skipped (default 1 MiB). */
  maxFileBytes?: number;
  signal?: AbortSignal;
  onProgress?: (done: number, file: string) => void;
}

/** The result of scanning many files. */
export interface ScanResult {
  findings: Finding[];
  skipped: SkippedFile[];
  ruleErrors: { file: string; ruleId: string; message: string }[];
  summary: ScanSummary;
}

/** A file to scan: where to read it, and the path reports should show. */
export interface FileToScan {
  absolutePath: string;
  relativePath: string;
}

/**
 * Scans files one at a time, reading each only when its turn comes, so memory stays flat with corpus size.
 * A file that can't be read or decoded becomes a skip entry; it never stops the scan.
 */
export async function scanFiles(
  files: AsyncIterable<FileToScan> | Iterable<FileToScan>,
  options: FileScanOptions,
  skipped: SkippedFile[] = [],
): Promise<ScanResult> {
  const summary = new SummaryBuilder();
  const findings: Finding[] = [];
  const ruleErrors: ScanResult['ruleErrors'] = [];
  const maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES;

  for await (const file of files) {
    if (options.signal?.aborted) {
      summary.partial = true;
      break;
    }
    const text = await readForScan(file, maxBytes, skipped);
    if (text === undefined) continue;
    const result = await scanText(file.relativePath, text, options);
    summary.filesScanned++;
    summary.bytesScanned += Buffer.byteLength(text);
    summary.suppressed += result.suppressed;
    if (result.timedOut) {
      skipped.push({ file: file.relativePath, reason: 'timeout', detail: `${file.relativePath}: time budget ran out; results for this file are partial` });
    }
    for (const error of result.ruleErrors) ruleErrors.push({ file: file.relativePath, ...error });
    findings.push(...result.findings);
    options.onProgress?.(summary.filesScanned, file.relativePath);
  }
  findings.sort(compareFindings);
  return { findings, skipped, ruleErrors, summary: summary.build(findings, skipped) };
}

/** Reads and decodes one file, or records why it was skipped. Size is checked before reading. */
export async function readForScan(file: FileToScan, maxBytes: number, skipped: SkippedFile[]): Promise<string | undefined> {
  try {
    const info = await stat(file.absolutePath);
    if (info.size > maxBytes) {
      skipped.push({ file: file.relativePath, reason: 'too-large', detail: `${file.relativePath}: ${formatBytes(info.size)} is over the ${formatBytes(maxBytes)} limit` });
      return undefined;
    }
    return decodeForScan(file.relativePath, await readFile(file.absolutePath), maxBytes);
  } catch (error) {
    if (ScanInputError.is(error)) {
      skipped.push({ file: file.relativePath, reason: error.reason, detail: error.message });
    } else {
      const code = (error as NodeJS.ErrnoException).code;
      skipped.push({
        file: file.relativePath,
        reason: code === 'ENOENT' ? 'not-found' : 'unreadable',
        detail: `${file.relativePath}: ${code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : 'cannot be read'}`,
      });
    }
    return undefined;
  }
}
