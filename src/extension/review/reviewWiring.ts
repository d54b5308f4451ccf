import * as path from 'node:path';
import * as vscode from 'vscode';
import { Lockdown } from '../../core/lockdown/lockdown';
import { DirectoryBackupStore } from '../../core/review/backups';
import { PendingStore } from '../../core/review/pendingStore';
import { AlertService } from '../alerts/alertService';
import { advisorySource } from '../advisories/advisoryData';
import { loadEngine } from '../engineLoader';
import { FileSystemGuard } from '../intake/fsGuard';
import { gitHeadReader } from '../intake/gitHead';
import { EditorWorkspaceFs } from './editorWorkspaceFs';
import { PolicySource } from './policySource';
import { ProposedContentProvider } from './proposedContent';
import { REVIEW_PANEL_VIEW_TYPE, ReviewPanel } from './reviewPanel';
import { ReviewService } from './reviewService';
import { ReviewStatusBar } from './reviewStatusBar';
import { ReviewTree } from './reviewTree';
import { toViewLockdown } from './toViewModel';

/**
 * The review gate's VS Code parts, built once per window. Nothing here loads the engine or scans: the
 * core gate (rules, audit log) is created from the engine bundle when the first change arrives.
 */
export class ReviewGate implements vscode.Disposable {
  readonly service: ReviewService;
  readonly panel: ReviewPanel;
  readonly tree: ReviewTree;
  readonly statusBar: ReviewStatusBar;
  readonly content: ProposedContentProvider;
  readonly workspaceRoot: string;
  readonly backups: DirectoryBackupStore;
  readonly guard: FileSystemGuard;
  readonly policy: PolicySource;
  /** The lockdown switch (issue 11), kept in the workspace state so it survives a reload. */
  readonly lockdown: Lockdown;
  /** Suspicious-activity alerts, fed by the audit log once the gate opens it. */
  readonly alerts: AlertService;
  /** Where the audit log lives (extension storage by default). */
  readonly auditDirectory: string;
  /** Recent writes made by the gate itself, so the file-system guard ignores them. */
  readonly ownWrites = new Map<string, number>();
  private store: Promise<PendingStore> | undefined;
  private readonly openStore: () => Promise<PendingStore>;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(context: vscode.ExtensionContext, workspaceRoot: string, log: vscode.LogOutputChannel) {
    this.workspaceRoot = workspaceRoot;
    // Workspace storage is per folder and outside the repository.
    const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
    const inWorkspace = vscode.workspace.getConfiguration('agentGuard').get<string>('audit.location') === 'workspace' && vscode.workspace.isTrusted;
    this.auditDirectory = inWorkspace ? path.join(workspaceRoot, '.agent-guard', 'audit') : path.join(storage, 'audit');
    this.backups = new DirectoryBackupStore(path.join(storage, 'backups'));
    this.policy = new PolicySource(workspaceRoot, log);
    this.lockdown = new Lockdown({ load: () => context.workspaceState.get('agentGuard.lockdown'), save: (state) => Promise.resolve(context.workspaceState.update('agentGuard.lockdown', state)) });
    const fs = new EditorWorkspaceFs(workspaceRoot, (relativePath) => this.ownWrites.set(relativePath, Date.now()));
    this.alerts = new AlertService(log, this.auditDirectory);
    const openStore = () => (this.store ??= PendingStore.open(path.join(storage, 'pending')));
    this.openStore = openStore;
    this.service = new ReviewService(
      openStore,
      async (store) => {
        const engine = loadEngine();
        const audit = await engine.AuditLog.open({ directory: this.auditDirectory });
        this.alerts.attach(audit, (settings) => new engine.AlertDetector({ settings, extraSensitive: () => this.policy.current().sensitivePaths }));
        return new engine.ReviewGate({ workspace: fs, store, audit, backups: this.backups, policy: () => this.policy.current(), locked: () => this.lockdown.locked, scan: { rules: engine.allRules, advisories: advisorySource(engine) } });
      },
      log,
    );
    this.panel = new ReviewPanel(context.extensionUri, this.service, log, () => toViewLockdown(this.lockdown.current()));
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
      this.policy,
      this.alerts,
      this.service.onDidChange(() => this.panel.refresh()),
      // The panel's lockdown banner and its Approve buttons follow the switch as it is engaged or released.
      { dispose: this.lockdown.onChange(() => this.panel.refresh()) },
      vscode.window.registerWebviewPanelSerializer(REVIEW_PANEL_VIEW_TYPE, {
        deserializeWebviewPanel: async (webviewPanel) => this.panel.restore(webviewPanel),
      }),
      // The lock file goes with the window, so the next window takes the queue over at once.
      { dispose: () => void this.store?.then((store) => store.close()) },
    );
  }

  /** True when this window owns the folder's review queue (and so its audit log); another window opens them read-only. */
  async ownsStore(): Promise<boolean> {
    return !(await this.openStore()).readOnly;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
