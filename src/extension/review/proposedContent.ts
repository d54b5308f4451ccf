import * as vscode from 'vscode';
import type { Finding } from '../../core/model/finding';
import { toDiagnostic } from '../diagnostics/toDiagnostic';

export const PROPOSED_SCHEME = 'agent-guard-proposed';

/** Where the provider gets texts and findings from: the review service. */
export interface ProposedContentSource {
  /** The text of one side of a file in a change set, or undefined when that side does not exist. */
  text(changeSetId: string, path: string, side: 'before' | 'after'): string | undefined;
  findings(changeSetId: string, path: string): readonly Finding[];
}

/** Builds the read-only URI of one side of a proposed file. */
export function proposedUri(changeSetId: string, path: string, side: 'before' | 'after'): vscode.Uri {
  return vscode.Uri.from({ scheme: PROPOSED_SCHEME, path: `/${changeSetId}/${path}`, query: side });
}

function parse(uri: vscode.Uri): { changeSetId: string; path: string; side: 'before' | 'after' } | undefined {
  const match = /^\/([^/]+)\/(.+)$/.exec(uri.path);
  if (!match) return undefined;
  return { changeSetId: match[1], path: match[2], side: uri.query === 'before' ? 'before' : 'after' };
}

/**
 * Serves proposed contents read-only (a TextDocumentContentProvider has no write path), so the native
 * diff editor can show what the agent wants before anything touches the workspace.
 */
export class ProposedContentProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly diagnostics = vscode.languages.createDiagnosticCollection('agent-guard-proposed');
  private readonly registration: vscode.Disposable;

  constructor(private readonly source: ProposedContentSource) {
    this.registration = vscode.workspace.registerTextDocumentContentProvider(PROPOSED_SCHEME, this);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const target = parse(uri);
    if (!target) return '';
    if (target.side === 'after') {
      const findings = this.source.findings(target.changeSetId, target.path);
      this.diagnostics.set(uri, findings.map((f) => toDiagnostic(f, uri)));
    }
    return this.source.text(target.changeSetId, target.path, target.side) ?? '';
  }

  /** Opens the native diff editor: the file as it is (or was proposed against) versus the proposal. */
  async openDiff(changeSetId: string, path: string): Promise<void> {
    const left = proposedUri(changeSetId, path, 'before');
    const right = proposedUri(changeSetId, path, 'after');
    await vscode.commands.executeCommand('vscode.diff', left, right, `${path} (proposed by agent)`, { preview: true });
  }

  dispose(): void {
    this.registration.dispose();
    this.diagnostics.dispose();
    this.changed.dispose();
  }
}
