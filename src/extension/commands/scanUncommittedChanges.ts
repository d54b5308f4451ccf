import * as vscode from 'vscode';
import type { ScanCommandOptions, ScanCommandResult } from '../scanWorkerJobs';
import { fileRoots, runScanCommand, workerSettings } from '../scanWorkerJobs';
import type { Services } from '../services';

/**
 * "Agent Guard: Scan Uncommitted Changes": what the working tree and the index add relative to HEAD
 * (untracked files included), read with the git CLI; only findings on added or changed lines are reported.
 */
export async function scanUncommittedChanges(services: Services, options: ScanCommandOptions = {}): Promise<ScanCommandResult | undefined> {
  const { roots, folders } = fileRoots();
  if (roots.length === 0) {
    void vscode.window.showInformationMessage('Agent Guard: open a folder inside a git repository to scan its changes.');
    return undefined;
  }
  return runScanCommand(services, 'uncommitted changes', { kind: 'git', scope: 'uncommitted', roots, settings: workerSettings() }, folders, options);
}
