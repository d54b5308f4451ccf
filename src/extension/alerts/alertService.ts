import * as vscode from 'vscode';
import type { Alert, AlertDetector } from '../../core/alerts/detector';
import { AlertFeed, memorySeconds, readRecentAuditEntries } from '../../core/alerts/feed';
import type { AlertSettings } from '../../core/alerts/settings';
import { resolveAlertSettings } from '../../core/alerts/settings';
import { alertEvent, alertFromEntry, renderAlert } from '../../core/alerts/render';
import type { AuditEntry, AuditLog } from '../../core/audit/auditLog';

/** The lockdown command, owned by the incident-response part; alerts only run it by id. */
export const LOCKDOWN_COMMAND = 'agentGuard.lockdown';

/** Virtual documents that show an alert as Markdown text (never rendered as HTML). */
export const ALERT_SCHEME = 'agent-guard-alert';

/** What Show Last Alert returns, for scripts and the integration tests. */
export interface LastAlert {
  alert: Alert;
  /** The `alert` audit entry written for it (undefined only if the write failed). */
  entry?: AuditEntry;
}

/** How many alerts this window keeps for Show. */
const KEPT = 50;

/** The user's settings, workspace trust applied (see resolveAlertSettings). */
export function readAlertSettings(log?: vscode.LogOutputChannel): AlertSettings {
  const config = vscode.workspace.getConfiguration('agentGuard.alerts');
  const { settings, notes } = resolveAlertSettings((key) => {
    const inspected = config.inspect(key);
    return { user: inspected?.globalValue, workspace: inspected?.workspaceFolderValue ?? inspected?.workspaceValue };
  }, vscode.workspace.isTrusted);
  for (const note of notes) log?.warn(`alerts: ${note}`);
  return settings;
}

/**
 * Suspicious-activity alerts for one window: feeds every audit entry to the detector as it is written,
 * and for each alert writes an `alert` audit entry and shows a notification with Show, Lockdown and Dismiss.
 * Cheap to construct (activation builds it); the detector starts with the audit log, on first use.
 */
export class AlertService implements vscode.Disposable {
  private detector: AlertDetector | undefined;
  private readonly raised: LastAlert[] = [];
  private readonly disposables: vscode.Disposable[] = [];
  private readonly documentChanged = new vscode.EventEmitter<vscode.Uri>();

  constructor(
    private readonly log: vscode.LogOutputChannel,
    /** Where the audit log lives: Show Last Alert reads the last alert there after a reload. */
    private readonly auditDirectory?: string,
  ) {
    this.disposables.push(
      this.documentChanged,
      vscode.workspace.registerTextDocumentContentProvider(ALERT_SCHEME, {
        onDidChange: this.documentChanged.event,
        provideTextDocumentContent: (uri) => {
          const id = uri.path.replace(/^\//, '').replace(/\.md$/, '');
          const found = this.raised.find((r) => r.alert.id === id);
          return found ? renderAlert(found.alert, found.entry?.seq) : `# Alert ${id}\n\nThis alert is no longer held in this window; see the audit log.\n`;
        },
      }),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('agentGuard.alerts')) this.detector?.configure(readAlertSettings(this.log));
      }),
    );
  }

  /**
   * Starts watching a gate's audit log; returns the unsubscribe function. The detector comes from the
   * engine bundle (`create`), so activation never loads it.
   */
  attach(audit: AuditLog, create: (settings: AlertSettings) => AlertDetector): () => void {
    const settings = readAlertSettings(this.log);
    this.detector ??= create(settings);
    const feed = new AlertFeed(this.detector, (alert) => void this.raise(alert, audit));
    const unsubscribe = audit.onAppend((entry) => feed.live(entry));
    // What happened before this window opened the log (a reload) still counts, without alerting twice.
    readRecentAuditEntries(audit.directory, Date.now() - memorySeconds(settings) * 1000).then(
      (history) => feed.primed(history),
      (error) => {
        this.log.warn(`alerts: could not read the audit history: ${(error as Error).message}`);
        feed.primed([]);
      },
    );
    return unsubscribe;
  }

  /** The last alert of this window, or undefined. */
  get last(): LastAlert | undefined {
    return this.raised[this.raised.length - 1];
  }

  private async raise(alert: Alert, audit: AuditLog): Promise<void> {
    const record: LastAlert = { alert };
    this.raised.push(record);
    if (this.raised.length > KEPT) this.raised.shift();
    this.log.warn(`alert ${alert.id}: ${alert.title}`);
    try {
      record.entry = await audit.append('alert', 'agent-guard', alertEvent(alert));
    } catch (error) {
      this.log.error(`alert ${alert.id}: could not write the audit entry: ${(error as Error).message}`);
    }
    this.notify(record);
  }

  private notify(record: LastAlert): void {
    const { alert } = record;
    const show = alert.severity === 'critical' ? vscode.window.showErrorMessage : vscode.window.showWarningMessage;
    void show(`Agent Guard alert: ${alert.title}`, 'Show', 'Lockdown', 'Dismiss').then(async (choice) => {
      if (choice === 'Show') await this.show(record);
      else if (choice === 'Lockdown') await this.lockdown(alert);
      else if (choice === 'Dismiss') this.log.info(`alert ${alert.id}: dismissed`);
    });
  }

  /** Runs Lockdown by its command id; says so plainly when this build has no lockdown. */
  async lockdown(alert: Alert): Promise<void> {
    const commands = await vscode.commands.getCommands(true);
    if (!commands.includes(LOCKDOWN_COMMAND)) {
      void vscode.window.showErrorMessage('Agent Guard: Lockdown is not available in this version. Reject the pending changes and stop the agent by hand.');
      return;
    }
    this.log.warn(`alert ${alert.id}: lockdown requested from the alert`);
    // The person clicked Lockdown (so the actor stays theirs); the reason names the alert in the lockdown's audit entry.
    await vscode.commands.executeCommand(LOCKDOWN_COMMAND, { reason: `alert ${alert.id}: ${alert.title}` });
  }

  /** Opens the alert as a read-only Markdown document. */
  async show(record: LastAlert): Promise<void> {
    const uri = vscode.Uri.from({ scheme: ALERT_SCHEME, path: `/${record.alert.id}.md` });
    this.documentChanged.fire(uri);
    const document = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(document, { preview: true });
  }

  /**
   * "Agent Guard: Show Last Alert": opens the last alert (unless `options.reveal` is false) and returns
   * it, so scripts and tests can read it.
   */
  async showLast(options: { reveal?: boolean } = {}): Promise<LastAlert | undefined> {
    const last = this.last ?? (await this.lastFromLog());
    if (!last) {
      if (options.reveal !== false) void vscode.window.showInformationMessage('Agent Guard: no alert has been raised.');
      return undefined;
    }
    if (options.reveal !== false) await this.show(last);
    return last;
  }

  /** The last alert recorded in the audit log (an earlier session), kept so Show can open it. */
  private async lastFromLog(): Promise<LastAlert | undefined> {
    if (!this.auditDirectory) return undefined;
    const entries = await readRecentAuditEntries(this.auditDirectory, 0);
    for (let i = entries.length - 1; i >= 0; i--) {
      const alert = alertFromEntry(entries[i]);
      if (!alert) continue;
      const record = { alert, entry: entries[i] };
      this.raised.unshift(record);
      return record;
    }
    return undefined;
  }

  dispose(): void {
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
