import * as vscode from 'vscode';
import type { ScanCommandOptions, ScanCommandResult } from '../scanWorkerJobs';
import { fileRoots, runScanCommand, workerSettings } from '../scanWorkerJobs';
import type { Services } from '../services';

/** "Agent Guard: Scan Staged Changes": what the index adds relative to HEAD, i.e. what the next commit would add. */
export async function scanStagedChanges(services: Services, options: ScanCommandOptions = {}): Promise<ScanCommandResult | undefined> {
  const { roots, folders } = fileRoots();
  if (roots.length === 0) {
    void vscode.window.showInformationMessage('Agent Guard: open a folder inside a git repository to scan its staged changes.');
    return undefined;
  }
  return runScanCommand(services, 'staged changes', { kind: 'git', scope: 'staged', roots, settings: workerSettings() }, folders, options);
}
