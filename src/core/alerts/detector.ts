/**
 * Suspicious-activity alerts computed from the audit stream as it is written (issue 11, part 3). The
 * detector is fed every audit entry in log order and returns the alerts that entry raises. It keeps only
 * small, bounded windows of recent facts (paths, hashes, seq numbers), never file contents, and it reads
 * the entries' own times, so a recorded stream replays to the same alerts.
 */
import type { AuditEntry } from '../audit/auditLog';
import type { SensitivePathMatcher } from '../policy/sensitivePaths';
import { combineSensitiveMatchers, createSensitiveMatcher } from '../policy/sensitivePaths';
import type { AlertSettings } from './settings';
import { DEFAULT_ALERT_SETTINGS } from './settings';

/** What an alert is about. */
export type AlertKind = 'sensitiveBurst' | 'outsideWorkspace' | 'rejectedHunkReproposed' | 'denialBypass' | 'criticalFindingsRise';

/** Every kind, in the order the docs list them. */
export const ALERT_KINDS: readonly AlertKind[] = ['sensitiveBurst', 'outsideWorkspace', 'rejectedHunkReproposed', 'denialBypass', 'criticalFindingsRise'];

/** One raised alert. Every string that came from an agent (agent name, paths) is shown as text only. */
export interface Alert {
  /** "alert-<kind>-<seq>": the seq of the entry that raised it. */
  id: string;
  kind: AlertKind;
  severity: 'high' | 'critical';
  /** ISO 8601: the time of the entry that raised it. */
  time: string;
  /** The agent it is about, when one is. */
  agent?: string;
  /** One line for the notification. */
  title: string;
  /** What was seen, one fact a line, for "Show". */
  details: string[];
  /** Workspace paths involved (the latest 20). */
  paths: string[];
  changeSetIds: string[];
  /** Seq numbers of the audit entries that are the evidence, oldest first (at most 50). */
  evidence: number[];
}

/** Options of the detector. */
export interface AlertDetectorOptions {
  settings?: AlertSettings;
  /** Which paths are sensitive; the built-in conservative list when absent. */
  sensitive?: SensitivePathMatcher;
  /** Extra sensitive globs in force now (the policy's `sensitivePaths`), read on each proposal. */
  extraSensitive?: () => readonly string[];
}

/** Refusal reasons that mean "a write outside the workspace" (or into git's folder, which runs hooks). `locked` is lockdown's, and is not counted. */
export const OUTSIDE_REASONS: ReadonlySet<string> = new Set(['absolutePath', 'uncPath', 'pathOutsideWorkspace', 'symlinkOutsideWorkspace', 'gitDirectory']);

/** Bounds on what the detector remembers, whatever the settings, so a flood cannot grow it without end. */
const MAX_CHANGE_SETS = 2000;
const MAX_REMEMBERED = 5000;
const MAX_WINDOW = 10_000;
const MAX_LISTED = 20;
const MAX_EVIDENCE = 50;

interface ProposedFile {
  path: string;
  afterSha256?: string;
  hunks: Map<number, string | null>;
}

interface ProposalFacts {
  seq: number;
  agent: string;
  channel: string;
  files: ProposedFile[];
}

/** A rejected hunk or a denied file, remembered for a while. */
interface Remembered {
  timeMs: number;
  seq: number;
  agent: string;
  channel: string;
  path: string;
  changeSetId?: string;
  /** 'person': a person rejected it; 'policy': a policy rule denied it; 'lockdown': refused while locked. */
  by: 'person' | 'policy' | 'lockdown';
}

interface Timed {
  timeMs: number;
  seq: number;
  agent: string;
  path?: string;
  changeSetId?: string;
  key?: string;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function obj(value: unknown): Record<string, unknown> | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A path or name as one short line: control and invisible characters shown as escapes, long text cut. */
export function displayText(value: string, max = 120): string {
  const cut = value.length > max ? `${value.slice(0, max)}…` : value;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Same path on a case-insensitive disk, so `.ENV` and `.env` are one file. */
function pathKey(path: string): string {
  return path.normalize('NFC').toLowerCase();
}

/** The agent's name folded, so "Claude Code" and "claude-code" are one agent. */
function agentKey(agent: string): string {
  return agent.toLowerCase().replace(/[\s_-]+/g, '');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Insertion-ordered map that forgets its oldest entries past `max`. */
class BoundedMap<K, V> extends Map<K, V> {
  constructor(private readonly max: number) {
    super();
  }

  override set(key: K, value: V): this {
    if (this.has(key)) this.delete(key);
    super.set(key, value);
    while (this.size > this.max) this.delete(this.keys().next().value as K);
    return this;
  }
}

/**
 * Watches the audit stream for five patterns: a burst of changes to sensitive files, repeated writes
 * outside the workspace, a rejected hunk proposed again, another road taken around a denial, and a sudden
 * rise in critical findings. Each episode raises one alert (see AlertSettings.cooldownSeconds).
 */
export class AlertDetector {
  private settings: AlertSettings;
  private readonly baseSensitive: SensitivePathMatcher;
  private readonly extraSensitive: (() => readonly string[]) | undefined;
  /** The matcher with the extra globs, rebuilt only when they change. */
  private sensitiveCache: { key: string; matcher: SensitivePathMatcher } | undefined;
  private readonly proposals = new BoundedMap<string, ProposalFacts>(MAX_CHANGE_SETS);
  private readonly rejectedHunks = new BoundedMap<string, Remembered>(MAX_REMEMBERED);
  private readonly deniedContent = new BoundedMap<string, Remembered>(MAX_REMEMBERED);
  private readonly deniedPaths = new BoundedMap<string, Remembered>(MAX_REMEMBERED);
  private sensitiveWindow: Timed[] = [];
  private readonly outsideWindows = new BoundedMap<string, Timed[]>(MAX_REMEMBERED);
  private criticalWindow: Timed[] = [];
  /** Per kind and agent: when the episode's last trigger was. */
  private readonly episodes = new BoundedMap<string, number>(MAX_REMEMBERED);
  private lastTimeMs = 0;

  constructor(options: AlertDetectorOptions = {}) {
    this.settings = options.settings ?? DEFAULT_ALERT_SETTINGS;
    this.baseSensitive = options.sensitive ?? createSensitiveMatcher();
    this.extraSensitive = options.extraSensitive;
  }

  private get sensitive(): SensitivePathMatcher {
    let extra: readonly string[] = [];
    try {
      extra = this.extraSensitive?.() ?? [];
    } catch {
      extra = [];
    }
    if (!extra.length) return this.baseSensitive;
    const key = extra.join('\u0000');
    if (this.sensitiveCache?.key !== key) {
      let matcher = this.baseSensitive;
      try {
        matcher = combineSensitiveMatchers(this.baseSensitive, createSensitiveMatcher(extra.map((pattern) => ({ pattern, reason: 'listed as sensitive in the policy' }))));
      } catch {
        // A malformed glob: the policy's own validation reports it; the built-in list still counts.
      }
      this.sensitiveCache = { key, matcher };
    }
    return this.sensitiveCache.matcher;
  }

  /** Changes the thresholds from now on; what is remembered stays. */
  configure(settings: AlertSettings): void {
    this.settings = settings;
  }

  /**
   * Takes the next audit entry (in log order) and returns the alerts it raises, usually none. Entries of
   * unknown shape are skipped, never thrown on: the log is input like any other.
   */
  feed(entry: AuditEntry): Alert[] {
    if (!entry || typeof entry !== 'object' || !obj(entry.data)) return [];
    const parsed = Date.parse(entry.time);
    const timeMs = Number.isFinite(parsed) ? Math.max(parsed, this.lastTimeMs) : this.lastTimeMs;
    this.lastTimeMs = timeMs;
    if (!this.settings.enabled) return [];
    switch (entry.type) {
      case 'proposal':
        return this.onProposal(entry, timeMs);
      case 'policy':
        this.onPolicy(entry, timeMs);
        return [];
      case 'decision':
        this.onDecision(entry, timeMs);
        return [];
      case 'refusal':
        return this.onRefusal(entry, timeMs);
      case 'finding':
        return this.onFindings(entry, timeMs);
      default:
        return [];
    }
  }

  private onProposal(entry: AuditEntry, timeMs: number): Alert[] {
    const data = entry.data;
    const changeSetId = str(data.changeSetId);
    const source = obj(data.source);
    const channel = str(source?.channel) ?? 'unknown';
    const agent = str(source?.agent) ?? str(entry.actor) ?? 'unknown agent';
    const files: ProposedFile[] = arr(data.files).flatMap((raw) => {
      const f = obj(raw);
      const path = str(f?.path);
      if (!f || !path) return [];
      const hunks = new Map<number, string | null>();
      for (const h of arr(f.hunkHashes)) {
        const hash = obj(h);
        if (typeof hash?.index === 'number') hunks.set(hash.index, str(hash.sha256) ?? null);
      }
      return [{ path, afterSha256: str(f.afterSha256), hunks }];
    });
    if (changeSetId) this.proposals.set(changeSetId, { seq: entry.seq, agent, channel, files });
    return [...this.checkSensitiveBurst(entry, timeMs, agent, changeSetId, files), ...this.checkComeback(entry, timeMs, agent, channel, changeSetId, files)];
  }

  private checkSensitiveBurst(entry: AuditEntry, timeMs: number, agent: string, changeSetId: string | undefined, files: ProposedFile[]): Alert[] {
    const { count, seconds } = this.settings.sensitiveBurst;
    const matcher = this.sensitive;
    const sensitive = files.filter((f) => matcher.match(f.path));
    for (const f of sensitive) this.sensitiveWindow.push({ timeMs, seq: entry.seq, agent, path: f.path, changeSetId });
    this.sensitiveWindow = trim(this.sensitiveWindow, timeMs - seconds * 1000);
    if (this.sensitiveWindow.length < count || sensitive.length === 0) return [];
    const window = this.sensitiveWindow;
    const alert = this.raise('sensitiveBurst', 'all', timeMs, () => {
      const agents = unique(window.map((t) => t.agent));
      return {
        entry,
        severity: 'high',
        agent: agents.length === 1 ? agents[0] : undefined,
        title: `${plural(window.length, 'change')} to sensitive files in ${seconds} s by ${agents.slice(0, 3).map((a) => displayText(a, 40)).join(', ')}${agents.length > 3 ? ` and ${agents.length - 3} more` : ''}`,
        details: [
          `${plural(window.length, 'change')} to sensitive files within ${seconds} seconds (threshold ${count}).`,
          ...window.slice(-MAX_LISTED).map((t) => `#${t.seq} ${displayText(t.agent, 40)}: ${displayText(t.path ?? '')}`),
        ],
        paths: window.map((t) => t.path ?? ''),
        changeSetIds: window.map((t) => t.changeSetId ?? ''),
        evidence: window.map((t) => t.seq),
      };
    });
    return alert ? [alert] : [];
  }

  /** A proposal that brings back something a person rejected, or that a denial refused on another road. */
  private checkComeback(entry: AuditEntry, timeMs: number, agent: string, channel: string, changeSetId: string | undefined, files: ProposedFile[]): Alert[] {
    this.forgetOld(timeMs);
    const bypass: { path: string; what: string; prior: Remembered; exact: boolean }[] = [];
    const again: { path: string; hunk: number; prior: Remembered }[] = [];
    for (const f of files) {
      const content = f.afterSha256 ? this.deniedContent.get(f.afterSha256) : undefined;
      if (content && content.channel !== channel) {
        bypass.push({ path: f.path, what: 'the same content', prior: content, exact: true });
        continue;
      }
      let matchedHunk = false;
      for (const [index, hash] of f.hunks) {
        const prior = hash ? this.rejectedHunks.get(hash) : undefined;
        if (!prior) continue;
        matchedHunk = true;
        if (prior.channel !== channel) bypass.push({ path: f.path, what: `hunk ${index}, which was rejected`, prior, exact: true });
        else again.push({ path: f.path, hunk: index, prior });
      }
      // A write straight to disk, caught by the guard, to a file just denied on another road: another way in, even with other bytes.
      const denied = this.deniedPaths.get(pathKey(f.path));
      if (!matchedHunk && channel === 'guard' && denied && denied.channel !== 'guard') bypass.push({ path: f.path, what: 'the same file', prior: denied, exact: false });
    }
    const alerts: Alert[] = [];
    if (bypass.length) {
      const exact = bypass.some((b) => b.exact);
      const first = bypass[0];
      // The guard's writer has no name of its own ("Agent writing to disk"): the alert is about the agent that was denied.
      const who = channel === 'guard' ? first.prior.agent : agent;
      const alert = this.raise('denialBypass', agentKey(who), timeMs, () => ({
        entry,
        severity: exact ? 'critical' : 'high',
        agent: who,
        title: `${displayText(who, 40)} took another road (${channel}) around a ${describeDenial(first.prior)} on ${first.prior.channel}: ${displayText(first.path)}`,
        details: bypass.slice(0, MAX_LISTED).map((b) => `${displayText(b.path)}: ${b.what} as ${describeDenial(b.prior)} #${b.prior.seq} (${b.prior.channel}, ${displayText(b.prior.agent, 40)}), now proposed by ${channel} in #${entry.seq}.`),
        paths: bypass.map((b) => b.path),
        changeSetIds: [...bypass.map((b) => b.prior.changeSetId ?? ''), changeSetId ?? ''],
        evidence: [...bypass.map((b) => b.prior.seq), entry.seq],
      }));
      if (alert) alerts.push(alert);
    }
    if (again.length) {
      const alert = this.raise('rejectedHunkReproposed', agentKey(agent), timeMs, () => ({
        entry,
        severity: 'high',
        agent,
        title: `${displayText(agent, 40)} proposed again ${again.length === 1 ? 'a hunk' : `${again.length} hunks`} you rejected: ${displayText(again[0].path)}`,
        details: again.slice(0, MAX_LISTED).map((a) => `${displayText(a.path)} hunk ${a.hunk}: the same lines as a hunk rejected in #${a.prior.seq} (${a.prior.changeSetId ?? 'unknown change set'}).`),
        paths: again.map((a) => a.path),
        changeSetIds: [...again.map((a) => a.prior.changeSetId ?? ''), changeSetId ?? ''],
        evidence: [...again.map((a) => a.prior.seq), entry.seq],
      }));
      if (alert) alerts.push(alert);
    }
    return alerts;
  }

  private onPolicy(entry: AuditEntry, timeMs: number): void {
    if (entry.data.action !== 'deny') return;
    const changeSetId = str(entry.data.changeSetId);
    const facts = changeSetId ? this.proposals.get(changeSetId) : undefined;
    if (!facts) return;
    for (const f of facts.files) this.rememberDenial(f, facts, entry.seq, timeMs, changeSetId, 'policy');
  }

  private onDecision(entry: AuditEntry, timeMs: number): void {
    const data = entry.data;
    if (data.verdict !== 'rejected') return;
    const changeSetId = str(data.changeSetId);
    const facts = changeSetId ? this.proposals.get(changeSetId) : undefined;
    const target = obj(data.target);
    if (!facts || !target) return;
    const path = str(target.path);
    const files = target.kind === 'changeSet' ? facts.files : facts.files.filter((f) => f.path === path);
    for (const f of files) {
      const hunks = target.kind === 'hunk' ? [...f.hunks].filter(([index]) => index === target.hunk) : [...f.hunks];
      for (const [, hash] of hunks) {
        if (hash) this.rejectedHunks.set(hash, { timeMs, seq: entry.seq, agent: facts.agent, channel: facts.channel, path: f.path, changeSetId, by: 'person' });
      }
      if (target.kind !== 'hunk') this.rememberDenial(f, facts, entry.seq, timeMs, changeSetId, 'person');
    }
  }

  private rememberDenial(f: ProposedFile, facts: ProposalFacts, seq: number, timeMs: number, changeSetId: string | undefined, by: Remembered['by']): void {
    const remembered: Remembered = { timeMs, seq, agent: facts.agent, channel: facts.channel, path: f.path, changeSetId, by };
    if (f.afterSha256) this.deniedContent.set(f.afterSha256, remembered);
    this.deniedPaths.set(pathKey(f.path), remembered);
  }

  private onRefusal(entry: AuditEntry, timeMs: number): Alert[] {
    const data = entry.data;
    const reason = str(data.reason);
    const source = obj(data.source);
    const agent = str(source?.agent) ?? str(entry.actor) ?? 'unknown agent';
    const path = str(data.path);
    if (reason === 'locked' || reason === 'policyDenied') {
      // Lockdown or a policy rule refused it: the same content, or a write straight to disk to the same file, next is a way around it.
      const channel = str(source?.channel) ?? 'unknown';
      const by = reason === 'locked' ? 'lockdown' : 'policy';
      const files = arr(data.files).flatMap((raw) => {
        const f = obj(raw);
        const filePath = str(f?.path);
        return filePath ? [{ path: filePath, afterSha256: str(f?.afterSha256) }] : [];
      });
      if (path && !files.some((f) => f.path === path)) files.push({ path, afterSha256: undefined });
      for (const f of files.slice(0, MAX_LISTED * 25)) {
        const remembered: Remembered = { timeMs, seq: entry.seq, agent, channel, path: f.path, changeSetId: str(data.changeSetId), by };
        if (f.afterSha256) this.deniedContent.set(f.afterSha256, remembered);
        this.deniedPaths.set(pathKey(f.path), remembered);
      }
      return [];
    }
    if (!reason || !OUTSIDE_REASONS.has(reason)) return [];
    const { count, seconds } = this.settings.outsideWorkspace;
    const key = agentKey(agent);
    const window = trim([...(this.outsideWindows.get(key) ?? []), { timeMs, seq: entry.seq, agent, path, key: reason }], timeMs - seconds * 1000);
    this.outsideWindows.set(key, window);
    if (window.length < count) return [];
    const alert = this.raise('outsideWorkspace', key, timeMs, () => ({
      entry,
      severity: 'high',
      agent,
      title: `${displayText(agent, 40)} tried ${plural(window.length, 'time')} in ${seconds} s to write outside the workspace`,
      details: [
        `${plural(window.length, 'refused write')} outside the workspace (or into .git) within ${seconds} seconds (threshold ${count}).`,
        ...window.slice(-MAX_LISTED).map((t) => `#${t.seq} ${t.key}: ${displayText(t.path ?? '(no path)')}`),
      ],
      paths: window.flatMap((t) => (t.path ? [t.path] : [])),
      changeSetIds: [],
      evidence: window.map((t) => t.seq),
    }));
    return alert ? [alert] : [];
  }

  private onFindings(entry: AuditEntry, timeMs: number): Alert[] {
    const { count, seconds } = this.settings.criticalFindings;
    const changeSetId = str(entry.data.changeSetId);
    const agent = (changeSetId && this.proposals.get(changeSetId)?.agent) || 'unknown agent';
    let added = 0;
    for (const raw of arr(entry.data.findings)) {
      const f = obj(raw);
      if (f?.severity !== 'critical') continue;
      const key = str(f.fingerprint) ?? `${str(f.ruleId)}:${str(f.file)}:${String(f.line)}`;
      this.criticalWindow.push({ timeMs, seq: entry.seq, agent, path: str(f.file), changeSetId, key: `${key}|${str(f.ruleId) ?? ''}` });
      added++;
    }
    const span = seconds * 1000;
    this.criticalWindow = trim(this.criticalWindow, timeMs - 2 * span);
    if (!added) return [];
    const current = this.criticalWindow.filter((t) => t.timeMs > timeMs - span);
    const previous = this.criticalWindow.filter((t) => t.timeMs <= timeMs - span);
    const now = distinct(current);
    const before = distinct(previous);
    // A rise, not a level: a steady trickle of the same size as before is not sudden.
    if (now.length < count || now.length < 2 * before.length) return [];
    const rules = unique(now.map((t) => (t.key ?? '').split('|')[1]).filter(Boolean));
    const agents = unique(now.map((t) => t.agent));
    const alert = this.raise('criticalFindingsRise', 'all', timeMs, () => ({
      entry,
      severity: 'critical',
      agent: agents.length === 1 ? agents[0] : undefined,
      title: `${plural(now.length, 'critical finding')} in ${Math.round(seconds / 60) || 1} min (${before.length} the period before): ${rules.slice(0, 3).join(', ')}`,
      details: [
        `${plural(now.length, 'distinct critical finding')} within ${seconds} seconds (threshold ${count}); ${before.length} in the ${seconds} seconds before.`,
        ...now.slice(-MAX_LISTED).map((t) => `#${t.seq} ${displayText(t.agent, 40)}: ${(t.key ?? '').split('|')[1]} in ${displayText(t.path ?? '')}`),
      ],
      paths: now.map((t) => t.path ?? ''),
      changeSetIds: now.map((t) => t.changeSetId ?? ''),
      evidence: now.map((t) => t.seq),
    }));
    return alert ? [alert] : [];
  }

  private forgetOld(timeMs: number): void {
    const hunkLimit = timeMs - this.settings.rejectedHunk.seconds * 1000;
    const denialLimit = timeMs - this.settings.denialBypass.seconds * 1000;
    forgetBefore(this.rejectedHunks, hunkLimit);
    forgetBefore(this.deniedContent, denialLimit);
    forgetBefore(this.deniedPaths, denialLimit);
  }

  /**
   * Raises an alert unless the same kind for the same key is inside an episode (its last trigger less
   * than the cool-down ago); either way the trigger extends the episode.
   */
  private raise(kind: AlertKind, key: string, timeMs: number, build: () => Omit<Alert, 'id' | 'kind' | 'time'> & { entry: AuditEntry }): Alert | undefined {
    const episodeKey = `${kind}\u0000${key}`;
    const last = this.episodes.get(episodeKey);
    this.episodes.set(episodeKey, timeMs);
    if (last !== undefined && timeMs - last < this.settings.cooldownSeconds * 1000) return undefined;
    // Built only when raised: inside an episode, a flood costs the window's upkeep, not an alert's text.
    const { entry, ...rest } = build();
    return {
      id: `alert-${kind}-${entry.seq}`,
      kind,
      time: entry.time,
      ...rest,
      // The most recent ones when there are many.
      paths: unique(rest.paths.filter(Boolean)).slice(-MAX_LISTED),
      changeSetIds: unique(rest.changeSetIds.filter(Boolean)).slice(-MAX_LISTED),
      evidence: unique(rest.evidence).sort((a, b) => a - b).slice(-MAX_EVIDENCE),
    };
  }
}

/** Entries are in time order (a re-set moves to the end), so forgetting stops at the first one still fresh. */
function forgetBefore(map: Map<string, Remembered>, limit: number): void {
  for (const [key, r] of map) {
    if (r.timeMs >= limit) return;
    map.delete(key);
  }
}

function describeDenial(r: Remembered): string {
  return r.by === 'person' ? 'rejection' : r.by === 'policy' ? 'policy denial' : 'lockdown refusal';
}

/** Drops items at or before `limit`, and keeps at most MAX_WINDOW (a flood cannot grow a window without end). */
function trim(window: Timed[], limit: number): Timed[] {
  let start = 0;
  while (start < window.length && window[start].timeMs <= limit) start++;
  const kept = start ? window.slice(start) : window;
  return kept.length > MAX_WINDOW ? kept.slice(-MAX_WINDOW) : kept;
}

function unique<T>(values: readonly T[]): T[] {
  return [...new Set(values)];
}

/** One item per finding key (a finding proposed again counts once). */
function distinct(window: Timed[]): Timed[] {
  const seen = new Map<string, Timed>();
  for (const t of window) seen.set(t.key ?? String(t.seq), t);
  return [...seen.values()];
}
