import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../config';
import { parseFixArgs } from '../diagnostics/fixArgs';
import type { Services } from '../services';
import { FIX_COMMANDS } from './ids';

/** Quick fix "Disable rule for this workspace": `agentGuard.ruleOverrides: { "<rule>": "off" }` in workspace settings. */
export async function disableRule(services: Services, rawArgs: unknown): Promise<boolean> {
  const { finding } = parseFixArgs(FIX_COMMANDS.disableRule, rawArgs);
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const current = config.inspect<Record<string, string>>('ruleOverrides')?.workspaceValue ?? {};
  await config.update('ruleOverrides', { ...current, [finding.ruleId]: 'off' }, vscode.ConfigurationTarget.Workspace);
  services.log.info(`rule ${finding.ruleId} turned off in workspace settings`);
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(`Agent Guard: ${finding.ruleId} is off in this workspace's settings, which take effect once you trust the workspace.`);
  }
  return true;
}
