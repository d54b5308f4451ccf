/**
 * Reads an audit log folder and makes the incident report: integrity check first, then the entries,
 * masked again (the log was masked when written; this also covers a log written by an older version
 * or a secret rule added since), then the timeline, rendered.
 */
import type { AuditEntry } from '../audit/auditLog';
import { readAuditLines, verifyAuditDirectory } from '../audit/auditLog';
import { maskAuditData } from '../audit/mask';
import { renderIncidentHtml, renderIncidentMarkdown } from './render';
import type { IncidentFilter, IncidentReport, IncidentReportOptions } from './timeline';
import { buildIncidentReport, foldAgentName } from './timeline';

/** The report's two formats. */
export type IncidentFormat = 'markdown' | 'html';

/** A report as data and as text. */
export interface RenderedIncidentReport {
  report: IncidentReport;
  text: string;
  format: IncidentFormat;
}

/** Parses the log's lines; lines that are not entries are counted (verify names the first). */
async function readEntries(directory: string): Promise<{ entries: AuditEntry[]; unreadable: number }> {
  const entries: AuditEntry[] = [];
  let unreadable = 0;
  for (const line of await readAuditLines(directory)) {
    try {
      const entry = JSON.parse(line) as AuditEntry;
      if (entry && typeof entry === 'object' && typeof entry.seq === 'number' && typeof entry.time === 'string' && typeof entry.type === 'string') entries.push(entry);
      else unreadable++;
    } catch {
      unreadable++;
    }
  }
  return { entries, unreadable };
}

/** Makes the incident report of the log in `directory`. */
export async function createIncidentReport(directory: string, filter: IncidentFilter, format: IncidentFormat, options: IncidentReportOptions = {}): Promise<RenderedIncidentReport> {
  if (format !== 'markdown' && format !== 'html') throw new RangeError(`incident report: format must be "markdown" or "html", not ${JSON.stringify(format)}`);
  const integrity = await verifyAuditDirectory(directory);
  const { entries, unreadable } = await readEntries(directory);
  // Build once unmasked to know which entries are in scope, then mask only those (masking scans every string).
  const scoped = buildIncidentReport(entries, integrity, filter, options);
  const inScope = new Set(scoped.items.map((i) => i.seq));
  const masked: AuditEntry[] = [];
  for (const entry of entries) {
    // Entries out of scope still feed the change-set → agent map; only their agent-carrying fields are kept.
    if (inScope.has(entry.seq)) masked.push({ ...entry, actor: await maskAuditData(entry.actor), data: await maskAuditData(entry.data ?? {}) });
    else if (entry.type === 'proposal') masked.push({ ...entry, data: { changeSetId: entry.data?.changeSetId, source: entry.data?.source } });
  }
  const report = buildIncidentReport(masked, integrity, filter, { ...options, unreadableLines: unreadable });
  report.agents = await Promise.all(scoped.agents.map((a) => maskAuditData(a)));
  return { report, text: format === 'html' ? renderIncidentHtml(report) : renderIncidentMarkdown(report), format };
}

/** The agents named in the log, for a picker (folded duplicates removed). */
export async function listIncidentAgents(directory: string): Promise<string[]> {
  const { entries } = await readEntries(directory);
  const report = buildIncidentReport(entries, { ok: true, entries: 0, lastHash: '' });
  const seen = new Set<string>();
  return report.agents.filter((a) => !seen.has(foldAgentName(a)) && seen.add(foldAgentName(a)));
}
