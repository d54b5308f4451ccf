import * as vscode from 'vscode';
import { DiagnosticsController } from './diagnostics/diagnosticsController';
import { createLog } from './log';
import { ReviewGate } from './review/reviewWiring';

/** The one place that creates the extension's long-lived objects and disposes of them. */
export class Services implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly diagnostics: DiagnosticsController;
  /** The review gate, when a folder is open (it reviews changes to that folder). */
  readonly gate: ReviewGate | undefined;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = createLog();
    this.diagnostics = new DiagnosticsController(this.log);
    const root = vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
    this.gate = root ? new ReviewGate(context, root, this.log) : undefined;
  }

  dispose(): void {
    this.gate?.dispose();
    this.diagnostics.dispose();
    this.log.dispose();
  }
}
