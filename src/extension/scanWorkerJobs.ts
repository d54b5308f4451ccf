import * as vscode from 'vscode';
import type { Finding } from '../core/model/finding';
import { CATEGORIES } from '../core/model/finding';
import type { SkippedFile } from '../core/scan/input';
import type { WorkerJob, WorkerRoot, WorkerScanSettings } from '../core/scan/workerProtocol';
import { workerAdvisorySettings } from './advisories/advisoryData';
import { filesExcludeGlobs, readConfig } from './config';
import { runScanJob } from './scanWorker';
import type { Services } from './services';

/** Options a caller (a test, another command) may pass to a scan command. */
export interface ScanCommandOptions {
  /** Cancels the scan, like the notification's Cancel button. */
  token?: vscode.CancellationToken;
  /** No summary message at the end (the result is returned). */
  silent?: boolean;
}

/** What a scan command returns. */
export interface ScanCommandResult {
  cancelled: boolean;
  filesScanned: number;
  findings: number;
  filesWithFindings: number;
  durationMs: number;
  /** Folders that gave nothing, with the reason (e.g. not a git repository). */
  errors: string[];
}

/** The last workspace or git scan, kept for Export Report. */
export interface LastScan {
  scope: string;
  at: Date;
  rows: { uri: vscode.Uri; finding: Finding }[];
  skipped: SkippedFile[];
  filesScanned: number;
  partial: boolean;
}

/** The worker's settings from the trust-aware configuration; files.exclude is honoured like agentGuard.exclude. */
export function workerSettings(): WorkerScanSettings {
  const config = readConfig();
  return {
    categories: CATEGORIES.filter((c) => !config.disabledCategories.has(c)),
    minimumSeverity: config.minimumSeverity,
    ruleOverrides: config.ruleOverrides,
    maxFileBytes: config.maxFileBytes,
    exclude: [...config.exclude, ...filesExcludeGlobs()],
    useBaseline: config.honourWorkspaceSuppressions,
    useGitleaksIgnore: config.useGitleaksIgnore,
    respectAgentGuardIgnore: config.honourWorkspaceSuppressions,
    advisories: workerAdvisorySettings(),
  };
}

export function fileRoots(): { roots: WorkerRoot[]; folders: readonly vscode.WorkspaceFolder[] } {
  const folders = (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file');
  return { roots: folders.map((f, i) => ({ index: i, path: f.uri.fsPath })), folders };
}

/**
 * Runs a worker job behind a cancellable progress notification ("files done/total"), then shows the
 * findings in the Problems panel and the findings view and ends with a summary.
 */
export async function runScanCommand(services: Services, scope: string, job: WorkerJob, folders: readonly vscode.WorkspaceFolder[], options: ScanCommandOptions = {}): Promise<ScanCommandResult> {
  if (services.runningScan) await services.runningScan.catch(() => undefined);
  const title = `Agent Guard: scanning ${scope}`;
  const run = Promise.resolve(vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, progressToken) => {
    const source = new vscode.CancellationTokenSource();
    const links = [progressToken.onCancellationRequested(() => source.cancel()), options.token?.onCancellationRequested(() => source.cancel())];
    if (options.token?.isCancellationRequested) source.cancel();
    let reported = 0;
    try {
      return await runScanJob(job, source.token, (done, total) => {
        const percent = total ? (done / total) * 100 : 0;
        progress.report({ message: `${done}/${total} files`, increment: Math.max(0, percent - reported) });
        reported = percent;
      });
    } finally {
      for (const link of links) link?.dispose();
      source.dispose();
    }
  }));
  services.runningScan = run;
  let outcome;
  try {
    outcome = await run;
  } finally {
    services.runningScan = undefined;
  }

  const rows: LastScan['rows'] = [];
  const skipped: SkippedFile[] = [];
  const errors: string[] = [];
  let filesScanned = 0;
  for (const result of outcome.results) {
    const folder = folders[result.index];
    if (result.error) {
      errors.push(`${folder?.name ?? 'folder'}: ${result.error}`);
      continue;
    }
    const base = result.scannedRoot ? vscode.Uri.file(result.scannedRoot) : folder.uri;
    for (const finding of result.findings) rows.push({ uri: vscode.Uri.joinPath(base, ...finding.file.split('/')), finding });
    skipped.push(...result.skipped);
    filesScanned += result.summary.filesScanned;
    for (const error of result.ruleErrors) services.log.warn(`rule ${error.ruleId} failed on ${error.file}: ${error.message}`);
  }
  const byUri = new Map<string, { uri: vscode.Uri; findings: Finding[] }>();
  for (const row of rows) {
    const key = row.uri.toString();
    const entry = byUri.get(key) ?? { uri: row.uri, findings: [] };
    entry.findings.push(row.finding);
    byUri.set(key, entry);
  }
  services.diagnostics.showScanResults([...byUri.values()]);
  services.lastScan = { scope, at: new Date(), rows, skipped, filesScanned, partial: outcome.cancelled };

  const result: ScanCommandResult = { cancelled: outcome.cancelled, filesScanned, findings: rows.length, filesWithFindings: byUri.size, durationMs: outcome.durationMs, errors };
  const summary = summarize(scope, result, skipped.length);
  services.log.info(summary);
  for (const error of errors) services.log.warn(`${scope}: ${error}`);
  if (!options.silent) void announce(summary, result, errors);
  return result;
}

function summarize(scope: string, result: ScanCommandResult, skipped: number): string {
  const found = result.findings === 0 ? 'no findings' : `${result.findings} finding${result.findings === 1 ? '' : 's'} in ${result.filesWithFindings} file${result.filesWithFindings === 1 ? '' : 's'}`;
  const what = `${result.filesScanned} file${result.filesScanned === 1 ? '' : 's'} scanned in ${(result.durationMs / 1000).toFixed(1)} s${skipped ? `, ${skipped} skipped` : ''}`;
  return result.cancelled ? `Scan of ${scope} cancelled: ${found} so far (${what}).` : `Scan of ${scope}: ${found} (${what}).`;
}

async function announce(summary: string, result: ScanCommandResult, errors: string[]): Promise<void> {
  if (errors.length && result.filesScanned === 0) {
    void vscode.window.showWarningMessage(`Agent Guard: ${errors[0]}`);
    return;
  }
  const show = result.findings ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  const choice = await show(`Agent Guard: ${summary}`, ...(result.findings ? ['Show Problems', 'Export Report'] : []));
  if (choice === 'Show Problems') void vscode.commands.executeCommand('workbench.actions.view.problems');
  if (choice === 'Export Report') void vscode.commands.executeCommand('agentGuard.exportReport');
}
