import * as vscode from 'vscode';
import type { Services } from '../services';

/** "Agent Guard: Scan Current File": scans the active editor's text (unsaved edits included). */
export async function scanCurrentFile(services: Services): Promise<number | undefined> {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showInformationMessage('Agent Guard: open a file to scan.');
    return undefined;
  }
  const findings = await services.diagnostics.scanNow(editor.document);
  if (findings === undefined) return undefined;
  const name = vscode.workspace.asRelativePath(editor.document.uri, false);
  const summary = findings.length === 0 ? `no findings in ${name}` : `${findings.length} finding${findings.length === 1 ? '' : 's'} in ${name}`;
  services.log.info(`Scan Current File: ${summary}`);
  if (findings.length) {
    void vscode.window.showWarningMessage(`Agent Guard: ${summary}.`, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  } else {
    void vscode.window.showInformationMessage(`Agent Guard: ${summary}.`);
  }
  return findings.length;
}
