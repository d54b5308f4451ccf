// Shared by the integration suite files. Waits are on events with bounded timeouts, never bare sleeps.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { AgentGuardExports } from '../../../src/extension/extension';
import type { ViewChangeSet } from '../../../src/extension/review/protocol';

export const EXTENSION_ID = 'agent-guard.agent-guard';
export const SOURCE = 'Agent Guard';

/** The extension's API, activating it if the startup event has not fired yet. */
export async function agentGuard(): Promise<AgentGuardExports> {
  const extension = vscode.extensions.getExtension<AgentGuardExports>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed in this VS Code`);
  return extension.isActive ? extension.exports : extension.activate();
}

export function workspaceRoot(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder open');
  return folder.uri;
}

/** Writes a file into the workspace (the run's own copy of the fixture) and returns its URI. */
export async function writeWorkspaceFile(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(workspaceRoot(), relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

/** Agent Guard's diagnostics for a document, as the Problems panel lists them. */
export function agentGuardDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/**
 * Resolves with the document's Agent Guard diagnostics as soon as `accept` holds for them, checking now and on every
 * diagnostics change; rejects after `timeoutMs` with what it saw last.
 */
export function waitForDiagnostics(uri: vscode.Uri, accept: (diagnostics: vscode.Diagnostic[]) => boolean, timeoutMs: number, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = (): boolean => {
      const diagnostics = agentGuardDiagnostics(uri);
      if (!accept(diagnostics)) return false;
      finish();
      resolve(diagnostics);
      return true;
    };
    const listener = vscode.languages.onDidChangeDiagnostics((event) => {
      if (event.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      finish();
      const seen = agentGuardDiagnostics(uri).map((d) => `${typeof d.code === 'object' ? String(d.code.value) : String(d.code)}@${d.range.start.line + 1}`);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; diagnostics: [${seen.join(', ')}]`));
    }, timeoutMs);
    const finish = (): void => {
      clearTimeout(timer);
      listener.dispose();
    };
    check();
  });
}

/** Closes every editor so that each test starts from an empty editor area. */
export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/** Whether the file-system guard is on, once it has settled. */
export async function guardEnabled(): Promise<boolean> {
  return (await vscode.commands.executeCommand<{ enabled: boolean }>('agentGuard.guardStatus', { settle: true })).enabled;
}

/**
 * Releases a lockdown and turns the guard off again if it was off before. A lockdown forces the guard on and a
 * release keeps it on (on purpose); left on, it would catch the files later suites write from the extension host.
 */
export async function releaseLockdownRestoringGuard(reason: string, guardWasOn: boolean): Promise<void> {
  await vscode.commands.executeCommand('agentGuard.releaseLockdown', { reason });
  if (!guardWasOn && (await guardEnabled())) await vscode.commands.executeCommand('agentGuard.toggleGuard');
  await waitFor(`the guard to go back ${guardWasOn ? 'on' : 'off'} after the lockdown`, async () => ((await guardEnabled()) === guardWasOn ? true : undefined));
}

/** Polls `probe` every 100 ms until it gives a value, or fails after `timeoutMs` naming `what`. */
export async function waitFor<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The first pending change set whose source label starts with `agent`, once one is queued. */
export function waitForPending(agent: string, timeoutMs = 15_000): Promise<ViewChangeSet> {
  return waitFor(
    `a pending change set from ${agent}`,
    async () => (await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges')).find((c) => c.state === 'pending' && c.sourceLabel.startsWith(agent)),
    timeoutMs,
  );
}
