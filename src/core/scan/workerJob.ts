import { readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { openAdvisoryDatabase } from '../deps/advisories/store';
import type { AdvisorySource } from '../deps/advisories/types';
import { collectTextChanges, gitRoot } from '../git/gitChanges';
import type { Finding } from '../model/finding';
import { compareFindings } from '../model/finding';
import { allRules } from '../rules/index';
import { BASELINE_FILE_NAME, parseBaseline } from '../suppress/baseline';
import { GITLEAKS_IGNORE_FILE_NAME, GitleaksIgnore } from '../suppress/gitleaksIgnore';
import { scanTextChange } from './diffScan';
import type { EngineOptions } from './engine';
import type { SkippedFile } from './input';
import { scanFiles } from './scanFiles';
import type { ScanSummary } from './summary';
import { SummaryBuilder } from './summary';
import { walkFiles } from './walk';
import type { WorkerJob, WorkerRootResult, WorkerScanSettings, WorkerToHost } from './workerProtocol';

/** How often progress is posted, at most. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs a workspace or git job and reports through `post`. Host-agnostic: the worker thread calls it,
 * and so do tests, without a thread. Cancelling returns what was found so far, marked partial.
 */
export async function runWorkerJob(job: WorkerJob, post: (message: WorkerToHost) => void, signal: AbortSignal): Promise<void> {
  const started = performance.now();
  try {
    const progress = throttledProgress(post);
    const advisories = openAdvisories(job.settings);
    const results = job.kind === 'workspace' ? await scanRoots(job.roots, job.settings, advisories, progress, signal) : await scanGitRoots(job, advisories, progress, signal);
    progress.flush();
    post({ type: 'done', results, cancelled: signal.aborted, durationMs: Math.round(performance.now() - started) });
  } catch (error) {
    post({ type: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

interface Progress {
  total(n: number): void;
  step(): void;
  flush(): void;
}

function throttledProgress(post: (message: WorkerToHost) => void): Progress {
  let done = 0;
  let total = 0;
  let last = 0;
  const send = () => {
    last = performance.now();
    post({ type: 'progress', done, total });
  };
  return {
    total(n) {
      total += n;
      send();
    },
    step() {
      done++;
      if (performance.now() - last >= PROGRESS_INTERVAL_MS) send();
    },
    flush: send,
  };
}

/**
 * One advisory source for the whole job (its shard cache is shared by every root), opened here from the
 * folder the host named; absent when the user has not turned the check on, so the rule stays quiet.
 */
function openAdvisories(settings: WorkerScanSettings): AdvisorySource | undefined {
  const wanted = settings.advisories;
  if (!wanted || typeof wanted.directory !== 'string' || wanted.directory === '') return undefined;
  return openAdvisoryDatabase({ directory: wanted.directory, maxAgeDays: wanted.maxAgeDays, updateHint: wanted.updateHint });
}

async function engineOptions(root: string, settings: WorkerScanSettings, advisories: AdvisorySource | undefined, skipped: SkippedFile[]): Promise<EngineOptions & { maxFileBytes?: number }> {
  let baseline: Set<string> | undefined;
  if (settings.useBaseline !== false) {
    const text = await readFile(nodePath.join(root, BASELINE_FILE_NAME), 'utf8').catch(() => undefined);
    if (text !== undefined) {
      try {
        baseline = parseBaseline(text, BASELINE_FILE_NAME);
      } catch (error) {
        skipped.push({ file: BASELINE_FILE_NAME, reason: 'unreadable', detail: (error as Error).message });
      }
    }
  }
  return {
    rules: allRules,
    categories: settings.categories,
    minimumSeverity: settings.minimumSeverity,
    ruleOverrides: settings.ruleOverrides,
    timeBudgetMs: settings.timeBudgetMs,
    maxFileBytes: settings.maxFileBytes,
    baseline,
    advisories,
  };
}

async function loadGitleaksIgnore(root: string, settings: WorkerScanSettings): Promise<GitleaksIgnore | undefined> {
  if (settings.useGitleaksIgnore === false) return undefined;
  const text = await readFile(nodePath.join(root, GITLEAKS_IGNORE_FILE_NAME), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : GitleaksIgnore.parse(text);
}

async function scanRoots(roots: WorkerJob['roots'], settings: WorkerScanSettings, advisories: AdvisorySource | undefined, progress: Progress, signal: AbortSignal): Promise<WorkerRootResult[]> {
  // Walk every root first, so the progress total is known before the first file is scanned.
  const listed: { index: number; path: string; files: { absolutePath: string; relativePath: string }[]; skipped: SkippedFile[] }[] = [];
  for (const root of roots) {
    const skipped: SkippedFile[] = [];
    const files = [];
    for await (const file of walkFiles(root.path, { exclude: settings.exclude, respectAgentGuardIgnore: settings.respectAgentGuardIgnore, signal }, skipped)) files.push(file);
    listed.push({ ...root, files, skipped });
    progress.total(files.length);
  }
  const results: WorkerRootResult[] = [];
  for (const root of listed) {
    const options = await engineOptions(root.path, settings, advisories, root.skipped);
    const result = await scanFiles(root.files, { ...options, signal, onProgress: () => progress.step() }, root.skipped);
    const gitleaks = await loadGitleaksIgnore(root.path, settings);
    const filtered = gitleaks ? gitleaks.filter(result.findings) : { kept: result.findings, suppressed: 0 };
    if (filtered.suppressed) recount(result.summary, filtered.kept, filtered.suppressed);
    results.push({ index: root.index, findings: filtered.kept, skipped: result.skipped, ruleErrors: result.ruleErrors, summary: result.summary });
    if (signal.aborted) break;
  }
  return results;
}

/** Corrects a summary's counts after findings were left out by `.gitleaksignore`. */
function recount(summary: ScanSummary, kept: readonly Finding[], suppressed: number): void {
  const rebuilt = new SummaryBuilder().build(kept, []);
  summary.findings = kept.length;
  summary.bySeverity = rebuilt.bySeverity;
  summary.byCategory = rebuilt.byCategory;
  summary.risk = rebuilt.risk;
  summary.suppressed += suppressed;
}

async function scanGitRoots(job: Extract<WorkerJob, { kind: 'git' }>, advisories: AdvisorySource | undefined, progress: Progress, signal: AbortSignal): Promise<WorkerRootResult[]> {
  const results: WorkerRootResult[] = [];
  const seenRepositories = new Set<string>();
  for (const root of job.roots) {
    const summary = new SummaryBuilder();
    let repository: string;
    try {
      repository = await gitRoot(root.path);
    } catch (error) {
      results.push({ index: root.index, findings: [], skipped: [], ruleErrors: [], summary: summary.build([], []), error: (error as Error).message });
      continue;
    }
    // Two workspace folders in one repository would report its changes twice.
    if (seenRepositories.has(repository)) continue;
    seenRepositories.add(repository);
    const { changes, skipped } = await collectTextChanges(repository, job.scope, { maxFileBytes: job.settings.maxFileBytes, signal });
    progress.total(changes.length);
    const options = await engineOptions(repository, job.settings, advisories, skipped);
    const findings: Finding[] = [];
    const ruleErrors: WorkerRootResult['ruleErrors'] = [];
    for (const change of changes) {
      if (signal.aborted) {
        summary.partial = true;
        break;
      }
      const outcome = await scanTextChange(change, options);
      summary.filesScanned++;
      summary.bytesScanned += Buffer.byteLength(change.after ?? '');
      summary.suppressed += outcome.suppressed;
      for (const error of outcome.ruleErrors) ruleErrors.push({ file: change.path, ...error });
      findings.push(...outcome.findings);
      progress.step();
    }
    const gitleaks = await loadGitleaksIgnore(repository, job.settings);
    const filtered = gitleaks ? gitleaks.filter(findings) : { kept: findings, suppressed: 0 };
    summary.suppressed += filtered.suppressed;
    filtered.kept.sort(compareFindings);
    results.push({ index: root.index, findings: filtered.kept, skipped, ruleErrors, summary: summary.build(filtered.kept, skipped), scannedRoot: repository });
  }
  return results;
}
