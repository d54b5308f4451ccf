import type { Category, Finding, Severity } from '../model/finding';
import type { GitChangeScope } from '../git/gitChanges';
import type { SkippedFile } from './input';
import type { ScanSummary } from './summary';

/** A folder to scan; `index` lets the host map results back to its workspace folder. */
export interface WorkerRoot {
  index: number;
  path: string;
}

/** Engine settings that cross the thread boundary (structured-clone safe). */
export interface WorkerScanSettings {
  categories?: Category[];
  minimumSeverity?: Severity;
  ruleOverrides?: Record<string, Severity | 'off'>;
  maxFileBytes?: number;
  /** Gitleaks-syntax globs never scanned (agentGuard.exclude and files.exclude). */
  exclude?: string[];
  /** Apply `.agent-guard-baseline.json` of each root (default true). */
  useBaseline?: boolean;
  /** Honour `.agent-guardignore` files while walking (default true). */
  respectAgentGuardIgnore?: boolean;
  /** Apply `.gitleaksignore` of each root (default true). */
  useGitleaksIgnore?: boolean;
  timeBudgetMs?: number;
  /**
   * The known-vulnerability check, present only when the user turned it on: the worker opens the local
   * advisory index in `directory` itself (the data never crosses the thread boundary).
   */
  advisories?: WorkerAdvisorySettings;
}

/** Where the worker finds the advisory index, and how old it may be before findings call it stale. */
export interface WorkerAdvisorySettings {
  directory: string;
  maxAgeDays?: number;
  /** What the "did not run" note tells the user to do, e.g. run the update command. */
  updateHint?: string;
}

/** The job, passed as `workerData`. */
export type WorkerJob =
  | { kind: 'workspace'; roots: WorkerRoot[]; settings: WorkerScanSettings }
  | { kind: 'git'; roots: WorkerRoot[]; scope: GitChangeScope; settings: WorkerScanSettings };

/** Host → worker. */
export type HostToWorker = { type: 'cancel' };

/** One root's outcome. Paths in findings are relative to that root. */
export interface WorkerRootResult {
  index: number;
  findings: Finding[];
  skipped: SkippedFile[];
  ruleErrors: { file: string; ruleId: string; message: string }[];
  summary: ScanSummary;
  /** Why the root gave nothing, e.g. not a git repository. */
  error?: string;
  /** For git jobs: the repository root, which findings are relative to (it may sit above the folder). */
  scannedRoot?: string;
}

/** Worker → host. `progress` is throttled; exactly one `done` or `failed` ends the job. */
export type WorkerToHost =
  | { type: 'progress'; done: number; total: number }
  | { type: 'done'; results: WorkerRootResult[]; cancelled: boolean; durationMs: number }
  | { type: 'failed'; message: string };
