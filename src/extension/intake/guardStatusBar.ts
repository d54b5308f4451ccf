import * as vscode from 'vscode';
import type { FileSystemGuard } from './fsGuard';

/** Shows whether the file-system guard is on, and in which mode; a click toggles it. */
export class GuardStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('agentGuard.guard', vscode.StatusBarAlignment.Left, 99);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly guard: FileSystemGuard) {
    this.item.name = 'Agent Guard: file-system guard';
    this.item.command = 'agentGuard.toggleGuard';
    this.subscription = guard.onDidChangeState(() => this.update());
    this.update();
    this.item.show();
  }

  private update(): void {
    const on = this.guard.enabled;
    this.item.text = on ? (this.guard.starting ? '$(loading~spin) Guard: starting…' : `$(eye) Guard: ${this.guard.mode}`) : '$(eye-closed) Guard off';
    this.item.tooltip = on
      ? `Writes to this folder from outside the editor are ${this.guard.mode === 'quarantine' ? 'put back at once and held for your review' : 'held for your review'}. Click to turn the guard off.`
      : 'Agents that write straight to disk are not watched. Click to turn the file-system guard on.';
    if (this.guard.status().lockdown) {
      this.item.text = '$(lock) Guard: quarantine (lockdown)';
      this.item.tooltip = 'Agent Guard is in lockdown: writes from outside the editor are put back at once and held. The guard stays on until the lockdown is released.';
    }
    this.item.accessibilityInformation = { label: this.item.tooltip };
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
