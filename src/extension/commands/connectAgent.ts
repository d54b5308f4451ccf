import { chmod, copyFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { HookTarget } from '../../core/connect/hookSettings';
import { HOOK_TARGETS, launcherScript, withHookEntry } from '../../core/connect/hookSettings';
import { writeFileAtomic } from '../../core/fs/atomicWrite';

const PREVIEW_SCHEME = 'agent-guard-preview';

/** Where each agent's hook settings live. */
function settingsFile(target: HookTarget, workspaceRoot: string | undefined): string | undefined {
  switch (target) {
    case 'claude':
      // The local file: the launcher path is this machine's, so it must not be committed for the team.
      return workspaceRoot && path.join(workspaceRoot, '.claude', 'settings.local.json');
    case 'codex':
      return path.join(process.env.CODEX_HOME ?? path.join(os.homedir(), '.codex'), 'hooks.json');
    case 'vscode':
      return workspaceRoot && path.join(workspaceRoot, '.github', 'hooks', 'agent-guard.json');
  }
}

/**
 * Copies the bundled CLI and a launcher into the extension's global storage. Its path stays the same
 * when the extension updates, so the hook entry written once keeps working; activation refreshes the copy.
 */
export async function installStableCli(context: vscode.ExtensionContext): Promise<string> {
  const binDir = path.join(context.globalStorageUri.fsPath, 'bin');
  await mkdir(binDir, { recursive: true, mode: 0o700 });
  const cli = path.join(binDir, 'agent-guard-cli.js');
  await copyFile(path.join(context.extensionPath, 'dist', 'cli.js'), cli);
  const launcher = path.join(binDir, process.platform === 'win32' ? 'agent-guard.cmd' : 'agent-guard');
  await writeFile(launcher, launcherScript(cli, process.execPath), { mode: 0o700 });
  await chmod(launcher, 0o700);
  return launcher;
}

/** "Agent Guard: Connect Claude Code / Codex / VS Code Agent Hooks": shows the exact change, then writes it. */
export async function connectAgent(context: vscode.ExtensionContext, target: HookTarget, workspaceRoot: string | undefined): Promise<boolean> {
  const info = HOOK_TARGETS[target];
  const file = settingsFile(target, workspaceRoot);
  if (!file) {
    void vscode.window.showInformationMessage(`Agent Guard: open a folder to connect ${info.label}.`);
    return false;
  }
  const launcher = await installStableCli(context);
  const existing = await readFile(file, 'utf8').catch(() => undefined);
  let proposed: string;
  try {
    proposed = withHookEntry(existing, target, launcher);
  } catch (error) {
    void vscode.window.showErrorMessage(`Agent Guard: ${file}: ${(error as Error).message}`);
    return false;
  }
  if (proposed === existing) {
    void vscode.window.showInformationMessage(`Agent Guard: ${info.label} is already connected (${file}).`);
    return true;
  }
  const registration = vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, {
    provideTextDocumentContent: (uri) => (uri.query === 'before' ? (existing ?? '') : proposed),
  });
  try {
    const left = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: file, query: 'before' });
    const right = vscode.Uri.from({ scheme: PREVIEW_SCHEME, path: file, query: 'after' });
    await vscode.commands.executeCommand('vscode.diff', left, right, `Connect ${info.label}: ${path.basename(file)}`, { preview: true });
    const choice = await vscode.window.showInformationMessage(
      `Write Agent Guard's pre-write hook into ${file}?`,
      { modal: true, detail: `${info.label} will ask Agent Guard before every file edit, and wait for your review. The diff editor shows the exact change.\n\n${info.note}` },
      'Connect',
    );
    if (choice !== 'Connect') return false;
    await mkdir(path.dirname(file), { recursive: true });
    await writeFileAtomic(file, proposed);
    void vscode.window.showInformationMessage(`Agent Guard: connected ${info.label}. ${info.note}`);
    return true;
  } finally {
    registration.dispose();
  }
}
