import type { AuditEntry, VerifyResult } from './auditLog';
import { canonicalJson } from './canonicalJson';

/**
 * The audit log as one JSON document, pretty-printed: `{ "verification": {...}, "entries": [...] }`.
 * Pass the result of `verify()` so a reader of the export knows whether the chain held.
 */
export function exportAuditJson(entries: readonly AuditEntry[], verification?: VerifyResult): string {
  return `${JSON.stringify({ ...(verification ? { verification } : {}), entries }, null, 2)}\n`;
}

/**
 * One CSV cell: a cell a spreadsheet would read as a formula (starting with = + - @, tab or carriage
 * return) gets a leading apostrophe, then the cell is quoted when it holds a comma, quote or line break,
 * with quotes doubled (RFC 4180).
 */
export function csvCell(value: string): string {
  const neutral = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(neutral) || /^\s|\s$/.test(neutral) ? `"${neutral.replace(/"/g, '""')}"` : neutral;
}

/** The audit log as CSV: seq, time, type, actor, data (canonical JSON), prevHash, hash. CRLF line ends, as RFC 4180 says. */
export function exportAuditCsv(entries: readonly AuditEntry[]): string {
  const header = ['seq', 'time', 'type', 'actor', 'data', 'prevHash', 'hash'];
  const rows = entries.map((e) => [String(e.seq), e.time, e.type, e.actor, canonicalJson(e.data), e.prevHash, e.hash].map(csvCell).join(','));
  return `${[header.join(','), ...rows].join('\r\n')}\r\n`;
}
