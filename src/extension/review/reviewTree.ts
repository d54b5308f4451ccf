import * as vscode from 'vscode';
import type { Risk } from '../../core/model/finding';
import type { ViewChangeSet, ViewFile, ViewHunk } from './protocol';

/** The data the tree shows; the review service provides it. */
export interface ReviewQueueView {
  snapshot(): ViewChangeSet[];
  readonly onDidChange: vscode.Event<void>;
}

type Node =
  | { kind: 'changeSet'; changeSet: ViewChangeSet }
  | { kind: 'file'; changeSet: ViewChangeSet; file: ViewFile }
  | { kind: 'hunk'; changeSet: ViewChangeSet; file: ViewFile; hunk: ViewHunk };

const RISK_ICON: Record<Risk, vscode.ThemeIcon> = {
  critical: new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground')),
  high: new vscode.ThemeIcon('error', new vscode.ThemeColor('list.errorForeground')),
  medium: new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')),
  low: new vscode.ThemeIcon('info'),
  none: new vscode.ThemeIcon('pass'),
};

export const REVIEW_TREE_VIEW_ID = 'agentGuard.pendingChanges';

/**
 * "Agent Guard" in the activity bar: pending change sets, then files, then hunks, with risk icons and a
 * badge counting what waits for a person.
 */
export class ReviewTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly view: vscode.TreeView<Node>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly queue: ReviewQueueView) {
    this.view = vscode.window.createTreeView(REVIEW_TREE_VIEW_ID, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(this.view, this.changed, queue.onDidChange(() => this.refresh()));
    this.refresh();
  }

  private refresh(): void {
    const pending = this.queue.snapshot().filter((c) => c.state === 'pending').length;
    this.view.badge = pending ? { value: pending, tooltip: `${pending} agent change set${pending === 1 ? '' : 's'} waiting for review` } : undefined;
    this.view.message = pending ? undefined : 'No agent changes are waiting for review.';
    this.changed.fire(undefined);
  }

  getChildren(node?: Node): Node[] {
    if (!node) return this.queue.snapshot().filter((c) => c.state === 'pending').map((changeSet) => ({ kind: 'changeSet', changeSet }));
    if (node.kind === 'changeSet') return node.changeSet.files.map((file) => ({ kind: 'file', changeSet: node.changeSet, file }));
    if (node.kind === 'file') return node.file.hunks.map((hunk) => ({ kind: 'hunk', changeSet: node.changeSet, file: node.file, hunk }));
    return [];
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case 'changeSet': {
        const item = new vscode.TreeItem(node.changeSet.sourceLabel, vscode.TreeItemCollapsibleState.Expanded);
        item.id = node.changeSet.id;
        item.description = `${node.changeSet.files.length} file${node.changeSet.files.length === 1 ? '' : 's'} · ${node.changeSet.risk}`;
        item.tooltip = node.changeSet.summary;
        item.iconPath = RISK_ICON[node.changeSet.risk];
        item.contextValue = 'changeSet';
        item.command = { command: 'agentGuard.openReview', title: 'Open Review', arguments: [node.changeSet.id] };
        return item;
      }
      case 'file': {
        const item = new vscode.TreeItem(node.file.path, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `${node.changeSet.id}/${node.file.path}`;
        item.description = `${node.file.status} · ${node.file.risk}`;
        item.iconPath = RISK_ICON[node.file.risk];
        item.resourceUri = vscode.Uri.parse(`agent-guard-file:/${encodeURI(node.file.path)}`);
        item.contextValue = 'changeFile';
        item.command = { command: 'agentGuard.openReview', title: 'Open Review', arguments: [node.changeSet.id, node.file.path] };
        return item;
      }
      case 'hunk': {
        const findings = node.hunk.findings.length;
        const item = new vscode.TreeItem(`Hunk ${node.hunk.index}: ${node.hunk.header}`, vscode.TreeItemCollapsibleState.None);
        item.id = `${node.changeSet.id}/${node.file.path}#${node.hunk.index}`;
        item.description = `${node.hunk.decision}${findings ? ` · ${findings} finding${findings === 1 ? '' : 's'}` : ''}`;
        item.tooltip = node.hunk.findings.map((f) => `${f.severity}: ${f.message}`).join('\n') || 'No findings';
        item.iconPath = RISK_ICON[node.hunk.risk];
        item.contextValue = node.hunk.decision === 'pending' ? 'pendingHunk' : 'decidedHunk';
        item.command = { command: 'agentGuard.openReview', title: 'Open Review', arguments: [node.changeSet.id, node.file.path, node.hunk.index] };
        return item;
      }
    }
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
