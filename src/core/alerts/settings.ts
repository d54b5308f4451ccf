/**
 * The thresholds of the suspicious-activity alerts (settings `agentGuard.alerts.*`), and how the values
 * from each scope combine: in an untrusted workspace the workspace may only make alerts more sensitive.
 */

/** How sensitive each alert is. Counts are "at least this many"; seconds are the sliding window. */
export interface AlertSettings {
  /** Off only by the user's own choice (an untrusted workspace cannot turn alerts off). */
  enabled: boolean;
  /** Changes proposed to sensitive files (CI, hooks, credentials, agent and editor config) within `seconds`. */
  sensitiveBurst: { count: number; seconds: number };
  /** Refused writes outside the workspace (or into .git) by one agent within `seconds`. */
  outsideWorkspace: { count: number; seconds: number };
  /** Distinct critical findings within `seconds`, and at least twice as many as in the `seconds` before. */
  criticalFindings: { count: number; seconds: number };
  /** How long a rejected hunk is remembered, to spot it coming back. */
  rejectedHunk: { seconds: number };
  /** How long a denial (policy deny, rejection, lockdown refusal) is remembered, to spot a way around it. */
  denialBypass: { seconds: number };
  /** One episode raises one alert: the same alert for the same agent stays quiet until this long without a new trigger. */
  cooldownSeconds: number;
}

/** The shipped defaults. */
export const DEFAULT_ALERT_SETTINGS: AlertSettings = {
  enabled: true,
  sensitiveBurst: { count: 5, seconds: 60 },
  outsideWorkspace: { count: 3, seconds: 300 },
  criticalFindings: { count: 3, seconds: 600 },
  rejectedHunk: { seconds: 24 * 3600 },
  denialBypass: { seconds: 600 },
  cooldownSeconds: 300,
};

/** Bounds for every number: beyond them a value is refused (and the default kept). */
const COUNT_RANGE = [1, 1000] as const;
const SECONDS_RANGE = [1, 7 * 24 * 3600] as const;

/** Which way a setting is "tighter" (more alerts): a lower count or cool-down, a longer window, enabled. */
type Direction = 'lower' | 'higher';

interface NumberKey {
  key: string;
  range: readonly [number, number];
  tighter: Direction;
  get: (s: AlertSettings) => number;
  set: (s: AlertSettings, v: number) => void;
}

const NUMBER_KEYS: readonly NumberKey[] = [
  { key: 'sensitiveBurst.count', range: COUNT_RANGE, tighter: 'lower', get: (s) => s.sensitiveBurst.count, set: (s, v) => (s.sensitiveBurst.count = v) },
  { key: 'sensitiveBurst.seconds', range: SECONDS_RANGE, tighter: 'higher', get: (s) => s.sensitiveBurst.seconds, set: (s, v) => (s.sensitiveBurst.seconds = v) },
  { key: 'outsideWorkspace.count', range: COUNT_RANGE, tighter: 'lower', get: (s) => s.outsideWorkspace.count, set: (s, v) => (s.outsideWorkspace.count = v) },
  { key: 'outsideWorkspace.seconds', range: SECONDS_RANGE, tighter: 'higher', get: (s) => s.outsideWorkspace.seconds, set: (s, v) => (s.outsideWorkspace.seconds = v) },
  { key: 'criticalFindings.count', range: COUNT_RANGE, tighter: 'lower', get: (s) => s.criticalFindings.count, set: (s, v) => (s.criticalFindings.count = v) },
  { key: 'criticalFindings.seconds', range: SECONDS_RANGE, tighter: 'higher', get: (s) => s.criticalFindings.seconds, set: (s, v) => (s.criticalFindings.seconds = v) },
  { key: 'rejectedHunk.seconds', range: SECONDS_RANGE, tighter: 'higher', get: (s) => s.rejectedHunk.seconds, set: (s, v) => (s.rejectedHunk.seconds = v) },
  { key: 'denialBypass.seconds', range: SECONDS_RANGE, tighter: 'higher', get: (s) => s.denialBypass.seconds, set: (s, v) => (s.denialBypass.seconds = v) },
  { key: 'cooldownSeconds', range: [0, 24 * 3600], tighter: 'lower', get: (s) => s.cooldownSeconds, set: (s, v) => (s.cooldownSeconds = v) },
];

/** Every key under `agentGuard.alerts.`, for package.json and the tests. */
export const ALERT_SETTING_KEYS: readonly string[] = ['enabled', ...NUMBER_KEYS.map((k) => k.key)];

/** One setting's values by scope (as `WorkspaceConfiguration.inspect` gives them); `key` is relative to `agentGuard.alerts.`. */
export type AlertInspect = (key: string) => { user?: unknown; workspace?: unknown };

/** The settings in force, and a line for each value that was refused or not allowed to loosen. */
export interface ResolvedAlertSettings {
  settings: AlertSettings;
  notes: string[];
}

function copy(settings: AlertSettings): AlertSettings {
  return JSON.parse(JSON.stringify(settings)) as AlertSettings;
}

/**
 * Combines the user's and the workspace's values. Trusted: the workspace value wins, as VS Code does it.
 * Untrusted: the workspace value counts only when it is tighter than the user's (or the default). A value
 * of the wrong type or out of range is ignored and named in `notes`; nothing throws.
 */
export function resolveAlertSettings(inspect: AlertInspect, trusted: boolean): ResolvedAlertSettings {
  const settings = copy(DEFAULT_ALERT_SETTINGS);
  const notes: string[] = [];
  const valid = (key: string, scope: string, value: unknown, range: readonly [number, number]): number | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < range[0] || value > range[1]) {
      notes.push(`agentGuard.alerts.${key} (${scope}) must be a number from ${range[0]} to ${range[1]}; ${JSON.stringify(value)} is ignored`);
      return undefined;
    }
    return Math.round(value);
  };
  for (const k of NUMBER_KEYS) {
    const values = inspect(k.key);
    const user = valid(k.key, 'user', values.user, k.range);
    const workspace = valid(k.key, 'workspace', values.workspace, k.range);
    const base = user ?? k.get(settings);
    let value = base;
    if (workspace !== undefined) {
      const tighter = k.tighter === 'lower' ? workspace <= base : workspace >= base;
      if (trusted || tighter) value = workspace;
      else notes.push(`agentGuard.alerts.${k.key}: the untrusted workspace's ${workspace} would make alerts less sensitive than ${base}; ignored`);
    }
    k.set(settings, value);
  }
  const enabled = inspect('enabled');
  const userEnabled = typeof enabled.user === 'boolean' ? enabled.user : settings.enabled;
  if (enabled.user !== undefined && typeof enabled.user !== 'boolean') notes.push('agentGuard.alerts.enabled (user) must be true or false; ignored');
  settings.enabled = userEnabled;
  if (typeof enabled.workspace === 'boolean') {
    if (trusted || enabled.workspace) settings.enabled = enabled.workspace;
    else notes.push('agentGuard.alerts.enabled: an untrusted workspace cannot turn alerts off; ignored');
  }
  return { settings, notes };
}
