/**
 * The incident report's model: the audit entries of one agent and/or one period, as a timeline with the
 * log's integrity check first. Pure: entries in, report out (the caller masks entries first, see
 * incident/remask.ts, and renders with incident/render.ts).
 */
import type { AuditEntry, VerifyResult } from '../audit/auditLog';

/** Which entries a report covers. Every field is optional; none means the whole log. */
export interface IncidentFilter {
  /** An agent's name; "Claude Code", "claude-code" and "claude_code" are the same agent. */
  agent?: string;
  /** Entries at or after this instant. */
  since?: Date;
  /** Entries at or before this instant. */
  until?: Date;
}

/** One line of the timeline. */
export interface TimelineItem {
  seq: number;
  /** ISO 8601, as logged. */
  time: string;
  type: string;
  actor: string;
  /** The agent the entry is about, when one is known (from the proposal of its change set). */
  agent?: string;
  changeSetId?: string;
  /** True for entries about no agent in particular (lockdown, retention) shown in an agent's report for context. */
  context?: boolean;
  /** One line. */
  title: string;
  /** Further lines: files, findings, reasons. */
  details: string[];
}

/** What the renderers print. */
export interface IncidentReport {
  /** ISO 8601. */
  generatedAt: string;
  filter: { agent?: string; since?: string; until?: string };
  /** The log's integrity check, run when the report was made. */
  integrity: VerifyResult;
  /** Lines of the log files that were not audit entries (only when the log is broken). */
  unreadableLines: number;
  /** Every agent named in the log (for the command's picker and the report's header). */
  agents: string[];
  /** Entries in the timeline by type. */
  counts: Record<string, number>;
  items: TimelineItem[];
  /** Set when the timeline was cut at `maxItems`; the newest items are kept. */
  omitted?: number;
}

/** Options of buildIncidentReport. */
export interface IncidentReportOptions {
  /** Clock, for tests. */
  now?: Date;
  /** At most this many timeline items (default 5000); the newest are kept and the cut is stated. */
  maxItems?: number;
  unreadableLines?: number;
}

/** Folds an agent's name for comparison: case, spaces, dashes and underscores do not count. */
export function foldAgentName(name: string): string {
  return name.toLowerCase().replace(/[\s_.-]+/g, '');
}

/** Actors that are Agent Guard or the person, never an agent. */
const NOT_AGENTS = new Set(['user', 'policy', 'agent-guard', 'unknown']);

/** Entry types that are about the whole workspace, not one agent. */
const GLOBAL_TYPES = new Set(['lockdown', 'checkpoint', 'rotate', 'retention']);

const MAX_TEXT = 300;

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function short(text: string): string {
  const oneLine = text.replace(/\s+/g, ' ').trim();
  return oneLine.length > MAX_TEXT ? `${oneLine.slice(0, MAX_TEXT)}… (${oneLine.length} characters)` : oneLine;
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function list(value: unknown): Record<string, unknown>[] {
  return Array.isArray(value) ? value.map(record) : [];
}

/**
 * Builds the report. Entries must be in log order. An entry's agent is its proposal's source agent,
 * carried to every later entry of the same change set (findings, policy, decisions, apply, revert).
 */
export function buildIncidentReport(entries: Iterable<AuditEntry>, integrity: VerifyResult, filter: IncidentFilter = {}, options: IncidentReportOptions = {}): IncidentReport {
  for (const [key, value] of [['since', filter.since], ['until', filter.until]] as const) {
    if (value && Number.isNaN(value.getTime())) throw new RangeError(`incident report: \`${key}\` is not a valid date`);
  }
  if (filter.since && filter.until && filter.since > filter.until) throw new RangeError('incident report: `since` is after `until`');
  if (filter.agent !== undefined && foldAgentName(filter.agent) === '') throw new RangeError('incident report: the agent name is empty');
  const agentOf = new Map<string, string>();
  const agents = new Map<string, string>();
  const since = filter.since?.toISOString();
  const until = filter.until?.toISOString();
  const wanted = filter.agent !== undefined ? foldAgentName(filter.agent) : undefined;
  const items: TimelineItem[] = [];
  for (const entry of entries) {
    const data = record(entry.data);
    const changeSetId = str(data.changeSetId);
    const sourceAgent = str(record(data.source).agent);
    if (entry.type === 'proposal' && changeSetId) agentOf.set(changeSetId, sourceAgent ?? entry.actor);
    const agent = sourceAgent ?? (changeSetId ? agentOf.get(changeSetId) : undefined) ?? str(data.agent) ?? (NOT_AGENTS.has(entry.actor) || GLOBAL_TYPES.has(entry.type) ? undefined : entry.actor);
    if (agent && !agents.has(foldAgentName(agent))) agents.set(foldAgentName(agent), agent);
    if (since && entry.time < since) continue;
    if (until && entry.time > until) continue;
    let context = false;
    if (wanted !== undefined) {
      if (agent) {
        if (foldAgentName(agent) !== wanted) continue;
      } else if (GLOBAL_TYPES.has(entry.type) || entry.type === 'alert') {
        context = true;
      } else continue;
    }
    const { title, details } = describe(entry, data);
    items.push({ seq: entry.seq, time: entry.time, type: entry.type, actor: entry.actor, ...(agent ? { agent } : {}), ...(changeSetId ? { changeSetId } : {}), ...(context ? { context } : {}), title, details });
  }
  const maxItems = options.maxItems ?? 5000;
  const omitted = Math.max(0, items.length - maxItems);
  const kept = omitted ? items.slice(omitted) : items;
  const counts: Record<string, number> = {};
  for (const item of kept) counts[item.type] = (counts[item.type] ?? 0) + 1;
  return {
    generatedAt: (options.now ?? new Date()).toISOString(),
    filter: { ...(filter.agent !== undefined ? { agent: filter.agent } : {}), ...(since ? { since } : {}), ...(until ? { until } : {}) },
    integrity,
    unreadableLines: options.unreadableLines ?? 0,
    agents: [...agents.values()].sort((a, b) => a.localeCompare(b)),
    counts,
    items: kept,
    ...(omitted ? { omitted } : {}),
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Title and detail lines per entry type; an unknown type is shown by its scalar fields. */
function describe(entry: AuditEntry, data: Record<string, unknown>): { title: string; details: string[] } {
  const id = str(data.changeSetId) ?? '';
  switch (entry.type) {
    case 'proposal': {
      const source = record(data.source);
      const files = list(data.files);
      const stats = record(data.stats);
      const title = `${str(source.agent) ?? entry.actor} proposed ${plural(files.length, 'file')} via ${str(source.channel) ?? 'unknown road'} (${id}), risk ${str(data.risk) ?? 'unknown'}${typeof stats.findings === 'number' ? `, ${plural(stats.findings, 'finding')}` : ''}`;
      const details = files.map((f) => `${str(f.status) ?? 'changed'} ${str(f.path) ?? '?'}${str(f.previousPath) ? ` (from ${str(f.previousPath)})` : ''}${typeof f.additions === 'number' ? ` +${f.additions}` : ''}${typeof f.deletions === 'number' ? ` −${f.deletions}` : ''}`);
      if (str(source.message)) details.unshift(`message: ${short(str(source.message)!)}`);
      if (str(data.summary)) details.unshift(`summary: ${short(str(data.summary)!)}`);
      return { title, details };
    }
    case 'finding': {
      const findings = list(data.findings);
      return {
        title: `${plural(findings.length, 'finding')} in ${id}`,
        details: findings.map((f) => `${str(f.severity) ?? '?'} ${str(f.ruleId) ?? '?'} at ${str(f.file) ?? '?'}:${typeof f.line === 'number' ? f.line : '?'}: ${short(str(f.message) ?? '')}${str(f.evidence) ? ` (evidence: ${short(str(f.evidence)!)})` : ''}`),
      };
    }
    case 'policy': {
      const reasons = Array.isArray(data.reasons) ? data.reasons.filter((r): r is string => typeof r === 'string') : [];
      return { title: `Policy: ${str(data.action) ?? 'decided'}${str(data.rule) ? ` by rule ${str(data.rule)}` : ''} (${id})`, details: reasons.map(short) };
    }
    case 'decision': {
      if (str(data.closed)) return { title: `${id} closed: ${str(data.closed)}${str(data.state) ? ` (${str(data.state)})` : ''}`, details: [] };
      const target = record(data.target);
      const where = str(target.kind) === 'hunk' ? `hunk ${String(target.hunk ?? target.index ?? '?')} of ${str(target.path) ?? '?'}` : str(target.kind) === 'file' ? str(target.path) ?? 'a file' : 'the change set';
      const details: string[] = [];
      if (str(data.comment)) details.push(`comment: ${short(str(data.comment)!)}`);
      if (str(data.confirmationReason)) details.push(`confirmed because: ${short(str(data.confirmationReason)!)}`);
      const auto = record(data.auto);
      if (str(auto.rule)) details.push(`automatic, by policy rule ${str(auto.rule)}`);
      return { title: `${entry.actor} ${str(data.verdict) ?? 'decided'} ${where} (${id})`, details };
    }
    case 'apply':
    case 'revert': {
      const files = list(data.files);
      return {
        title: `${entry.type === 'apply' ? 'Applied' : 'Reverted'} ${plural(files.length, 'file')}${id ? ` of ${id}` : ''}${str(data.applyId) ? ` (apply ${str(data.applyId)})` : ''}`,
        details: files.map((f) => (Object.keys(f).length ? `${str(f.action) ?? ''} ${str(f.path) ?? ''}`.trim() : '')).filter(Boolean).concat(Array.isArray(data.files) ? data.files.filter((f): f is string => typeof f === 'string') : []),
      };
    }
    case 'refusal':
      return { title: `Refused${str(data.action) ? ` ${str(data.action)}` : ''}: ${str(data.reason) ?? 'unknown reason'}${str(data.path) ? ` (${str(data.path)})` : ''}`, details: str(data.message) ? [short(str(data.message)!)] : [] };
    case 'conflict': {
      const conflicts = list(data.conflicts);
      return { title: `Conflict applying ${id}: ${str(data.reason) ?? ''}`.trim(), details: [...(str(data.message) ? [short(str(data.message)!)] : []), ...conflicts.map((c) => `${str(c.path) ?? '?'}: ${str(c.reason) ?? ''}`)] };
    }
    case 'checkpoint':
      return { title: `Checkpoint: ${typeof data.purgedEntries === 'number' ? `${data.purgedEntries} older entr${data.purgedEntries === 1 ? 'y' : 'ies'}` : 'older entries'} purged by retention (through entry ${String(data.purgedThroughSeq ?? '?')})`, details: str(data.purgedThroughHash) ? [`hash of the last purged entry: ${str(data.purgedThroughHash)}`] : [] };
    default:
      return describeGeneric(entry, data);
  }
}

/** Any entry type (alert, lockdown, ones added later): a title from its most telling field, then its scalar fields. */
function describeGeneric(entry: AuditEntry, data: Record<string, unknown>): { title: string; details: string[] } {
  const headline = str(data.message) ?? str(data.summary) ?? str(data.title) ?? str(data.reason) ?? str(data.kind) ?? str(data.action) ?? str(data.state);
  const details: string[] = [];
  const visit = (value: unknown, path: string, depth: number) => {
    if (details.length >= 20) return;
    if (value === null || value === undefined) return;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      details.push(`${path}: ${short(String(value))}`);
    } else if (Array.isArray(value)) {
      if (value.every((v) => typeof v !== 'object' || v === null)) details.push(`${path}: ${short(value.map(String).join(', '))}`);
      else if (depth < 2) value.slice(0, 10).forEach((v, i) => visit(v, `${path}[${i}]`, depth + 1));
      else details.push(`${path}: ${value.length} items`);
    } else if (typeof value === 'object') {
      if (depth >= 2) return void details.push(`${path}: {…}`);
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) visit(v, path ? `${path}.${k}` : k, depth + 1);
    }
  };
  visit(data, '', 0);
  const type = entry.type.charAt(0).toUpperCase() + entry.type.slice(1);
  return { title: headline ? `${type}: ${short(headline)}` : type, details };
}
