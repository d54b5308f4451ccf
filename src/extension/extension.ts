import * as vscode from 'vscode';
import type { ProposeChangesDecision, ProposeChangesRequest } from '../../types/agent-guard';
import { addToBaseline } from './commands/addToBaseline';
import { disableRule } from './commands/disableRule';
import type { ExportReportOptions } from './commands/exportReport';
import { exportReport } from './commands/exportReport';
import { findingsClearFilter } from './commands/findingsClearFilter';
import { findingsFilter } from './commands/findingsFilter';
import { findingsGroupBy } from './commands/findingsGroupBy';
import { COMMANDS, FIX_COMMANDS } from './commands/ids';
import { ignoreFinding } from './commands/ignoreFinding';
import { moveToEnvironmentVariable } from './commands/moveToEnvironmentVariable';
import { openSettings } from './commands/openSettings';
import { decideFromCommand, openReview, proposeChanges, revertLastApproved } from './commands/reviewCommands';
import { scanCurrentFile } from './commands/scanCurrentFile';
import { scanStagedChanges } from './commands/scanStagedChanges';
import { scanUncommittedChanges } from './commands/scanUncommittedChanges';
import { scanWorkspace } from './commands/scanWorkspace';
import { showOutput } from './commands/showOutput';
import { showRuleDocs } from './commands/showRuleDocs';
import { showRules } from './commands/showRules';
import { toggleLiveDiagnostics } from './commands/toggleLiveDiagnostics';
import { connectAgent } from './commands/connectAgent';
import { exportAuditLog, verifyAuditLog } from './commands/auditLog';
import type { IncidentReportArgs } from './incident/incidentReportCommand';
import { incidentReport } from './incident/incidentReportCommand';
import { purgeOldDataCommand, scheduleStartupPurge } from './incident/purgeOldData';
import type { ExplainOptions } from './commands/explainDecision';
import { explainDecision } from './commands/explainDecision';
import type { UpdateArgs } from './advisories/advisoryData';
import { initAdvisoryStorage, updateVulnerabilityData, vulnerabilityDataStatus } from './advisories/advisoryData';
import { isEngineLoaded } from './engineLoader';
import { TOOL_NAME, ApplyEditsTool } from './intake/languageModelTool';
import { startHookServer } from './intake/hookServer';
import { GuardStatusBar } from './intake/guardStatusBar';
import type { LockdownArgs, ReleaseArgs } from './lockdown/lockdownController';
import { LockdownController } from './lockdown/lockdownController';
import type { RevertSinceArgs } from './lockdown/revertSinceCommand';
import { revertChangesSince } from './lockdown/revertSinceCommand';
import { readGuardConfig } from './config';
import { guarded } from './log';
import type { ScanCommandOptions } from './scanWorkerJobs';
import { Services } from './services';

/** What other extensions (and the integration tests) get from `extension.exports`. */
export interface AgentGuardExports {
  proposeChanges(request: ProposeChangesRequest): Promise<ProposeChangesDecision>;
  /** True once the engine bundle is loaded; activation alone never loads it. */
  isEngineLoaded(): boolean;
  /** Milliseconds `activate` took. */
  readonly activationMs: number;
  /** What the findings view shows now: its grouping, its top-level groups with counts, and the total. */
  findingsView(): { groupBy: string; groups: { label: string; count: number }[]; total: number };
}

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): AgentGuardExports {
  const started = performance.now();
  try {
    services = new Services(context);
    const s = services;
    initAdvisoryStorage(context);
    // Every diagnostics command is caught at its boundary: logged (masked) and shown as one message.
    const command = <A extends unknown[]>(id: string, title: string, run: (...args: A) => unknown) =>
      vscode.commands.registerCommand(id, (...args: A) => guarded(s.log, title, async () => run(...args)));
    context.subscriptions.push(
      s,
      command(COMMANDS.scanCurrentFile, 'Scan Current File', () => scanCurrentFile(s)),
      command(COMMANDS.scanWorkspace, 'Scan Workspace', (options?: ScanCommandOptions) => scanWorkspace(s, options)),
      command(COMMANDS.scanUncommittedChanges, 'Scan Uncommitted Changes', (options?: ScanCommandOptions) => scanUncommittedChanges(s, options)),
      command(COMMANDS.scanStagedChanges, 'Scan Staged Changes', (options?: ScanCommandOptions) => scanStagedChanges(s, options)),
      command(COMMANDS.exportReport, 'Export Report', (options?: ExportReportOptions) => exportReport(s, options)),
      command(COMMANDS.showRules, 'Show Rules', () => showRules(s)),
      command(COMMANDS.showRuleDocs, 'Show Rule Documentation', (ruleId?: unknown) => showRuleDocs(ruleId)),
      command(COMMANDS.toggleLiveDiagnostics, 'Toggle Live Diagnostics', () => toggleLiveDiagnostics(s)),
      command(COMMANDS.openSettings, 'Open Settings', () => openSettings()),
      command(COMMANDS.showOutput, 'Show Output', () => showOutput(s)),
      command(COMMANDS.findingsGroupBy, 'Group Findings', (groupBy?: unknown) => findingsGroupBy(s, groupBy)),
      command(COMMANDS.findingsFilter, 'Filter Findings', (filter?: unknown) => findingsFilter(s, filter)),
      command(COMMANDS.findingsClearFilter, 'Clear Findings Filter', () => findingsClearFilter(s)),
      command(COMMANDS.updateVulnerabilityData, 'Update Vulnerability Data', (args?: UpdateArgs) => updateVulnerabilityData(s.log, args)),
      command(COMMANDS.vulnerabilityDataStatus, 'Show Vulnerability Data Status', (options?: { silent?: boolean }) => vulnerabilityDataStatus(options)),
      command(FIX_COMMANDS.ignoreFinding, 'Ignore this finding', (args: unknown) => ignoreFinding(s, args)),
      command(FIX_COMMANDS.addToBaseline, 'Add to baseline', (args: unknown) => addToBaseline(s, args)),
      command(FIX_COMMANDS.disableRule, 'Disable rule', (args: unknown) => disableRule(s, args)),
      command(FIX_COMMANDS.moveToEnvironmentVariable, 'Move to environment variable', (args: unknown) => moveToEnvironmentVariable(s, args)),
      vscode.commands.registerCommand(COMMANDS.openReview, (id?: unknown, path?: unknown, hunk?: unknown) => {
        if (s.gate) openReview(s.gate, id, path, hunk);
        else void vscode.window.showInformationMessage('Agent Guard: open a folder to review agent changes.');
      }),
      vscode.commands.registerCommand(COMMANDS.proposeChanges, (request: unknown) => {
        if (!s.gate) throw new Error('Agent Guard needs an open folder to review changes');
        return proposeChanges(s.gate, request);
      }),
      vscode.commands.registerCommand(COMMANDS.revertLastApproved, () => s.gate && guarded(s.log, 'Revert Last Approved Change', () => revertLastApproved(s.gate!))),
      ...(['changeSet', 'file', 'hunk'] as const).flatMap((level) =>
        (['approved', 'rejected'] as const).map((verdict) =>
          vscode.commands.registerCommand(COMMANDS[`${verdict === 'approved' ? 'approve' : 'reject'}${level === 'changeSet' ? 'ChangeSet' : level === 'file' ? 'File' : 'Hunk'}`], (...args: unknown[]) =>
            s.gate && guarded(s.log, verdict === 'approved' ? 'Approve' : 'Reject', () => decideFromCommand(s.gate!, level, verdict, args)),
          ),
        ),
      ),
      vscode.commands.registerCommand(COMMANDS.verifyAuditLog, () => s.gate && guarded(s.log, 'Verify Audit Log', () => verifyAuditLog(s.gate!))),
      vscode.commands.registerCommand(COMMANDS.exportAuditLog, () => s.gate && guarded(s.log, 'Export Audit Log', () => exportAuditLog(s.gate!))),
      vscode.commands.registerCommand(COMMANDS.pendingChanges, () => s.gate?.service.snapshot() ?? []),
      command(COMMANDS.incidentReport, 'Incident Report', (args?: IncidentReportArgs) => (s.gate ? incidentReport(s.gate, args) : needsFolder())),
      command(COMMANDS.purgeOldData, 'Purge Old Data', (args?: { now?: string }) => (s.gate ? purgeOldDataCommand(s.gate, s.log, args) : needsFolder())),
      vscode.commands.registerCommand(COMMANDS.showLastAlert, (options?: { reveal?: boolean }) => s.gate && guarded(s.log, 'Show Last Alert', () => s.gate!.alerts.showLast(options))),
      // With an id it returns the explanation as data (and throws for an unknown id), so callers and tests can ask.
      vscode.commands.registerCommand(COMMANDS.explainDecision, (id?: unknown, options?: ExplainOptions) => {
        if (!s.gate) return void vscode.window.showInformationMessage('Agent Guard: open a folder to review agent changes.');
        return id === undefined ? guarded(s.log, 'Explain Decision', () => explainDecision(s.gate!)) : explainDecision(s.gate, id, options);
      }),
      ...([['connectClaudeCode', 'claude'], ['connectCodex', 'codex'], ['connectVsCodeHooks', 'vscode']] as const).map(([id, target]) =>
        vscode.commands.registerCommand(COMMANDS[id], () => guarded(s.log, 'Connect', () => connectAgent(context, target, s.gate?.workspaceRoot))),
      ),
    );
    if (s.gate) {
      const gate = s.gate;
      const applyGuardConfig = (initial: boolean) => {
        const config = readGuardConfig();
        gate.guard.configure(config.mode, config.exclude);
        if (config.enabled && !gate.guard.enabled) gate.guard.enable();
        else if (!initial && !config.enabled && gate.guard.enabled) gate.guard.disable();
      };
      const lockdown = new LockdownController(gate, s.log);
      context.subscriptions.push(
        lockdown,
        vscode.commands.registerCommand(COMMANDS.lockdown, (args?: LockdownArgs | string) => guarded(s.log, 'Lockdown', () => lockdown.engage(args))),
        vscode.commands.registerCommand(COMMANDS.releaseLockdown, (args?: ReleaseArgs | string) => guarded(s.log, 'Release Lockdown', () => lockdown.release(args))),
        vscode.commands.registerCommand(COMMANDS.revertChangesSince, (args?: RevertSinceArgs) => guarded(s.log, 'Revert Agent Changes Since…', () => revertChangesSince(gate, s.log, args))),
        new GuardStatusBar(gate.guard),
        vscode.commands.registerCommand(COMMANDS.toggleGuard, () => (gate.guard.enabled ? gate.guard.disable() : gate.guard.enable())),
        vscode.commands.registerCommand(COMMANDS.guardStatus, async (options?: { settle?: boolean }) => {
          if (options?.settle) await gate.guard.settled();
          return gate.guard.status();
        }),
        vscode.workspace.onDidChangeConfiguration((event) => {
          if (event.affectsConfiguration('agentGuard.guard')) applyGuardConfig(false);
        }),
      );
      if (typeof vscode.lm?.registerTool === 'function') context.subscriptions.push(vscode.lm.registerTool(TOOL_NAME, new ApplyEditsTool(gate.service)));
      // The socket is cheap to open; deferring it keeps activate() itself short.
      setImmediate(() => {
        startHookServer(gate.workspaceRoot, gate.service, s.log).then(
          (server) => server && context.subscriptions.push({ dispose: () => void server.close() }),
          (error) => s.log.warn(`agent hooks are not served: ${(error as Error).message}`),
        );
        gate.service.restore().catch((error) => s.log.error(`could not restore pending changes: ${(error as Error).message}`));
        applyGuardConfig(true);
      });
      // Retention runs well after start-up, off activation's path; it loads the engine only when there is work.
      context.subscriptions.push(scheduleStartupPurge(gate, s.log));
    }
    const activationMs = performance.now() - started;
    s.log.info(`activated in ${activationMs.toFixed(1)} ms`);
    return {
      proposeChanges: (request) => {
        if (!s.gate) return Promise.reject(new Error('Agent Guard needs an open folder to review changes'));
        return proposeChanges(s.gate, request);
      },
      isEngineLoaded,
      activationMs,
      findingsView: () => ({
        groupBy: s.findingsTree.grouping,
        groups: s.findingsTree.getChildren().flatMap((node) => (node.kind === 'group' ? [{ label: node.label, count: node.rows.length }] : [])),
        total: s.findingsTree.rows().length,
      }),
    };
  } catch (error) {
    void vscode.window.showErrorMessage(`Agent Guard failed to start: ${(error as Error).message}`);
    throw error;
  }
}

function needsFolder(): undefined {
  void vscode.window.showInformationMessage('Agent Guard: open a folder first; the audit log and backups belong to a folder.');
  return undefined;
}

export function deactivate(): void {
  services = undefined;
}
