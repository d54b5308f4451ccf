import * as vscode from 'vscode';
import type { ScanCommandOptions, ScanCommandResult } from '../scanWorkerJobs';
import { fileRoots, runScanCommand, workerSettings } from '../scanWorkerJobs';
import type { Services } from '../services';

/**
 * "Agent Guard: Scan Workspace": every file of every folder, minus .gitignore, .agent-guardignore,
 * files.exclude and agentGuard.exclude, scanned in a worker thread behind a cancellable progress notification.
 */
export async function scanWorkspace(services: Services, options: ScanCommandOptions = {}): Promise<ScanCommandResult | undefined> {
  const { roots, folders } = fileRoots();
  if (roots.length === 0) {
    void vscode.window.showInformationMessage('Agent Guard: open a folder to scan a workspace.');
    return undefined;
  }
  return runScanCommand(services, 'the workspace', { kind: 'workspace', roots, settings: workerSettings() }, folders, options);
}
