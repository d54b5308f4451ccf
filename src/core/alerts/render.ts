import type { AuditEntry } from '../audit/auditLog';
import type { Alert, AlertKind } from './detector';
import { ALERT_KINDS, displayText } from './detector';

/** The data of an `alert` audit entry: the alert without anything beyond paths, names and seq numbers. */
export function alertEvent(alert: Alert): Record<string, unknown> {
  return { alertId: alert.id, kind: alert.kind, severity: alert.severity, agent: alert.agent, title: alert.title, details: alert.details, paths: alert.paths, changeSetIds: alert.changeSetIds, evidence: alert.evidence };
}

/** Escapes Markdown syntax, so an agent's name or path shows as text and never as a link or an image. */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>]/g, (c) => `\\${c}`);
}

/** The alert as Markdown text for the Show document. Agent-supplied text is escaped. */
export function renderAlert(alert: Alert, entrySeq?: number): string {
  const lines = [
    `# ${escapeMarkdown(alert.title)}`,
    '',
    `- Kind: ${alert.kind}`,
    `- Severity: ${alert.severity}`,
    `- Time: ${alert.time}`,
    ...(alert.agent ? [`- Agent: ${escapeMarkdown(displayText(alert.agent))}`] : []),
    ...(entrySeq !== undefined ? [`- Audit entry: #${entrySeq}`] : []),
    `- Evidence (audit entries): ${alert.evidence.map((s) => `#${s}`).join(', ')}`,
    '',
    '## What was seen',
    '',
    ...alert.details.map((d) => `- ${escapeMarkdown(d)}`),
  ];
  if (alert.changeSetIds.length) lines.push('', '## Change sets', '', ...alert.changeSetIds.map((id) => `- ${escapeMarkdown(id)}`));
  lines.push('', '## What to do', '', '- Look at the pending changes (Agent Guard: Open Review) and reject what you did not ask for.', '- If the agent is out of control, run Agent Guard: Lockdown, then stop the agent.', '- The audit log has every step (Agent Guard: Export Audit Log).', '');
  return lines.join('\n');
}

/**
 * The alert an `alert` audit entry records (for Show Last Alert after a reload), or undefined when the
 * entry is not one or is malformed.
 */
export function alertFromEntry(entry: AuditEntry): Alert | undefined {
  if (entry?.type !== 'alert' || !entry.data || typeof entry.data !== 'object') return undefined;
  const d = entry.data;
  const strings = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
  const kind = d.kind as AlertKind;
  if (typeof d.alertId !== 'string' || !ALERT_KINDS.includes(kind) || typeof d.title !== 'string') return undefined;
  return {
    id: d.alertId,
    kind,
    severity: d.severity === 'critical' ? 'critical' : 'high',
    time: entry.time,
    agent: typeof d.agent === 'string' ? d.agent : undefined,
    title: d.title,
    details: strings(d.details),
    paths: strings(d.paths),
    changeSetIds: strings(d.changeSetIds),
    evidence: Array.isArray(d.evidence) ? d.evidence.filter((n): n is number => typeof n === 'number') : [],
  };
}
