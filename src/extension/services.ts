import type * as vscode from 'vscode';
import { DiagnosticsController } from './diagnostics/diagnosticsController';
import { createLog } from './log';

/** The one place that creates the extension's long-lived objects and disposes of them. */
export class Services implements vscode.Disposable {
  readonly log: vscode.LogOutputChannel;
  readonly diagnostics: DiagnosticsController;

  constructor(readonly context: vscode.ExtensionContext) {
    this.log = createLog();
    this.diagnostics = new DiagnosticsController(this.log);
  }

  dispose(): void {
    this.diagnostics.dispose();
    this.log.dispose();
  }
}
