import * as vscode from 'vscode';

/** The extension's log channel. Callers pass only masked text: findings are masked by the engine. */
export function createLog(): vscode.LogOutputChannel {
  return vscode.window.createOutputChannel('Agent Guard', { log: true });
}

/** Catches a command's error, logs it and shows one clear message. */
export async function guarded<T>(log: vscode.LogOutputChannel, what: string, action: () => Promise<T>): Promise<T | undefined> {
  try {
    return await action();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log.error(`${what} failed: ${message}`);
    void vscode.window.showErrorMessage(`Agent Guard: ${what} failed: ${message}`);
    return undefined;
  }
}
