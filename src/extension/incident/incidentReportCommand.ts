import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentFormat } from '../../core/incident/incidentReport';
import type { IncidentFilter } from '../../core/incident/timeline';
import { writeFileAtomic } from '../../core/fs/atomicWrite';
import { loadEngine } from '../engineLoader';
import type { ReviewGate } from '../review/reviewWiring';

/**
 * Arguments of "Agent Guard: Incident Report" when run from code (tests, other extensions). Each one
 * given skips its question; none given asks them all.
 */
export interface IncidentReportArgs {
  /** Only this agent's entries (plus lockdowns and workspace-wide alerts for context); "" or absent: all agents. */
  agent?: string;
  /** ISO 8601 start of the period. */
  since?: string;
  /** ISO 8601 end of the period. */
  until?: string;
  format?: IncidentFormat;
  /** Absolute path to write; absent asks with a save dialog. */
  target?: string;
  /** Open the written report (default true when asked interactively, false with `target`). */
  open?: boolean;
}

/** What the command returns: where the report went and what it says about the log. */
export interface IncidentReportResult {
  path: string;
  format: IncidentFormat;
  integrityOk: boolean;
  items: number;
}

const HOUR = 60 * 60 * 1000;

function parseDate(value: unknown, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const date = typeof value === 'string' ? new Date(value) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime())) throw new Error(`Incident Report: \`${name}\` must be an ISO 8601 date, such as 2026-12-04T21:00:00Z; got ${JSON.stringify(value)}`);
  return date;
}

async function askAgent(agents: string[]): Promise<string | null | undefined> {
  const all = 'All agents';
  const picked = await vscode.window.showQuickPick([all, ...agents], { title: 'Incident report: which agent?', placeHolder: agents.length ? 'One agent, or all of them' : 'The audit log names no agent yet' });
  return picked === undefined ? undefined : picked === all ? null : picked;
}

async function askPeriod(): Promise<{ since?: Date; until?: Date } | undefined> {
  const now = Date.now();
  const choices: { label: string; since?: number; custom?: boolean }[] = [
    { label: 'Last hour', since: now - HOUR },
    { label: 'Last 24 hours', since: now - 24 * HOUR },
    { label: 'Last 7 days', since: now - 7 * 24 * HOUR },
    { label: 'Last 30 days', since: now - 30 * 24 * HOUR },
    { label: 'The whole log' },
    { label: 'Custom period…', custom: true },
  ];
  const picked = await vscode.window.showQuickPick(choices, { title: 'Incident report: which period?' });
  if (!picked) return undefined;
  if (!picked.custom) return { since: picked.since !== undefined ? new Date(picked.since) : undefined };
  const validate = (value: string) => (value.trim() === '' || !Number.isNaN(new Date(value.trim()).getTime()) ? undefined : 'An ISO 8601 date, such as 2026-12-04T21:00:00Z');
  const since = await vscode.window.showInputBox({ title: 'Incident report: from (ISO 8601; empty for the start of the log)', validateInput: validate, ignoreFocusOut: true });
  if (since === undefined) return undefined;
  const until = await vscode.window.showInputBox({ title: 'Incident report: to (ISO 8601; empty for now)', validateInput: validate, ignoreFocusOut: true });
  if (until === undefined) return undefined;
  return { since: parseDate(since.trim(), 'from'), until: parseDate(until.trim(), 'to') };
}

/**
 * "Agent Guard: Incident Report": a Markdown or HTML timeline of one agent's and/or one period's
 * proposals, findings, decisions, applies, denials, lockdowns and alerts, from the audit log, opening
 * with the log's integrity check. Secrets are masked (the entries are masked again before rendering).
 */
export async function incidentReport(gate: ReviewGate, args: IncidentReportArgs = {}): Promise<IncidentReportResult | undefined> {
  if (args === null || typeof args !== 'object') throw new Error('Incident Report: the argument must be an object such as { "agent": "Claude Code", "format": "html" }');
  for (const key of ['agent', 'since', 'until', 'format', 'target'] as const) {
    if (args[key] !== undefined && typeof args[key] !== 'string') throw new Error(`Incident Report: \`${key}\` must be a string; got ${JSON.stringify(args[key])}`);
  }
  if (args.target !== undefined && !path.isAbsolute(args.target)) throw new Error(`Incident Report: \`target\` must be an absolute path; got ${JSON.stringify(args.target)}`);
  const engine = loadEngine();
  const interactive = args.target === undefined;
  let agent: string | undefined = typeof args.agent === 'string' && args.agent.trim() !== '' ? args.agent.trim() : undefined;
  let since = parseDate(args.since, 'since');
  let until = parseDate(args.until, 'until');
  if (interactive && args.agent === undefined) {
    const picked = await askAgent(await engine.listIncidentAgents(gate.auditDirectory));
    if (picked === undefined) return undefined;
    agent = picked ?? undefined;
  }
  if (interactive && args.since === undefined && args.until === undefined) {
    const period = await askPeriod();
    if (!period) return undefined;
    ({ since, until } = period);
  }
  let format = args.format;
  if (format === undefined) {
    const picked = await vscode.window.showQuickPick(
      [
        { label: 'Markdown', format: 'markdown' as const },
        { label: 'HTML', format: 'html' as const, description: 'self-contained page, no scripts' },
      ],
      { title: 'Incident report: format' },
    );
    if (!picked) return undefined;
    format = picked.format;
  }
  const filter: IncidentFilter = { agent, since, until };
  const { report, text } = await engine.createIncidentReport(gate.auditDirectory, filter, format);
  let target = args.target;
  if (target === undefined) {
    const stamp = new Date().toISOString().slice(0, 16).replace(/[:T]/g, '-');
    const uri = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.joinPath(vscode.Uri.file(gate.workspaceRoot), `agent-guard-incident-${stamp}.${format === 'html' ? 'html' : 'md'}`),
      filters: format === 'html' ? { HTML: ['html'] } : { Markdown: ['md'] },
      title: 'Save the incident report',
    });
    if (!uri) return undefined;
    target = uri.fsPath;
  }
  await writeFileAtomic(target, text, { mode: 0o600 });
  const result: IncidentReportResult = { path: target, format, integrityOk: report.integrity.ok, items: report.items.length };
  const summary = `Agent Guard: incident report written (${report.items.length} entr${report.items.length === 1 ? 'y' : 'ies'}).`;
  if (!report.integrity.ok) void vscode.window.showWarningMessage(`${summary} The audit log does NOT verify; the report says where it breaks.`);
  else void vscode.window.showInformationMessage(`${summary} The audit log verifies.`);
  if (args.open ?? interactive) {
    const uri = vscode.Uri.file(target);
    if (format === 'markdown') await vscode.window.showTextDocument(uri, { preview: false });
    else await vscode.env.openExternal(uri);
  }
  return result;
}
