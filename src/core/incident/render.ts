/**
 * Renders an incident report as Markdown or as a self-contained HTML page. Every string from the log is
 * treated as hostile: Markdown syntax is escaped, HTML is escaped, invisible and bidirectional characters
 * are shown by name, and the page runs nothing and loads nothing.
 */
import { createHash } from 'node:crypto';
import { escapeHtml } from '../report/html';
import { showInvisibles } from '../model/safeText';
import type { IncidentReport, TimelineItem } from './timeline';

/** Escapes text for Markdown prose: no markup, link, image, HTML tag or table cell break survives. */
export function escapeMarkdown(text: string): string {
  return showInvisibles(text).replace(/\r?\n|\r/g, ' ').replace(/[\\`*_[\]<>|~&]/g, (ch) => `\\${ch}`);
}

/** The integrity check in one sentence, for both formats. */
export function integritySentence(report: IncidentReport): { ok: boolean; text: string } {
  const v = report.integrity;
  if (v.ok) {
    return {
      ok: true,
      text: `The audit log verifies: ${v.entries} entr${v.entries === 1 ? 'y' : 'ies'} checked, hash chain intact${v.anchoredAt ? `, from entry ${v.anchoredAt.seq} (older entries were purged or rotated out behind a checkpoint)` : ' from the first entry'}. Last hash ${v.lastHash}.`,
    };
  }
  const b = v.firstBroken;
  return {
    ok: false,
    text: `THE AUDIT LOG DOES NOT VERIFY: ${b ? `first broken entry in ${b.file} line ${b.line}${b.seq !== undefined ? ` (entry ${b.seq})` : ''}: ${b.reason}` : 'unknown problem'}. Entries after that point may have been changed; treat this timeline with care.${report.unreadableLines ? ` ${report.unreadableLines} line(s) were not audit entries and are left out.` : ''}`,
  };
}

function scope(report: IncidentReport): string {
  const who = report.filter.agent !== undefined ? `agent ${report.filter.agent}` : 'all agents';
  const when = report.filter.since || report.filter.until ? `from ${report.filter.since ?? 'the start of the log'} to ${report.filter.until ?? 'now'}` : 'the whole log';
  return `${who}, ${when}`;
}

function whenOf(item: TimelineItem): string {
  return item.time.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC');
}

/** The report as Markdown. */
export function renderIncidentMarkdown(report: IncidentReport): string {
  const integrity = integritySentence(report);
  const out: string[] = [];
  out.push('# Agent Guard incident report', '');
  out.push(`Scope: ${escapeMarkdown(scope(report))}. Generated ${escapeMarkdown(report.generatedAt)}.`, '');
  out.push('## Audit log integrity', '');
  out.push(`${integrity.ok ? '**Verified.**' : '**BROKEN.**'} ${escapeMarkdown(integrity.text)}`, '');
  out.push('## Summary', '');
  const types = Object.keys(report.counts).sort();
  if (types.length) {
    out.push('| Entry type | Count |', '| --- | ---: |');
    for (const type of types) out.push(`| ${escapeMarkdown(type)} | ${report.counts[type]} |`);
  } else out.push('No audit entries match this scope.');
  out.push('');
  if (report.agents.length) out.push(`Agents in the log: ${report.agents.map(escapeMarkdown).join(', ')}.`, '');
  if (report.omitted) out.push(`The ${report.omitted} oldest matching entries are left out; narrow the period to see them.`, '');
  out.push('## Timeline', '');
  for (const item of report.items) {
    const who = item.agent ? ` · ${escapeMarkdown(item.agent)}` : item.context ? ' · (all agents)' : '';
    out.push(`- **${escapeMarkdown(whenOf(item))}** · ${escapeMarkdown(item.type)} #${item.seq}${who} — ${escapeMarkdown(item.title)}`);
    for (const detail of item.details) out.push(`  - ${escapeMarkdown(detail)}`);
  }
  out.push('', 'Secrets are masked; file contents appear only as SHA-256 hashes.', '');
  return out.join('\n');
}

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:62rem;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.2rem;margin-top:2rem}
.integrity{padding:.6rem .9rem;border-left:5px solid #2e7d32;background:#e8f5e9}.integrity.broken{border-color:#c62828;background:#ffebee}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.2rem .6rem}td.n{text-align:right}
ol.timeline{list-style:none;padding:0}ol.timeline>li{border-left:3px solid #8c959f;margin:.5rem 0;padding:.2rem .8rem}
ol.timeline>li.t-refusal,ol.timeline>li.t-alert,ol.timeline>li.t-lockdown,ol.timeline>li.t-conflict{border-color:#c62828}ol.timeline>li.t-finding{border-color:#f57c00}ol.timeline>li.t-apply,ol.timeline>li.t-revert{border-color:#1976d2}
.when{font-variant-numeric:tabular-nums;color:#57606a}.type{font-weight:600}.agent{color:#57606a}ul.details{margin:.2rem 0 .2rem 1rem;padding:0;font-size:.92em;word-break:break-word}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}.integrity{background:#132a13}.integrity.broken{background:#3b1010}th,td{border-color:#30363d}.when,.agent{color:#8b949e}}
`.trim();

/** The report as one HTML page: CSP `default-src 'none'` plus its one style by hash; no script, no remote resource. */
export function renderIncidentHtml(report: IncidentReport): string {
  const integrity = integritySentence(report);
  const styleHash = `'sha256-${createHash('sha256').update(STYLE, 'utf8').digest('base64')}'`;
  const e = (text: string) => escapeHtml(showInvisibles(text));
  const rows = Object.keys(report.counts)
    .sort()
    .map((type) => `<tr><td>${e(type)}</td><td class="n">${report.counts[type]}</td></tr>`)
    .join('');
  const items = report.items
    .map((item) => {
      const who = item.agent ? ` <span class="agent">· ${e(item.agent)}</span>` : item.context ? ' <span class="agent">· (all agents)</span>' : '';
      const details = item.details.length ? `<ul class="details">${item.details.map((d) => `<li>${e(d)}</li>`).join('')}</ul>` : '';
      return `<li class="t-${e(item.type.replace(/[^a-z]/gi, ''))}"><span class="when">${e(whenOf(item))}</span> <span class="type">${e(item.type)} #${item.seq}</span>${who} — ${e(item.title)}${details}</li>`;
    })
    .join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="en"><head><meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${styleHash}; base-uri 'none'; form-action 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    '<title>Agent Guard incident report</title>',
    `<style>${STYLE}</style></head><body>`,
    '<h1>Agent Guard incident report</h1>',
    `<p>Scope: ${e(scope(report))}. Generated ${e(report.generatedAt)}.</p>`,
    '<h2>Audit log integrity</h2>',
    `<p class="integrity${integrity.ok ? '' : ' broken'}"><strong>${integrity.ok ? 'Verified.' : 'BROKEN.'}</strong> ${e(integrity.text)}</p>`,
    '<h2>Summary</h2>',
    rows ? `<table><thead><tr><th>Entry type</th><th>Count</th></tr></thead><tbody>${rows}</tbody></table>` : '<p>No audit entries match this scope.</p>',
    report.agents.length ? `<p>Agents in the log: ${report.agents.map(e).join(', ')}.</p>` : '',
    report.omitted ? `<p>The ${report.omitted} oldest matching entries are left out; narrow the period to see them.</p>` : '',
    '<h2>Timeline</h2>',
    `<ol class="timeline">\n${items}\n</ol>`,
    '<p>Secrets are masked; file contents appear only as SHA-256 hashes.</p>',
    '</body></html>',
    '',
  ].join('\n');
}
