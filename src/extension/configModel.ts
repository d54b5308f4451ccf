/**
 * The typed view of `contributes.configuration` and the workspace-trust rules, without the vscode API,
 * so that the tightening logic is unit-tested. `config.ts` feeds it from `workspace.getConfiguration`.
 */
import type { Category, Severity } from '../core/model/finding';
import { CATEGORIES, SEVERITIES, isSeverity, riskRank } from '../core/model/finding';

/** How a finding's severity shows in the Problems panel. */
export type DiagnosticLevel = 'error' | 'warning' | 'information' | 'hint';
export const DIAGNOSTIC_LEVELS: readonly DiagnosticLevel[] = ['error', 'warning', 'information', 'hint'];

/**
 * What live diagnostics scan: the whole file, or only lines changed since the last save or since git HEAD.
 * Secrets always scan the whole file.
 */
export type LiveScope = 'file' | 'changedSinceSave' | 'changedSinceHead';
export const LIVE_SCOPES: readonly LiveScope[] = ['file', 'changedSinceSave', 'changedSinceHead'];

export const DEFAULT_SEVERITY_MAP: Readonly<Record<Severity, DiagnosticLevel>> = { critical: 'error', high: 'error', medium: 'warning', low: 'information' };

/** The settings Agent Guard reads, after the workspace-trust rules are applied. */
export interface AgentGuardConfig {
  liveDiagnostics: boolean;
  debounceMs: number;
  liveScope: LiveScope;
  minimumSeverity: Severity;
  disabledCategories: Set<Category>;
  exclude: string[];
  maxFileBytes: number;
  ruleOverrides: Record<string, Severity | 'off'>;
  severityMap: Record<Severity, DiagnosticLevel>;
  useGitleaksIgnore: boolean;
  /**
   * Whether files the workspace itself provides may hide findings: `.agent-guardignore`,
   * `.agent-guard-baseline.json` and `.gitleaksignore`. False in an untrusted workspace, where they are
   * exactly what an attacker would add.
   */
  honourWorkspaceSuppressions: boolean;
}

/** A setting's values by scope, as `WorkspaceConfiguration.inspect` gives them. */
export interface SettingValues<T> {
  user?: T;
  /** The folder value if set, else the workspace value. */
  workspace?: T;
  defaultValue?: T;
}

export type Inspect = <T>(key: string) => SettingValues<T>;

/**
 * Resolves the configuration. In a trusted workspace the usual precedence holds (workspace over user).
 * In an untrusted one, workspace values may only tighten protection: a lower minimum severity, more
 * categories on, larger size limits, higher rule severities, more visible diagnostics, a wider live scope.
 * Anything that would loosen it is taken from the user's own settings instead.
 */
export function resolveConfig(inspect: Inspect, trusted: boolean): AgentGuardConfig {
  const effective = <T>(key: string, fallback: T): T => {
    const v = inspect<T>(key);
    return v.workspace ?? v.user ?? v.defaultValue ?? fallback;
  };
  const user = <T>(key: string, fallback: T): T => {
    const v = inspect<T>(key);
    return v.user ?? v.defaultValue ?? fallback;
  };
  const workspace = <T>(key: string): T | undefined => inspect<T>(key).workspace;

  const debounceMs = clamp(Number(effective('debounceMs', 300)), 50, 5000);

  if (trusted) {
    return {
      liveDiagnostics: effective<boolean>('liveDiagnostics', true) !== false,
      debounceMs,
      liveScope: scopeOr(effective('liveScope', 'file'), 'file'),
      minimumSeverity: severityOr(effective('minimumSeverity', 'low'), 'low'),
      disabledCategories: disabledFrom(effective<Record<string, boolean>>('categories', {})),
      exclude: stringsOf(effective<unknown>('exclude', [])),
      maxFileBytes: kilobytes(Number(effective('maxFileSizeKB', 1024))),
      ruleOverrides: overridesFrom(effective<Record<string, string>>('ruleOverrides', {})),
      severityMap: severityMapFrom(effective<Record<string, string>>('severityMap', {})),
      useGitleaksIgnore: effective<boolean>('useGitleaksIgnore', true) !== false,
      honourWorkspaceSuppressions: true,
    };
  }

  const userMinimum = severityOr(user('minimumSeverity', 'low'), 'low');
  const workspaceMinimum = severityOr(workspace('minimumSeverity'), userMinimum);
  const userScope = scopeOr(user('liveScope', 'file'), 'file');
  return {
    // Only the user can switch live diagnostics off; a workspace can switch them on.
    liveDiagnostics: user<boolean>('liveDiagnostics', true) !== false || workspace('liveDiagnostics') === true,
    debounceMs,
    // The whole file is the widest scope; a workspace may widen to it, never narrow.
    liveScope: workspace('liveScope') === 'file' ? 'file' : userScope,
    // A lower minimum shows more: the stricter of the two wins.
    minimumSeverity: riskRank(workspaceMinimum) < riskRank(userMinimum) ? workspaceMinimum : userMinimum,
    // Only the user can switch a category off; a workspace can switch one back on.
    disabledCategories: new Set(
      [...disabledFrom(user<Record<string, boolean>>('categories', {}))].filter((c) => workspace<Record<string, boolean>>('categories')?.[c] !== true),
    ),
    exclude: stringsOf(user<unknown>('exclude', [])),
    maxFileBytes: kilobytes(Math.max(Number(user('maxFileSizeKB', 1024)), Number(workspace<number>('maxFileSizeKB') ?? 0))),
    ruleOverrides: tightenOverrides(overridesFrom(user('ruleOverrides', {})), overridesFrom(workspace('ruleOverrides') ?? {})),
    severityMap: tightenSeverityMap(severityMapFrom(user('severityMap', {})), workspace<Record<string, string>>('severityMap') ?? {}),
    useGitleaksIgnore: false,
    honourWorkspaceSuppressions: false,
  };
}

function severityOr(value: unknown, fallback: Severity): Severity {
  return typeof value === 'string' && isSeverity(value) ? value : fallback;
}

function scopeOr(value: unknown, fallback: LiveScope): LiveScope {
  return typeof value === 'string' && (LIVE_SCOPES as readonly string[]).includes(value) ? (value as LiveScope) : fallback;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((g): g is string => typeof g === 'string' && g.trim() !== '') : [];
}

function disabledFrom(map: Record<string, boolean> | undefined): Set<Category> {
  return new Set(CATEGORIES.filter((c) => map?.[c] === false));
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

function isLevel(value: unknown): value is DiagnosticLevel {
  return typeof value === 'string' && (DIAGNOSTIC_LEVELS as readonly string[]).includes(value);
}

function severityMapFrom(map: Record<string, string> | undefined): Record<Severity, DiagnosticLevel> {
  const result = { ...DEFAULT_SEVERITY_MAP };
  for (const severity of SEVERITIES) {
    const value = map?.[severity];
    if (isLevel(value)) result[severity] = value;
  }
  return result;
}

/** A workspace may make a severity show more prominently (hint → error), never less. */
function tightenSeverityMap(user: Record<Severity, DiagnosticLevel>, workspace: Record<string, string>): Record<Severity, DiagnosticLevel> {
  const result = { ...user };
  for (const severity of SEVERITIES) {
    const value = workspace[severity];
    if (isLevel(value) && DIAGNOSTIC_LEVELS.indexOf(value) < DIAGNOSTIC_LEVELS.indexOf(result[severity])) result[severity] = value;
  }
  return result;
}

function kilobytes(kb: number): number {
  if (!Number.isFinite(kb)) return 1024 * 1024;
  return Math.round(clamp(kb, 1, 1024 * 1024) * 1024);
}

function clamp(value: number, min: number, max: number): number {
  return Number.isFinite(value) ? Math.min(Math.max(value, min), max) : min;
}

/** `**\/*.{js,map}` → two patterns: gitignore syntax has no braces. Only one level is expanded. */
export function expandBraces(glob: string): string[] {
  const match = /\{([^{}]*)\}/.exec(glob);
  if (!match) return [glob];
  return match[1].split(',').map((alternative) => glob.slice(0, match.index) + alternative + glob.slice(match.index + match[0].length));
}
