import * as vscode from 'vscode';
import type { Finding, Severity } from '../../core/model/finding';
import { CATEGORIES, SEVERITIES } from '../../core/model/finding';
import type { DiagnosticsController } from '../diagnostics/diagnosticsController';
import { toRange } from '../diagnostics/toDiagnostic';

/** How the tree groups findings. */
export type GroupBy = 'category' | 'severity' | 'file';
export const GROUP_BY: readonly GroupBy[] = ['category', 'severity', 'file'];

/** The context key that shows the "clear filter" button. */
export const FILTERED_CONTEXT_KEY = 'agentGuard.findingsFiltered';

export interface FindingRow {
  uri: vscode.Uri;
  finding: Finding;
}

export type FindingsNode = { kind: 'group'; label: string; rows: FindingRow[]; icon: string } | { kind: 'finding'; row: FindingRow };

const SEVERITY_ICONS: Record<Severity, string> = { critical: 'error', high: 'error', medium: 'warning', low: 'info' };

/** True when a finding matches a filter: every word must appear in its rule, message, file, category or severity. */
export function matchesFilter(row: FindingRow, filter: string): boolean {
  const haystack = `${row.finding.ruleId} ${row.finding.message} ${vscode.workspace.asRelativePath(row.uri, true)} ${row.finding.category} ${row.finding.severity}`.toLowerCase();
  return filter.toLowerCase().split(/\s+/).filter(Boolean).every((word) => haystack.includes(word));
}

/**
 * The findings view: everything the Problems panel shows from Agent Guard (live and scan results),
 * grouped by category, severity or file, and filterable by words.
 */
export class FindingsTreeProvider implements vscode.TreeDataProvider<FindingsNode>, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<FindingsNode | undefined>();
  readonly onDidChangeTreeData = this.emitter.event;
  private groupBy: GroupBy = 'category';
  private filter = '';
  private refreshTimer: NodeJS.Timeout | undefined;
  private readonly subscription: vscode.Disposable;
  view: vscode.TreeView<FindingsNode> | undefined;

  constructor(private readonly diagnostics: DiagnosticsController) {
    // Live scans change diagnostics on every pause in typing; the tree catches up at most five times a second.
    this.subscription = diagnostics.onDidChange(() => {
      clearTimeout(this.refreshTimer);
      this.refreshTimer = setTimeout(() => this.refresh(), 200);
    });
  }

  get grouping(): GroupBy {
    return this.groupBy;
  }

  get currentFilter(): string {
    return this.filter;
  }

  setGroupBy(groupBy: GroupBy): void {
    this.groupBy = groupBy;
    this.refresh();
  }

  setFilter(filter: string): void {
    this.filter = filter.trim();
    void vscode.commands.executeCommand('setContext', FILTERED_CONTEXT_KEY, this.filter !== '');
    this.refresh();
  }

  refresh(): void {
    if (this.view) {
      const rows = this.rows();
      this.view.description = `${rows.length} finding${rows.length === 1 ? '' : 's'}`;
      this.view.message = this.filter ? `Filtered by "${this.filter}"` : undefined;
    }
    this.emitter.fire(undefined);
  }

  /** The rows shown, after the filter. */
  rows(): FindingRow[] {
    const rows = this.diagnostics.allFindings().map(({ uri, finding }) => ({ uri, finding }));
    return this.filter ? rows.filter((row) => matchesFilter(row, this.filter)) : rows;
  }

  getChildren(node?: FindingsNode): FindingsNode[] {
    if (node?.kind === 'group') return node.rows.map((row) => ({ kind: 'finding', row }));
    if (node) return [];
    const rows = this.rows();
    switch (this.groupBy) {
      case 'category':
        return CATEGORIES.map((c) => ({ kind: 'group' as const, label: c, icon: 'symbol-enum', rows: rows.filter((r) => r.finding.category === c) })).filter((g) => g.rows.length);
      case 'severity':
        return SEVERITIES.map((s) => ({ kind: 'group' as const, label: s, icon: SEVERITY_ICONS[s], rows: rows.filter((r) => r.finding.severity === s) })).filter((g) => g.rows.length);
      case 'file': {
        const byFile = new Map<string, FindingRow[]>();
        for (const row of rows) {
          const key = row.uri.toString();
          byFile.set(key, [...(byFile.get(key) ?? []), row]);
        }
        return [...byFile.values()]
          .map((group) => ({ kind: 'group' as const, label: vscode.workspace.asRelativePath(group[0].uri, true), icon: 'file', rows: group }))
          .sort((a, b) => (a.label < b.label ? -1 : 1));
      }
    }
  }

  getTreeItem(node: FindingsNode): vscode.TreeItem {
    if (node.kind === 'group') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Expanded);
      item.description = String(node.rows.length);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.contextValue = 'agentGuard.group';
      return item;
    }
    const { finding, uri } = node.row;
    const item = new vscode.TreeItem(finding.message, vscode.TreeItemCollapsibleState.None);
    item.description = `${vscode.workspace.asRelativePath(uri, true)}:${finding.range.startLine} · ${finding.ruleId}`;
    item.iconPath = new vscode.ThemeIcon(SEVERITY_ICONS[finding.severity]);
    // Finding text comes from scanned files: appended as text, never as Markdown.
    const tooltip = new vscode.MarkdownString();
    tooltip.appendText(`${finding.severity.toUpperCase()} · ${finding.category} · ${finding.ruleId}\n\n${finding.message}\n\n${finding.evidence}\n\nWhy: ${finding.explanation}\n\nFix: ${finding.remediation}`);
    item.tooltip = tooltip;
    item.contextValue = 'agentGuard.finding';
    item.command = { command: 'vscode.open', title: 'Open', arguments: [uri, { selection: toRange(finding.range), preview: true } satisfies vscode.TextDocumentShowOptions] };
    return item;
  }

  dispose(): void {
    clearTimeout(this.refreshTimer);
    this.subscription.dispose();
    this.emitter.dispose();
  }
}
