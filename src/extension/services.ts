import * as vscode from 'vscode';
import { DiagnosticsController } from './diagnostics/diagnosticsController';
import { createLog } from './log';
import type { ReviewEvents } from './review/reviewService';
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
    this.gate = root ? new ReviewGate(context, root, this.log, this.logOnlyEvents()) : undefined;
  }

  /** Until the audit log is wired, review events go to the log channel (masked text only). */
  private logOnlyEvents(): ReviewEvents {
    return {
      proposed: (cs) => this.log.info(`proposal ${cs.id} from ${cs.source.agent ?? cs.source.channel}: ${cs.summary}`),
      decided: (cs, _d, detail) => this.log.info(`decision on ${cs.id}: ${detail.verdict} ${detail.target}${detail.confirmation ? ` (confirmed: ${detail.confirmation})` : ''}`),
      applied: (cs, result, outcome) => this.log.info(`${cs.id} ${outcome.state}; wrote ${result?.record.files.length ?? 0} file(s)`),
      refused: (source, reason) => this.log.warn(`refused a proposal from ${source.agent ?? source.channel}: ${reason}`),
    };
  }

  dispose(): void {
    this.gate?.dispose();
    this.diagnostics.dispose();
    this.log.dispose();
  }
}
