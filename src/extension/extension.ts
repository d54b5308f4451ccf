import * as vscode from 'vscode';
import { COMMANDS } from './commands/ids';
import { scanCurrentFile } from './commands/scanCurrentFile';
import { isEngineLoaded } from './engineLoader';
import { guarded } from './log';
import { Services } from './services';

/** What other extensions (and the integration tests) get from `extension.exports`. */
export interface AgentGuardApi {
  /** True once the engine bundle is loaded; activation alone never loads it. */
  isEngineLoaded(): boolean;
  /** Milliseconds `activate` took. */
  readonly activationMs: number;
}

let services: Services | undefined;

export function activate(context: vscode.ExtensionContext): AgentGuardApi {
  const started = performance.now();
  try {
    services = new Services(context);
    const s = services;
    context.subscriptions.push(
      s,
      vscode.commands.registerCommand(COMMANDS.scanCurrentFile, () => guarded(s.log, 'Scan Current File', () => scanCurrentFile(s))),
      vscode.commands.registerCommand(COMMANDS.showOutput, () => s.log.show()),
    );
    const activationMs = performance.now() - started;
    s.log.info(`activated in ${activationMs.toFixed(1)} ms`);
    return { isEngineLoaded, activationMs };
  } catch (error) {
    void vscode.window.showErrorMessage(`Agent Guard failed to start: ${(error as Error).message}`);
    throw error;
  }
}

export function deactivate(): void {
  services = undefined;
}
