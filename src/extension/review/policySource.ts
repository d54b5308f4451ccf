import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LoadedPolicy } from '../../core/policy/merge';
import { loadPolicy, mergePolicies } from '../../core/policy/merge';
import type { EffectivePolicy } from '../../core/policy/policy';

export const WORKSPACE_POLICY_FILE = '.agent-guard/policy.json';

/**
 * The policy in force: the user's `agentGuard.policy` setting merged with the workspace's
 * `.agent-guard/policy.json`, which may only tighten in an untrusted workspace. An invalid file falls
 * back to the strict defaults, and the person is told where it is wrong.
 */
export class PolicySource implements vscode.Disposable {
  private cached: EffectivePolicy | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private warned = new Set<string>();

  constructor(private readonly workspaceRoot: string, private readonly log: vscode.LogOutputChannel) {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(workspaceRoot), WORKSPACE_POLICY_FILE));
    const reset = () => (this.cached = undefined);
    this.disposables.push(
      watcher,
      watcher.onDidChange(reset),
      watcher.onDidCreate(reset),
      watcher.onDidDelete(reset),
      vscode.workspace.onDidChangeConfiguration((event) => event.affectsConfiguration('agentGuard.policy') && reset()),
      vscode.workspace.onDidGrantWorkspaceTrust(reset),
    );
  }

  current(): EffectivePolicy {
    if (this.cached) return this.cached;
    const inspected = vscode.workspace.getConfiguration('agentGuard').inspect<unknown>('policy');
    // Only the user's own value: a workspace cannot loosen the user's policy through settings.
    const user = this.load(inspected?.globalValue === undefined ? undefined : JSON.stringify(inspected.globalValue), 'the agentGuard.policy user setting');
    let workspaceText: string | undefined;
    try {
      workspaceText = readFileSync(path.join(this.workspaceRoot, WORKSPACE_POLICY_FILE), 'utf8');
    } catch {
      workspaceText = undefined;
    }
    const workspace = workspaceText === undefined ? undefined : this.load(workspaceText, WORKSPACE_POLICY_FILE);
    // An invalid file never opens access: the merge falls back to the strict defaults (see mergePolicies).
    const strict = user?.valid === false || workspace?.valid === false;
    const merged = mergePolicies(user?.policy ?? {}, workspace?.policy, vscode.workspace.isTrusted, { strict });
    for (const note of merged.notes ?? []) this.log.info(`policy: ${note}`);
    this.cached = merged;
    return merged;
  }

  private load(text: string | undefined, source: string): LoadedPolicy | undefined {
    if (text === undefined) return undefined;
    const loaded = loadPolicy(text, source);
    if (!loaded.valid && !this.warned.has(text)) {
      this.warned.add(text);
      for (const message of loaded.messages) this.log.warn(`policy: ${message}`);
      void vscode.window.showWarningMessage(`Agent Guard: ${loaded.messages[0]}. The strict defaults apply until it is fixed.`);
    }
    return loaded;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
