import * as vscode from 'vscode';
import type { Finding } from '../../core/model/finding';
import { CATEGORIES } from '../../core/model/finding';
import { fromEditorLanguageId } from '../../core/scan/language';
import type { AgentGuardConfig } from '../config';
import { readConfig } from '../config';
import { loadEngine } from '../engineLoader';
import { toDiagnostic } from './toDiagnostic';

/** Schemes whose documents are the user's files; output panels, git views and the like are left alone. */
const SCANNED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata']);

/**
 * Owns the Problems-panel entries: scans documents on request and, when live diagnostics are on,
 * after a pause in typing. A newer edit makes a running scan's result stale, and it is dropped.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('agent-guard');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly findingsByUri = new Map<string, Finding[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private config: AgentGuardConfig = readConfig();

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      vscode.workspace.onDidChangeTextDocument((event) => this.schedule(event.document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.clear(document.uri)),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('agentGuard')) this.refreshAll();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
    );
  }

  /** Findings last shown for a document (used by quick fixes and tests). */
  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.findingsByUri.get(uri.toString()) ?? [];
  }

  /** Scans a document now and shows its findings. Returns them, or undefined if a newer edit overtook the scan. */
  async scanNow(document: vscode.TextDocument): Promise<Finding[] | undefined> {
    const version = document.version;
    const path = vscode.workspace.asRelativePath(document.uri, false);
    const started = performance.now();
    const result = await loadEngine().scanDocument(
      path,
      document.getText(),
      {
        minimumSeverity: this.config.minimumSeverity,
        categories: CATEGORIES.filter((c) => !this.config.disabledCategories.has(c)),
        ruleOverrides: this.config.ruleOverrides,
      },
      fromEditorLanguageId(document.languageId, document.fileName),
    );
    if (document.isClosed || document.version !== version) return undefined;
    this.findingsByUri.set(document.uri.toString(), result.findings);
    this.collection.set(document.uri, result.findings.map((f) => toDiagnostic(f, document.uri)));
    this.log.debug(`scanned ${path}: ${result.findings.length} findings in ${(performance.now() - started).toFixed(1)} ms`);
    for (const error of result.ruleErrors) this.log.warn(`rule ${error.ruleId} failed on ${path}: ${error.message}`);
    return result.findings;
  }

  /** Debounced scan after an edit, when live diagnostics are on. */
  schedule(document: vscode.TextDocument): void {
    if (!this.config.liveDiagnostics || !SCANNED_SCHEMES.has(document.uri.scheme)) return;
    if (document.getText().length > this.config.maxFileBytes) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.scanNow(document).catch((error) => this.log.error(`live scan failed: ${(error as Error).message}`));
      }, this.config.debounceMs),
    );
  }

  clear(uri: vscode.Uri): void {
    clearTimeout(this.timers.get(uri.toString()));
    this.timers.delete(uri.toString());
    this.findingsByUri.delete(uri.toString());
    this.collection.delete(uri);
  }

  private refreshAll(): void {
    this.config = readConfig();
    if (!this.config.liveDiagnostics) {
      this.collection.clear();
      this.findingsByUri.clear();
      return;
    }
    // Only documents already scanned are refreshed: a settings change must not trigger a scan of everything open.
    for (const document of vscode.workspace.textDocuments) {
      if (this.findingsByUri.has(document.uri.toString())) this.schedule(document);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
