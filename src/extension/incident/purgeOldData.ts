import * as vscode from 'vscode';
import type { AuditPurgeResult } from '../../core/retention/auditPurge';
import type { RetentionSettings } from '../../core/retention/retention';
import { auditHasEntriesBefore, expiredPending, purgeBackups, resolveRetention, retentionCutoff } from '../../core/retention/retention';
import { loadEngine } from '../engineLoader';
import type { ReviewGate } from '../review/reviewWiring';

/** What one purge did. */
export interface PurgeSummary {
  settings: RetentionSettings;
  /** Pending change sets withdrawn because they waited longer than pendingDays. */
  pendingWithdrawn: string[];
  backupRecords: number;
  backupBlobs: number;
  audit: Pick<AuditPurgeResult, 'status' | 'purgedEntries' | 'throughSeq' | 'reason'>;
  /** Set when this window does not own the folder's queue and audit log: another window purges them. */
  skipped?: string;
}

/**
 * The retention settings. In an untrusted workspace only the user's own values count: a repository
 * must not be able to shorten audit retention (destroying evidence) or lengthen backup retention.
 */
export function readRetentionSettings(trusted = vscode.workspace.isTrusted): { settings: RetentionSettings; problems: string[] } {
  const config = vscode.workspace.getConfiguration('agentGuard.retention');
  const value = (key: keyof RetentionSettings) => {
    if (trusted) return config.get<unknown>(key);
    const inspected = config.inspect<unknown>(key);
    return inspected?.globalValue ?? inspected?.defaultValue;
  };
  return resolveRetention({ pendingDays: value('pendingDays'), backupsDays: value('backupsDays'), auditDays: value('auditDays') });
}

/**
 * Purges what is older than the retention settings: pending change sets (withdrawn through the gate,
 * so the waiting agent is told and the audit log records it), apply backups, and audit entries (behind
 * a checkpoint). Loads the engine only when there is something to do that needs it. Writes one
 * `retention` audit entry when anything was removed.
 */
export async function purgeOldData(gate: ReviewGate, log: vscode.LogOutputChannel, options: { automatic?: boolean; now?: Date } = {}): Promise<PurgeSummary> {
  const now = options.now ?? new Date();
  const { settings, problems } = readRetentionSettings();
  for (const problem of problems) log.warn(problem);
  const summary: PurgeSummary = { settings, pendingWithdrawn: [], backupRecords: 0, backupBlobs: 0, audit: { status: 'nothing', purgedEntries: 0 } };
  if (!(await gate.ownsStore())) {
    summary.skipped = 'another window owns this folder\'s review queue and audit log; it purges them';
    return summary;
  }

  const pendingCut = retentionCutoff(settings.pendingDays, now);
  if (pendingCut) {
    const pending = gate.service.snapshot().filter((c) => c.state === 'pending');
    for (const id of expiredPending(pending, pendingCut)) {
      await gate.service.deny(id, `Withdrawn by Agent Guard's retention: it waited for review longer than ${settings.pendingDays} days (agentGuard.retention.pendingDays).`);
      summary.pendingWithdrawn.push(id);
    }
  }

  const backupsCut = retentionCutoff(settings.backupsDays, now);
  if (backupsCut) {
    const removed = await purgeBackups(gate.backups.directory, backupsCut);
    summary.backupRecords = removed.records.length;
    summary.backupBlobs = removed.blobs;
  }

  const auditCut = retentionCutoff(settings.auditDays, now);
  const anythingElse = summary.pendingWithdrawn.length + summary.backupRecords + summary.backupBlobs > 0;
  const auditDue = auditCut ? await auditHasEntriesBefore(gate.auditDirectory, auditCut) : false;
  if (auditDue || anythingElse) {
    const engine = loadEngine();
    const audit = await engine.AuditLog.open({ directory: gate.auditDirectory });
    if (auditDue && auditCut) {
      const result = await engine.purgeAuditLog(audit, auditCut, { reason: `agentGuard.retention.auditDays = ${settings.auditDays}` });
      summary.audit = { status: result.status, purgedEntries: result.purgedEntries, throughSeq: result.throughSeq, reason: result.reason };
      if (result.status === 'refused') {
        log.error(`retention: ${result.reason}`);
        void vscode.window.showWarningMessage(`Agent Guard: old audit entries were not purged: ${result.reason}. Run "Agent Guard: Verify Audit Log" for details.`);
      }
    }
    if (anythingElse || summary.audit.purgedEntries > 0) {
      await audit.append('retention', 'agent-guard', {
        automatic: options.automatic === true,
        settings: { ...settings },
        pendingWithdrawn: summary.pendingWithdrawn,
        backupRecords: summary.backupRecords,
        backupBlobs: summary.backupBlobs,
        auditEntries: summary.audit.purgedEntries,
        auditPurgedThroughSeq: summary.audit.throughSeq,
      });
    }
  }
  log.info(`retention${options.automatic ? ' (start-up)' : ''}: ${describeSummary(summary)}`);
  return summary;
}

/** One sentence for the log and the notification. */
export function describeSummary(summary: PurgeSummary): string {
  if (summary.skipped) return `nothing purged: ${summary.skipped}`;
  const parts: string[] = [];
  if (summary.audit.purgedEntries) parts.push(`${summary.audit.purgedEntries} audit entr${summary.audit.purgedEntries === 1 ? 'y' : 'ies'} (a checkpoint keeps the log verifiable)`);
  if (summary.backupRecords || summary.backupBlobs) parts.push(`${summary.backupRecords} apply record${summary.backupRecords === 1 ? '' : 's'} and ${summary.backupBlobs} backup blob${summary.backupBlobs === 1 ? '' : 's'}`);
  if (summary.pendingWithdrawn.length) parts.push(`${summary.pendingWithdrawn.length} pending change set${summary.pendingWithdrawn.length === 1 ? '' : 's'} withdrawn`);
  const kept = `pending ${summary.settings.pendingDays || '∞'} d, backups ${summary.settings.backupsDays || '∞'} d, audit ${summary.settings.auditDays || '∞'} d`;
  return parts.length ? `purged ${parts.join('; ')} (kept: ${kept})` : `nothing older than the retention settings (${kept})`;
}

/** "Agent Guard: Purge Old Data". */
export async function purgeOldDataCommand(gate: ReviewGate, log: vscode.LogOutputChannel, args?: { now?: string }): Promise<PurgeSummary> {
  const now = args?.now !== undefined ? new Date(args.now) : undefined;
  if (now && Number.isNaN(now.getTime())) throw new Error(`Purge Old Data: \`now\` must be an ISO 8601 date; got ${JSON.stringify(args?.now)}`);
  const summary = await purgeOldData(gate, log, { now });
  void vscode.window.showInformationMessage(`Agent Guard: ${describeSummary(summary)}.`);
  return summary;
}

/** How long after start-up the automatic purge runs: late enough to stay off activation's path. */
export const STARTUP_PURGE_DELAY_MS = 30_000;

/** Schedules the automatic purge after start-up; errors are logged, never thrown at the person. */
export function scheduleStartupPurge(gate: ReviewGate, log: vscode.LogOutputChannel, delayMs = STARTUP_PURGE_DELAY_MS): vscode.Disposable {
  const timer = setTimeout(() => {
    purgeOldData(gate, log, { automatic: true }).catch((error) => log.error(`retention (start-up) failed: ${(error as Error).message}`));
  }, delayMs);
  return { dispose: () => clearTimeout(timer) };
}
