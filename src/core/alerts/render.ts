import type { Alert } from './detector';
import { displayText } from './detector';

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
