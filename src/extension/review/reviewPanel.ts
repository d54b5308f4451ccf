import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { HostToView, ViewChangeSet, ViewLockdown, ViewToHost } from './protocol';
import { parseViewMessage } from './protocol';

/** What the panel asks of the review service; the panel itself decides nothing. */
export interface ReviewPanelActions {
  handle(message: Exclude<ViewToHost, { type: 'ready' | 'releaseLockdown' }>): Promise<void>;
  /** The change sets to show, pending first. */
  snapshot(): ViewChangeSet[];
}

export const REVIEW_PANEL_VIEW_TYPE = 'agentGuard.review';

/** The command the banner's "Release Lockdown" button runs (it asks the person for a reason). */
const RELEASE_LOCKDOWN_COMMAND = 'agentGuard.releaseLockdown';

/**
 * The review webview: a strict CSP with a nonce, nothing remote, scripts and styles only from the
 * extension's own folders. It renders what the service gives it and sends back decisions.
 */
export class ReviewPanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private ready = false;
  private pendingFocus: HostToView | undefined;
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly actions: ReviewPanelActions,
    private readonly log: vscode.LogOutputChannel,
    /** The lockdown to show as a banner (Approve buttons are off while it holds); absent: never locked. */
    private readonly lockdown: () => ViewLockdown = () => ({ locked: false }),
  ) {}

  get isOpen(): boolean {
    return this.panel !== undefined;
  }

  /** Opens or reveals the panel; `preserveFocus` keeps the person's editor focused (used on arrival). */
  show(options: { preserveFocus?: boolean; focus?: { changeSetId: string; path?: string; hunkIndex?: number } } = {}): void {
    if (options.focus) this.pendingFocus = { type: 'focus', ...options.focus };
    if (this.panel) {
      this.panel.reveal(undefined, options.preserveFocus);
      this.flushFocus();
      return;
    }
    this.ready = false;
    const panel = vscode.window.createWebviewPanel(
      REVIEW_PANEL_VIEW_TYPE,
      'Agent Guard: Review',
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: options.preserveFocus },
      { enableScripts: true, retainContextWhenHidden: true, localResourceRoots: [this.mediaRoot(), this.codiconsRoot()] },
    );
    this.attach(panel);
  }

  /** Re-attaches a panel VS Code restored after a reload. */
  restore(panel: vscode.WebviewPanel): void {
    this.ready = false;
    panel.webview.options = { enableScripts: true, localResourceRoots: [this.mediaRoot(), this.codiconsRoot()] };
    this.attach(panel);
  }

  /** Sends the current state; cheap to call after every change. */
  refresh(): void {
    if (this.panel && this.ready) void this.post({ type: 'state', changeSets: this.actions.snapshot(), lockdown: this.lockdown() });
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    panel.iconPath = vscode.Uri.joinPath(this.mediaRoot(), 'shield.svg');
    panel.webview.html = this.html(panel.webview);
    this.disposables.push(
      panel.onDidDispose(() => {
        this.panel = undefined;
        this.ready = false;
      }),
      panel.webview.onDidReceiveMessage((raw) => this.receive(raw)),
    );
  }

  private async receive(raw: unknown): Promise<void> {
    const message = parseViewMessage(raw);
    if (!message) {
      this.log.warn('review panel: ignored a malformed message from the webview');
      return;
    }
    if (message.type === 'ready') {
      this.ready = true;
      this.refresh();
      this.flushFocus();
      return;
    }
    try {
      if (message.type === 'releaseLockdown') await vscode.commands.executeCommand(RELEASE_LOCKDOWN_COMMAND);
      else await this.actions.handle(message);
    } catch (error) {
      const text = error instanceof Error ? error.message : String(error);
      this.log.error(`review action ${message.type} failed: ${text}`);
      void vscode.window.showErrorMessage(`Agent Guard: ${text}`);
    }
    this.refresh();
  }

  private flushFocus(): void {
    if (this.pendingFocus && this.ready) {
      void this.post(this.pendingFocus);
      this.pendingFocus = undefined;
    }
  }

  private post(message: HostToView): Thenable<boolean> {
    return this.panel ? this.panel.webview.postMessage(message) : Promise.resolve(false);
  }

  private mediaRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'media', 'review');
  }

  private codiconsRoot(): vscode.Uri {
    return vscode.Uri.joinPath(this.extensionUri, 'dist', 'codicons');
  }

  private html(webview: vscode.Webview): string {
    const nonce = randomBytes(16).toString('base64');
    const asset = (root: vscode.Uri, file: string) => webview.asWebviewUri(vscode.Uri.joinPath(root, file)).toString();
    const csp = [
      "default-src 'none'",
      `style-src ${webview.cspSource}`,
      `font-src ${webview.cspSource}`,
      `img-src ${webview.cspSource}`,
      `script-src 'nonce-${nonce}'`,
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${asset(this.codiconsRoot(), 'codicon.css')}">
<link rel="stylesheet" href="${asset(this.mediaRoot(), 'review.css')}">
<title>Agent Guard: Review</title>
</head>
<body>
<main id="app" aria-label="Agent changes waiting for review"></main>
<div id="announcer" class="visually-hidden" aria-live="polite"></div>
<script nonce="${nonce}" src="${asset(this.mediaRoot(), 'review.js')}"></script>
</body>
</html>`;
  }

  dispose(): void {
    this.panel?.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
