import * as vscode from 'vscode';
import type { Risk } from '../../core/model/finding';
import { maxRisk } from '../../core/model/finding';
import type { ReviewQueueView } from './reviewTree';

/** Shows how many change sets wait and the highest risk among them; a click opens the review panel. */
export class ReviewStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('agentGuard.review', vscode.StatusBarAlignment.Left, 100);
  private readonly subscription: vscode.Disposable;
  private lockdown = false;

  constructor(private readonly queue: ReviewQueueView) {
    this.item.name = 'Agent Guard';
    this.item.command = 'agentGuard.openReview';
    this.subscription = queue.onDidChange(() => this.update());
    this.update();
    this.item.show();
  }

  /** Lockdown turns the item red until it is released (issue 11). */
  setLockdown(on: boolean): void {
    this.lockdown = on;
    this.update();
  }

  private update(): void {
    const pending = this.queue.snapshot().filter((c) => c.state === 'pending');
    const risk: Risk = maxRisk(pending.map((c) => c.risk));
    const count = pending.length;
    this.item.text = `$(shield) ${count ? `${count} pending${risk === "none" ? "" : ` · ${risk.toUpperCase()}`}` : "Agent Guard"}${this.lockdown ? " · LOCKDOWN" : ""}`;
    this.item.tooltip = count ? `${count} agent change set${count === 1 ? '' : 's'} waiting for review (highest risk: ${risk}). Click to review.` : 'No agent changes waiting. Click to open the review panel.';
    if (this.lockdown) this.item.tooltip = `Agent Guard is in lockdown: hook requests are denied and agent changes are held. ${this.item.tooltip} Release it with "Agent Guard: Release Lockdown".`;
    this.item.accessibilityInformation = { label: this.item.tooltip };
    const alarming = this.lockdown || risk === 'critical' || risk === 'high';
    this.item.backgroundColor = alarming ? new vscode.ThemeColor('statusBarItem.errorBackground') : count ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
