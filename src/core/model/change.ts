import type { Finding, Risk } from './finding';

export type FileChangeStatus = 'added' | 'modified' | 'deleted' | 'renamed';

/** A contiguous region of change, as jsdiff's structuredPatch gives it, with what was found in it. */
export interface Hunk {
  /** 1-based index within the file. */
  index: number;
  oldStart: number;
  oldLines: number;
  newStart: number;
  newLines: number;
  /** Diff lines with their ' ', '+', '-' or '\' prefix. */
  lines: string[];
  risk: Risk;
  findings: Finding[];
}

/** What a change does to one file, with its findings mapped to hunks. */
export interface FileChangeReport {
  path: string;
  previousPath?: string;
  status: FileChangeStatus;
  binary: boolean;
  risk: Risk;
  hunks: Hunk[];
  /** Findings that belong to no hunk (e.g. a removed lockfile). */
  fileFindings: Finding[];
}
