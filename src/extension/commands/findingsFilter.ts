import * as vscode from 'vscode';
import type { Services } from '../services';

/** Findings view: keep only findings whose rule, message, file, category or severity hold every word typed. */
export async function findingsFilter(services: Services, filter?: unknown): Promise<void> {
  const value =
    typeof filter === 'string'
      ? filter
      : await vscode.window.showInputBox({
          title: 'Agent Guard: filter findings',
          prompt: 'Words to match in rule id, message, file, category or severity (e.g. "secret src/api")',
          value: services.findingsTree.currentFilter,
        });
  if (value !== undefined) services.findingsTree.setFilter(value);
}
