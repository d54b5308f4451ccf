/**
 * The review gate's data model: a change set proposed by an agent, its files, hunks and findings, and the
 * risk rolled up over them. Everything here is plain JSON (binary bytes as base64), so one change set can
 * be stored, sent over IPC and posted to a webview as it is.
 */
import type { FileChangeStatus, Hunk } from '../model/change';
import type { Finding, Risk } from '../model/finding';
import type { TextEncoding } from './content';

/** The road a change came by (issue 8). */
export type ChangeChannel = 'api' | 'tool' | 'hook' | 'guard';

/** Who proposed a change set, and where from. Every field is agent-supplied text: show it as text only. */
export interface ChangeSource {
  channel: ChangeChannel;
  /** Agent name, e.g. "Claude Code". */
  agent?: string;
  /** The agent's session id, when the road knows it. */
  session?: string;
  /** The turn or tool-call id within the session. */
  turn?: string;
  /** The agent's own description of the change. */
  message?: string;
}

/** One side (before or after) of a file change. */
export interface FileSnapshot {
  /** 'binary' when the bytes are not text the gate edits line by line. */
  encoding: TextEncoding | 'binary';
  /** A byte-order mark precedes the text (it is not part of `text`). */
  bom: boolean;
  /** Permission bits, e.g. 0o644; absent when unknown (a new file gets the default). */
  mode?: number;
  /** The decoded text, without the BOM; absent for binary. */
  text?: string;
  /** The bytes, base64, for binary only. */
  base64?: string;
  /** SHA-256 (hex) of the exact bytes on disk: what "the file still matches" is checked against. */
  sha256: string;
  /** Size in bytes. */
  size: number;
}

/** A hunk as the review shows it: jsdiff's structuredPatch hunk plus its findings and risk. */
export interface ReviewHunk extends Hunk {
  /** Lines added and removed in this hunk (context excluded). */
  additions: number;
  deletions: number;
}

/** Things about a file that are not lines: they have their own decision (the file's "operation"). */
export interface FileOperation {
  /** What the operation does, for code. */
  kinds: ('create-empty' | 'delete-empty' | 'rename' | 'mode' | 'encoding' | 'binary')[];
  /** One line for a person, e.g. "rename src/a.ts → src/b.ts; mode 644 → 755". */
  description: string;
}

/** What a change set does to one file. */
export interface FileChange {
  /** Workspace-relative path after the change, forward slashes. For a delete, the path deleted. */
  path: string;
  /** The path before a rename. */
  previousPath?: string;
  /** Where `path` really leads, when it goes through a symbolic link inside the workspace; policy rules match it too. */
  realPath?: string;
  /** The same for `previousPath`. */
  previousRealPath?: string;
  status: FileChangeStatus;
  /** Text files have hunks; binary files are one whole-file operation. */
  kind: 'text' | 'binary';
  /** Absent for an added file. */
  before?: FileSnapshot;
  /** Absent for a deleted file. */
  after?: FileSnapshot;
  /** Hunks of the text diff, 1-based `index`, each with the findings on its lines. */
  hunks: ReviewHunk[];
  /** Findings on the file that sit on no hunk (e.g. a sensitive file as a whole). */
  fileFindings: Finding[];
  /**
   * Present when the file has a change that is not lines (rename, mode, encoding/BOM, an empty file
   * created or deleted, binary content). It is decided on its own; see docs/review-gate.md.
   */
  operation?: FileOperation;
  risk: Risk;
  additions: number;
  deletions: number;
  /** Why the scan of this file is incomplete, when it is (time budget, rule error, binary). */
  scanNotes: string[];
}

/** Counts over a change set. */
export interface ChangeSetStats {
  files: number;
  hunks: number;
  additions: number;
  deletions: number;
  findings: number;
  /** Findings per severity. */
  bySeverity: Record<'critical' | 'high' | 'medium' | 'low', number>;
}

/** A proposed set of file changes, held until a person decides. */
export interface ChangeSet {
  /** Format version of this JSON. */
  version: 1;
  /** Unique id, e.g. "cs-20260101T120000Z-3f9a1c". */
  id: string;
  source: ChangeSource;
  /** ISO 8601 time the change set was built. */
  createdAt: string;
  files: FileChange[];
  /** Highest severity of any finding, or none. */
  risk: Risk;
  /** One line: "3 files, 7 hunks; HIGH: SQL built from request data in api/users.ts:42; …". */
  summary: string;
  stats: ChangeSetStats;
  /** Proposed files whose content already matches the proposal; nothing to review for them. */
  unchanged: string[];
  /** True when some file's scan is incomplete; see each file's scanNotes. */
  scanPartial: boolean;
}
