import * as vscode from 'vscode';
import type { AgentGuardConfig, Inspect } from './configModel';
import { expandBraces, resolveConfig } from './configModel';

export type { AgentGuardConfig } from './configModel';

export const CONFIG_SECTION = 'agentGuard';

/** Reads the configuration, with the workspace-trust rules of `resolveConfig` applied. */
export function readConfig(trusted = vscode.workspace.isTrusted, scope?: vscode.ConfigurationScope): AgentGuardConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION, scope);
  const inspect: Inspect = <T>(key: string) => {
    const inspected = config.inspect<T>(key);
    return {
      user: inspected?.globalValue,
      workspace: inspected?.workspaceFolderValue ?? inspected?.workspaceValue,
      defaultValue: inspected?.defaultValue,
    };
  };
  return resolveConfig(inspect, trusted);
}

/** Glob patterns of `files.exclude` that are switched on, for the workspace walk (gitignore syntax). */
export function filesExcludeGlobs(scope?: vscode.ConfigurationScope): string[] {
  const map = vscode.workspace.getConfiguration('files', scope).get<Record<string, boolean | { when: string }>>('exclude', {});
  return Object.entries(map)
    .filter(([, on]) => on === true)
    .flatMap(([glob]) => expandBraces(glob));
}

/** The file-system guard's settings. In an untrusted workspace only the user's own settings may turn it off. */
export interface GuardConfig {
  enabled: boolean;
  mode: 'quarantine' | 'review';
  exclude: string[];
}

export function readGuardConfig(trusted = vscode.workspace.isTrusted): GuardConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const inspect = <T>(key: string) => config.inspect<T>(key);
  const enabled = inspect<boolean>('guard.enabled');
  const mode = inspect<string>('guard.mode');
  const user = {
    enabled: enabled?.globalValue ?? enabled?.defaultValue ?? false,
    mode: (mode?.globalValue ?? mode?.defaultValue ?? 'quarantine') === 'review' ? 'review' : 'quarantine',
    exclude: inspect<string[]>('guard.exclude')?.globalValue ?? [],
  } as GuardConfig;
  if (!trusted) {
    // A workspace may turn the guard on, or make it quarantine; never the reverse.
    const workspaceEnabled = enabled?.workspaceValue ?? enabled?.workspaceFolderValue;
    const workspaceMode = mode?.workspaceValue ?? mode?.workspaceFolderValue;
    return { enabled: user.enabled || workspaceEnabled === true, mode: workspaceMode === 'quarantine' ? 'quarantine' : user.mode, exclude: user.exclude };
  }
  return {
    enabled: config.get<boolean>('guard.enabled', false),
    mode: config.get<string>('guard.mode', 'quarantine') === 'review' ? 'review' : 'quarantine',
    exclude: config.get<string[]>('guard.exclude', []).filter((g) => typeof g === 'string'),
  };
}
