import * as vscode from 'vscode';
import type { Category, Severity } from '../core/model/finding';
import { CATEGORIES, SEVERITIES, isSeverity, riskRank } from '../core/model/finding';

export const CONFIG_SECTION = 'agentGuard';

/** The settings Agent Guard reads, after the workspace-trust rules below are applied. */
export interface AgentGuardConfig {
  liveDiagnostics: boolean;
  debounceMs: number;
  minimumSeverity: Severity;
  disabledCategories: Set<Category>;
  exclude: string[];
  maxFileBytes: number;
  ruleOverrides: Record<string, Severity | 'off'>;
}

/**
 * Reads the configuration. In an untrusted workspace, workspace values may only tighten protection:
 * a lower minimum severity, more categories on, larger size limits, higher rule severities. Anything
 * that would loosen it is taken from the user's own settings instead.
 */
export function readConfig(trusted = vscode.workspace.isTrusted): AgentGuardConfig {
  const config = vscode.workspace.getConfiguration(CONFIG_SECTION);
  const userValue = <T>(key: string, fallback: T): T => {
    const inspected = config.inspect<T>(key);
    return inspected?.globalValue ?? inspected?.defaultValue ?? fallback;
  };
  const workspaceValue = <T>(key: string): T | undefined => {
    const inspected = config.inspect<T>(key);
    return inspected?.workspaceFolderValue ?? inspected?.workspaceValue;
  };

  const liveDiagnostics = config.get<boolean>('liveDiagnostics', true);
  const debounceMs = clamp(config.get<number>('debounceMs', 300), 50, 5000);

  if (trusted) {
    return {
      liveDiagnostics,
      debounceMs,
      minimumSeverity: severityOr(config.get('minimumSeverity'), 'low'),
      disabledCategories: disabledFrom(config.get<Record<string, boolean>>('categories', {})),
      exclude: config.get<string[]>('exclude', []).filter((g) => typeof g === 'string'),
      maxFileBytes: kilobytes(config.get<number>('maxFileSizeKB', 1024)),
      ruleOverrides: overridesFrom(config.get<Record<string, string>>('ruleOverrides', {})),
    };
  }

  const userMinimum = severityOr(userValue('minimumSeverity', 'low'), 'low');
  const workspaceMinimum = severityOr(workspaceValue('minimumSeverity'), userMinimum);
  const userOverrides = overridesFrom(userValue<Record<string, string>>('ruleOverrides', {}));
  const workspaceOverrides = overridesFrom(workspaceValue<Record<string, string>>('ruleOverrides') ?? {});
  return {
    liveDiagnostics,
    debounceMs,
    // A lower minimum shows more: the stricter of the two wins.
    minimumSeverity: riskRank(workspaceMinimum) < riskRank(userMinimum) ? workspaceMinimum : userMinimum,
    // Only the user can switch a category off; a workspace can switch one back on.
    disabledCategories: intersect(
      disabledFrom(userValue<Record<string, boolean>>('categories', {})),
      (category) => workspaceValue<Record<string, boolean>>('categories')?.[category] !== true,
    ),
    exclude: userValue<string[]>('exclude', []),
    maxFileBytes: kilobytes(Math.max(userValue('maxFileSizeKB', 1024), workspaceValue<number>('maxFileSizeKB') ?? 0)),
    ruleOverrides: tightenOverrides(userOverrides, workspaceOverrides),
  };
}

function severityOr(value: unknown, fallback: Severity): Severity {
  return typeof value === 'string' && isSeverity(value) ? value : fallback;
}

function disabledFrom(map: Record<string, boolean> | undefined): Set<Category> {
  return new Set(CATEGORIES.filter((c) => map?.[c] === false));
}

function intersect(set: Set<Category>, keep: (c: Category) => boolean): Set<Category> {
  return new Set([...set].filter(keep));
}

function overridesFrom(map: Record<string, string> | undefined): Record<string, Severity | 'off'> {
  const result: Record<string, Severity | 'off'> = {};
  for (const [id, value] of Object.entries(map ?? {})) {
    if (value === 'off' || (SEVERITIES as readonly string[]).includes(value)) result[id] = value as Severity | 'off';
  }
  return result;
}

/** Workspace overrides may raise a rule's severity or turn an off rule back on, never lower or disable. */
function tightenOverrides(user: Record<string, Severity | 'off'>, workspace: Record<string, Severity | 'off'>): Record<string, Severity | 'off'> {
  const result = { ...user };
  for (const [id, value] of Object.entries(workspace)) {
    if (value === 'off') continue;
    const current = result[id];
    if (current === undefined || current === 'off' || riskRank(value) > riskRank(current)) result[id] = value;
  }
  return result;
}

function kilobytes(kb: number): number {
  return Math.round(clamp(kb, 1, 1024 * 1024) * 1024);
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, min), max) : min;
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
