import * as vscode from 'vscode';
import { CONFIG_SECTION } from '../config';
import type { Services } from '../services';

/**
 * "Agent Guard: Toggle Live Diagnostics": flips the user setting. In an untrusted workspace only the
 * user setting counts, so that is where the switch lives; a workspace value is cleared if it disagrees.
 */
export async function toggleLiveDiagnostics(services: Services): Promise<boolean> {
  const enabled = !services.diagnostics.currentConfig.liveDiagnostics;
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  await config.update('liveDiagnostics', enabled, vscode.ConfigurationTarget.Global);
  const inspected = config.inspect<boolean>('liveDiagnostics');
  if (inspected?.workspaceValue !== undefined && inspected.workspaceValue !== enabled && vscode.workspace.isTrusted) {
    await config.update('liveDiagnostics', undefined, vscode.ConfigurationTarget.Workspace);
  }
  services.log.info(`live diagnostics ${enabled ? 'on' : 'off'}`);
  void vscode.window.setStatusBarMessage(`Agent Guard: live diagnostics ${enabled ? 'on' : 'off'}`, 3000);
  return enabled;
}
