import { readFile, stat } from 'node:fs/promises';
import * as nodePath from 'node:path';
import * as vscode from 'vscode';
import { advisorySourceIfEnabled } from '../advisories/advisoryData';
import type { Finding } from '../../core/model/finding';
import { CATEGORIES } from '../../core/model/finding';
import type { GitleaksIgnore } from '../../core/suppress/gitleaksIgnore';
import { fromEditorLanguageId } from '../../core/scan/language';
import type { AgentGuardConfig } from '../config';
import { readConfig } from '../config';
import type { Engine } from '../engineLoader';
import { loadEngine } from '../engineLoader';
import { diagnosticKey, ruleIdOf, toDiagnostic } from './toDiagnostic';

/** Schemes whose documents are the user's files; output panels, git views and the like are left alone. */
const SCANNED_SCHEMES = new Set(['file', 'untitled', 'vscode-remote', 'vscode-userdata']);

/** A live scan that runs longer than this returns a partial result rather than hold the editor. */
const LIVE_TIME_BUDGET_MS = 1000;

/** Where a document's diagnostics came from: live scans are cleared on close, scan results stay. */
export type FindingOrigin = 'live' | 'scan';

interface UriEntry {
  uri: vscode.Uri;
  origin: FindingOrigin;
  findings: Finding[];
  /** diagnosticKey → finding: quick fixes look findings up here instead of rescanning. */
  byKey: Map<string, Finding>;
}

interface FolderSuppressions {
  stamp: string;
  baseline?: Set<string>;
  gitleaks?: GitleaksIgnore;
}

/**
 * Owns the Problems-panel entries: scans documents on request and, when live diagnostics are on, after
 * a pause in typing. A newer edit makes a pending or running scan stale: its timer is cancelled, or its
 * result dropped. Scan results of whole workspaces and git changes are shown here too.
 */
export class DiagnosticsController implements vscode.Disposable {
  readonly collection = vscode.languages.createDiagnosticCollection('agent-guard');
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly generations = new Map<string, number>();
  private readonly entries = new Map<string, UriEntry>();
  private readonly suppressions = new Map<string, FolderSuppressions>();
  private readonly repositoryRoots = new Map<string, Promise<string | undefined>>();
  private readonly changeEmitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [];
  private config: AgentGuardConfig = readConfig();

  /** Fires after diagnostics change (the findings tree listens). */
  readonly onDidChange = this.changeEmitter.event;

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      this.collection,
      this.changeEmitter,
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length) this.schedule(event.document);
      }),
      vscode.workspace.onDidCloseTextDocument((document) => this.closed(document.uri)),
      vscode.workspace.onDidSaveTextDocument((document) => {
        if (this.config.liveScope === 'changedSinceSave' && this.entries.get(document.uri.toString())?.origin === 'live') this.schedule(document);
      }),
      vscode.window.onDidChangeVisibleTextEditors((editors) => {
        for (const editor of editors) if (!this.entries.has(editor.document.uri.toString())) this.schedule(editor.document);
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('agentGuard')) this.refreshAll();
      }),
      vscode.workspace.onDidGrantWorkspaceTrust(() => this.refreshAll()),
    );
  }

  get currentConfig(): AgentGuardConfig {
    return this.config;
  }

  /** Findings last shown for a document. */
  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.entries.get(uri.toString())?.findings ?? [];
  }

  /** Every finding shown, by document. */
  allFindings(): { uri: vscode.Uri; finding: Finding; origin: FindingOrigin }[] {
    return [...this.entries.values()].flatMap((entry) => entry.findings.map((finding) => ({ uri: entry.uri, finding, origin: entry.origin })));
  }

  /** The finding behind one of our diagnostics, looked up by its key; by rule and line when the range moved. */
  lookup(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Finding | undefined {
    const entry = this.entries.get(uri.toString());
    if (!entry) return undefined;
    const exact = entry.byKey.get(diagnosticKey(diagnostic));
    if (exact) return exact;
    const ruleId = ruleIdOf(diagnostic);
    return entry.findings.find((f) => f.ruleId === ruleId && f.range.startLine - 1 === diagnostic.range.start.line);
  }

  /** Looks a finding up by the key a code action carried. */
  lookupByKey(uri: vscode.Uri, key: string): Finding | undefined {
    return this.entries.get(uri.toString())?.byKey.get(key);
  }

  /** Scans a document now and shows its findings. Returns them, or undefined if a newer edit overtook the scan. */
  async scanNow(document: vscode.TextDocument): Promise<Finding[] | undefined> {
    const key = document.uri.toString();
    const generation = (this.generations.get(key) ?? 0) + 1;
    this.generations.set(key, generation);
    const version = document.version;
    const stale = () => document.isClosed || document.version !== version || this.generations.get(key) !== generation;
    const engine = loadEngine();
    const config = this.config;
    const folder = vscode.workspace.getWorkspaceFolder(document.uri);
    const onDisk = document.uri.scheme === 'file';
    const relativePath = folder && onDisk ? toPosix(nodePath.relative(folder.uri.fsPath, document.uri.fsPath)) : vscode.workspace.asRelativePath(document.uri, false);
    const started = performance.now();

    if (folder && onDisk && (await engine.isPathIgnored(folder.uri.fsPath, relativePath, { exclude: config.exclude, respectAgentGuardIgnore: config.honourWorkspaceSuppressions }))) {
      if (stale()) return undefined;
      this.show(document.uri, [], 'live');
      this.log.debug(`skipped ${relativePath}: excluded by agentGuard.exclude or .agent-guardignore`);
      return [];
    }

    const suppressions = folder && onDisk && config.honourWorkspaceSuppressions ? await this.folderSuppressions(folder.uri.fsPath, engine) : undefined;
    const categories = CATEGORIES.filter((c) => !config.disabledCategories.has(c));
    const options = {
      rules: engine.allRules,
      minimumSeverity: config.minimumSeverity,
      categories,
      ruleOverrides: config.ruleOverrides,
      baseline: suppressions?.baseline,
      timeBudgetMs: LIVE_TIME_BUDGET_MS,
      advisories: advisorySourceIfEnabled(engine),
    };
    const language = fromEditorLanguageId(document.languageId, document.fileName);
    const text = document.getText();
    let findings: Finding[];
    const ruleErrors: { ruleId: string; message: string }[] = [];

    const before = config.liveScope === 'file' || !onDisk ? undefined : await this.baselineText(document, folder, relativePath, engine);
    if (before === undefined) {
      const result = await engine.scanDocument(relativePath, text, options, language);
      findings = result.findings;
      ruleErrors.push(...result.ruleErrors);
    } else {
      // Changed lines only, except secrets: a key pasted anywhere in the file is always reported.
      const secretCategories = categories.filter((c) => c === 'secret');
      const otherCategories = categories.filter((c) => c !== 'secret');
      const whole = secretCategories.length ? await engine.scanDocument(relativePath, text, { ...options, categories: secretCategories }, language) : undefined;
      const changed = otherCategories.length ? await engine.scanDocumentChange(relativePath, before.text, text, { ...options, categories: otherCategories }, language) : undefined;
      findings = [...(whole?.findings ?? []), ...(changed?.findings ?? [])].sort((a, b) => a.range.startLine - b.range.startLine || a.range.startColumn - b.range.startColumn);
      ruleErrors.push(...(whole?.ruleErrors ?? []), ...(changed?.ruleErrors ?? []));
    }
    if (suppressions?.gitleaks && config.useGitleaksIgnore) findings = suppressions.gitleaks.filter(findings).kept;

    if (stale()) return undefined;
    this.show(document.uri, findings, 'live');
    this.log.debug(`scanned ${relativePath}: ${findings.length} findings in ${(performance.now() - started).toFixed(1)} ms`);
    for (const error of ruleErrors) this.log.warn(`rule ${error.ruleId} failed on ${relativePath}: ${error.message}`);
    return findings;
  }

  /** The text changed lines are measured against, or undefined to scan the whole file. */
  private async baselineText(document: vscode.TextDocument, folder: vscode.WorkspaceFolder | undefined, relativePath: string, engine: Engine): Promise<{ text: string } | undefined> {
    try {
      if (this.config.liveScope === 'changedSinceSave') {
        return { text: document.isDirty ? await readFile(document.uri.fsPath, 'utf8') : document.getText() };
      }
      const root = await this.repositoryRoot(folder?.uri.fsPath ?? nodePath.dirname(document.uri.fsPath), engine);
      if (!root) return undefined;
      const head = await engine.readHeadText(root, toPosix(nodePath.relative(root, document.uri.fsPath)));
      // A file HEAD lacks is wholly new: every line counts as changed.
      return { text: head ?? '' };
    } catch (error) {
      this.log.debug(`changed-lines baseline unavailable for ${relativePath}: ${(error as Error).message}; scanning the whole file`);
      return undefined;
    }
  }

  private repositoryRoot(folder: string, engine: Engine): Promise<string | undefined> {
    let root = this.repositoryRoots.get(folder);
    if (!root) {
      root = engine.gitRoot(folder).catch(() => undefined);
      this.repositoryRoots.set(folder, root);
    }
    return root;
  }

  /** A folder's baseline and `.gitleaksignore`, reread when either file's modification time changes. */
  private async folderSuppressions(folder: string, engine: Engine): Promise<FolderSuppressions> {
    const baselinePath = nodePath.join(folder, engine.BASELINE_FILE_NAME);
    const gitleaksPath = nodePath.join(folder, engine.GITLEAKS_IGNORE_FILE_NAME);
    const stamps = await Promise.all([baselinePath, gitleaksPath].map((p) => stat(p).then((s) => `${s.mtimeMs}:${s.size}`, () => '-')));
    const stamp = stamps.join('|');
    const cached = this.suppressions.get(folder);
    if (cached?.stamp === stamp) return cached;
    const loaded: FolderSuppressions = { stamp };
    const baselineText = await readFile(baselinePath, 'utf8').catch(() => undefined);
    if (baselineText !== undefined) {
      try {
        loaded.baseline = engine.parseBaseline(baselineText, engine.BASELINE_FILE_NAME);
      } catch (error) {
        this.log.warn(`ignoring ${engine.BASELINE_FILE_NAME}: ${(error as Error).message}`);
      }
    }
    const gitleaksText = await readFile(gitleaksPath, 'utf8').catch(() => undefined);
    if (gitleaksText !== undefined) loaded.gitleaks = engine.GitleaksIgnore.parse(gitleaksText);
    this.suppressions.set(folder, loaded);
    return loaded;
  }

  /** Debounced scan after an edit, when live diagnostics are on. A newer edit cancels the pending one. */
  schedule(document: vscode.TextDocument): void {
    if (!this.config.liveDiagnostics || !SCANNED_SCHEMES.has(document.uri.scheme)) return;
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    // A scan already running for an older version is now stale; bumping the generation drops its result.
    this.generations.set(key, (this.generations.get(key) ?? 0) + 1);
    if (document.getText().length > this.config.maxFileBytes) {
      this.clear(document.uri);
      return;
    }
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        this.scanNow(document).catch((error) => this.log.error(`live scan failed: ${(error as Error).message}`));
      }, this.config.debounceMs),
    );
  }

  /** Shows findings for one document, replacing what it showed before. */
  show(uri: vscode.Uri, findings: readonly Finding[], origin: FindingOrigin): void {
    const byKey = new Map<string, Finding>();
    const diagnostics = findings.map((finding) => {
      const diagnostic = toDiagnostic(finding, uri, this.config.severityMap);
      byKey.set(diagnosticKey(diagnostic), finding);
      return diagnostic;
    });
    if (findings.length === 0 && origin === 'scan') {
      this.entries.delete(uri.toString());
      this.collection.delete(uri);
    } else {
      this.entries.set(uri.toString(), { uri, origin, findings: [...findings], byKey });
      this.collection.set(uri, diagnostics);
    }
    this.changeEmitter.fire();
  }

  /** Replaces the results of the last workspace or git scan; live results of open documents stay. */
  showScanResults(results: readonly { uri: vscode.Uri; findings: readonly Finding[] }[]): void {
    for (const [key, entry] of [...this.entries]) {
      if (entry.origin === 'scan') {
        this.entries.delete(key);
        this.collection.delete(entry.uri);
      }
    }
    for (const { uri, findings } of results) {
      if (findings.length) this.show(uri, findings, 'scan');
    }
    this.changeEmitter.fire();
  }

  /** Removes one document's findings and cancels its pending scan. */
  clear(uri: vscode.Uri): void {
    const key = uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.delete(key);
    // Forgetting the generation also makes a scan still running for this document stale (its number no longer matches).
    this.generations.delete(key);
    if (this.entries.delete(key)) this.changeEmitter.fire();
    this.collection.delete(uri);
  }

  private closed(uri: vscode.Uri): void {
    // Results of a workspace scan describe the file on disk and stay; live results described the editor's text.
    if (this.entries.get(uri.toString())?.origin === 'scan') {
      clearTimeout(this.timers.get(uri.toString()));
      return;
    }
    this.clear(uri);
  }

  private refreshAll(): void {
    this.config = readConfig();
    this.suppressions.clear();
    this.repositoryRoots.clear();
    // Re-render from stored findings so a new severity map applies at once, then rescan live documents.
    for (const entry of [...this.entries.values()]) this.show(entry.uri, entry.findings, entry.origin);
    const live = [...this.entries.values()].filter((e) => e.origin === 'live');
    if (!this.config.liveDiagnostics) {
      for (const entry of live) this.clear(entry.uri);
      return;
    }
    // Only documents already scanned are refreshed: a settings change must not trigger a scan of everything open.
    for (const document of vscode.workspace.textDocuments) {
      if (this.entries.get(document.uri.toString())?.origin === 'live') this.schedule(document);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}

function toPosix(path: string): string {
  return path.split(nodePath.sep).join('/');
}
