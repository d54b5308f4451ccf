import * as path from 'node:path';
import * as vscode from 'vscode';
import { DirectoryBackupStore } from '../../core/review/backups';
import { loadEngine } from '../engineLoader';
import { FileSystemGuard } from '../intake/fsGuard';
import { gitHeadReader } from '../intake/gitHead';
import { EditorWorkspaceFs } from './editorWorkspaceFs';
import { ProposedContentProvider } from './proposedContent';
import { REVIEW_PANEL_VIEW_TYPE, ReviewPanel } from './reviewPanel';
import type { ReviewCore, ReviewEvents } from './reviewService';
import { ReviewService } from './reviewService';
import { ReviewStatusBar } from './reviewStatusBar';
import { ReviewTree } from './reviewTree';

/** The review gate's VS Code parts, built once per window. Nothing here loads the engine or scans. */
export class ReviewGate implements vscode.Disposable {
  readonly service: ReviewService;
  readonly panel: ReviewPanel;
  readonly tree: ReviewTree;
  readonly statusBar: ReviewStatusBar;
  readonly content: ProposedContentProvider;
  readonly workspaceRoot: string;
  readonly backups: DirectoryBackupStore;
  readonly guard: FileSystemGuard;
  /** Recent writes made by the gate itself, so the file-system guard ignores them. */
  readonly ownWrites = new Map<string, number>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, workspaceRoot: string, log: vscode.LogOutputChannel, events: ReviewEvents) {
    this.workspaceRoot = workspaceRoot;
    const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
    this.backups = new DirectoryBackupStore(path.join(storage, 'backups'));
    const fs = new EditorWorkspaceFs(workspaceRoot, (relativePath) => this.ownWrites.set(relativePath, Date.now()));
    // The engine (rules, parsers) is loaded the first time a change set is built, never at activation.
    const core: ReviewCore = {
      build: (input, workspaceFs) => loadEngine().buildChangeSet(input, workspaceFs),
      buildFromContents: (source, changes) => loadEngine().buildChangeSetFromContents(source, changes),
      plan: (changeSet, decisions, workspaceFs) => loadEngine().planApply(changeSet, decisions, workspaceFs),
      execute: (plan, workspaceFs, backups, options) => loadEngine().executePlan(plan, workspaceFs, backups, options),
    };
    this.service = new ReviewService(fs, this.backups, core, log, events);
    this.panel = new ReviewPanel(context.extensionUri, this.service, log);
    this.tree = new ReviewTree(this.service);
    this.statusBar = new ReviewStatusBar(this.service);
    this.content = new ProposedContentProvider(this.service);
    this.guard = new FileSystemGuard(this, storage, gitHeadReader(workspaceRoot), log);
    this.service.reveal = (changeSetId, filePath, hunk) => this.panel.show({ focus: { changeSetId, path: filePath, hunkIndex: hunk } });
    this.service.openDiff = (changeSetId, filePath) => this.content.openDiff(changeSetId, filePath);
    this.disposables.push(
      this.service,
      this.panel,
      this.tree,
      this.statusBar,
      this.content,
      this.guard,
      this.service.onDidChange(() => this.panel.refresh()),
      vscode.window.registerWebviewPanelSerializer(REVIEW_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel) => this.panel.restore(webviewPanel),
      }),
    );
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
