import * as vscode from 'vscode';

/** "Agent Guard: Open Settings": the Settings editor filtered to Agent Guard. */
export async function openSettings(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openSettings', '@ext:agent-guard.agent-guard');
}
