import * as vscode from 'vscode';
import { AgentGuardCodeActions } from './diagnostics/codeActions';
import { DiagnosticsController } from './diagnostics/diagnosticsController';
import { FindingHoverProvider } from './diagnostics/hover';
import { RULE_DOCS_SCHEME, RuleDocsProvider } from './diagnostics/ruleDocsProvider';
import { FINDINGS_VIEW_ID } from './commands/ids';
import { FindingsTreeProvider } from './findingsTree/findingsTreeProvider';
import { createLog } from './log';
import { ReviewGate } from './review/reviewWiring';
import type { LastScan } from './scanWorkerJobs';

/** The one place that creates the extension's long-lived objects and disposes of them. Nothing here loads the engine. */
export class Services implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly diagnostics: DiagnosticsController;
  /** The review gate, when a folder is open (it reviews changes to that folder). */
  readonly gate: ReviewGate | undefined;
  readonly findingsTree: FindingsTreeProvider;
  /** The extension's version, for reports. */
  readonly version: string;
  /** The last workspace or git scan, for Export Report. */
  lastScan: LastScan | undefined;
  /** The scan running now, if any: a second one waits for it rather than doubling the work. */
  runningScan: Promise<unknown> | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(readonly context: vscode.ExtensionContext) {
    this.version = String((context.extension?.packageJSON as { version?: string } | undefined)?.version ?? '0.0.0');
    this.log = createLog();
    this.diagnostics = new DiagnosticsController(this.log);
    const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    this.gate = root ? new ReviewGate(context, root, this.log) : undefined;
    this.findingsTree = new FindingsTreeProvider(this.diagnostics);
    const view = vscode.window.createTreeView(FINDINGS_VIEW_ID, { treeDataProvider: this.findingsTree, showCollapseAll: true });
    this.findingsTree.view = view;
    // Providers are registrations only; they look findings up, and load the engine only for rule docs.
    this.disposables.push(
      view,
      vscode.workspace.registerTextDocumentContentProvider(RULE_DOCS_SCHEME, new RuleDocsProvider()),
      vscode.languages.registerCodeActionsProvider({ scheme: '*' }, new AgentGuardCodeActions(this.diagnostics), AgentGuardCodeActions.metadata),
      vscode.languages.registerHoverProvider({ scheme: '*' }, new FindingHoverProvider(this.diagnostics)),
    );
  }

  dispose(): void {
    this.gate?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
    this.findingsTree.dispose();
    this.diagnostics.dispose();
    this.log.dispose();
  }
}
