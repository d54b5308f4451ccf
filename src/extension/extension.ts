import * as vscode from 'vscode';
import type { ProposeChangesDecision, ProposeChangesRequest } from '../../types/agent-guard';
import { COMMANDS } from './commands/ids';
import { decideFromCommand, openReview, proposeChanges, revertLastApproved } from './commands/reviewCommands';
import { scanCurrentFile } from './commands/scanCurrentFile';
import { connectAgent } from './commands/connectAgent';
import { isEngineLoaded } from './engineLoader';
import { TOOL_NAME, ApplyEditsTool } from './intake/languageModelTool';
import { startHookServer } from './intake/hookServer';
import { GuardStatusBar } from './intake/guardStatusBar';
import { readGuardConfig } from './config';
import { guarded } from './log';
import { Services } from './services';

/** What other extensions (and the integration tests) get from `extension.exports`. */
export interface AgentGuardExports {
  proposeChanges(request: ProposeChangesRequest): Promise<ProposeChangesDecision>;
  /** True once the engine bundle is loaded; activation alone never loads it. */
  isEngineLoaded(): boolean;
  /** Milliseconds `activate` took. */
  readonly activationMs: number;
}

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): AgentGuardExports {
  const started = performance.now();
  try {
    services = new Services(context);
    const s = services;
    context.subscriptions.push(
      s,
      vscode.commands.registerCommand(COMMANDS.scanCurrentFile, () => guarded(s.log, 'Scan Current File', () => scanCurrentFile(s))),
      vscode.commands.registerCommand(COMMANDS.showOutput, () => s.log.show()),
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
      vscode.commands.registerCommand(COMMANDS.pendingChanges, () => s.gate?.service.snapshot() ?? []),
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
      context.subscriptions.push(
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
    };
  } catch (error) {
    void vscode.window.showErrorMessage(`Agent Guard failed to start: ${(error as Error).message}`);
    throw error;
  }
}

export function deactivate(): void {
  services = undefined;
}
