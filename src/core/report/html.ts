import { createHash } from 'node:crypto';
import type { Category, Finding, Severity } from '../model/finding';
import { CATEGORIES, SEVERITIES } from '../model/finding';
import { showInvisibles } from '../model/safeText';
import type { ReportInput } from './reportInput';
import { countBySeverity, countMatrix } from './reportInput';

/** Escapes text for HTML element content and quoted attribute values; invisible characters are shown by name. */
export function escapeHtml(text: string): string {
  return showInvisibles(text, { keepNewlines: true }).replace(/[&<>"'`]/g, (ch) => ENTITIES[ch]);
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** Fill colours by severity, readable on white and on dark. */
export const SEVERITY_COLORS: Record<Severity, string> = { critical: '#8e24aa', high: '#d32f2f', medium: '#f57c00', low: '#1976d2' };

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:2rem auto;max-width:60rem;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.6rem}h2{font-size:1.25rem;margin-top:2rem}h3{font-size:1rem;margin:1.5rem 0 .5rem;word-break:break-all}
table{border-collapse:collapse}th,td{border:1px solid #d0d7de;padding:.25rem .6rem;text-align:right}th:first-child,td:first-child{text-align:left}
.finding{border-left:4px solid #888;padding:.4rem .8rem;margin:.6rem 0;background:#f6f8fa}
.finding.critical{border-color:${SEVERITY_COLORS.critical}}.finding.high{border-color:${SEVERITY_COLORS.high}}.finding.medium{border-color:${SEVERITY_COLORS.medium}}.finding.low{border-color:${SEVERITY_COLORS.low}}
.sev{font-weight:600;text-transform:uppercase}.meta{color:#57606a;font-size:.9em}
pre{white-space:pre-wrap;word-break:break-all;background:#eaeef2;padding:.3rem .5rem;margin:.3rem 0}
@media (prefers-color-scheme:dark){body{color:#e6edf3;background:#0d1117}.finding{background:#161b22}pre{background:#21262d}th,td{border-color:#30363d}.meta{color:#8b949e}svg text{fill:#e6edf3}}
`.trim();

/** The CSP hash source of the report's one style element, so the page needs no `unsafe-inline`. */
export function styleHash(style = STYLE): string {
  return `'sha256-${createHash('sha256').update(style, 'utf8').digest('base64')}'`;
}

/**
 * A self-contained HTML report. It loads nothing and runs nothing: a Content-Security-Policy of
 * `default-src 'none'` allows only its own style (by hash); every string from a finding is escaped;
 * the chart is inline SVG built from numbers only.
 */
export function toHtml(input: ReportInput): string {
  const { findings } = input;
  const bySeverity = countBySeverity(findings);
  const parts: string[] = [];
  parts.push(
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${styleHash()}; img-src 'none'; script-src 'none'; base-uri 'none'; form-action 'none'">`,
    '<meta name="referrer" content="no-referrer">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Agent Guard report</title>',
    `<style>${STYLE}</style>`,
    '</head>',
    '<body>',
    '<h1>Agent Guard report</h1>',
    `<p class="meta">Generated ${escapeHtml(input.generatedAt.toISOString())} by Agent Guard ${escapeHtml(input.toolVersion)}${input.scope ? ` · Scope: ${escapeHtml(input.scope)}` : ''}${input.filesScanned !== undefined ? ` · ${input.filesScanned} files scanned` : ''}</p>`,
  );
  if (input.partial) parts.push('<p><strong>Partial result:</strong> the scan was cancelled or a time budget ran out.</p>');
  parts.push('<h2>Summary</h2>');
  if (findings.length === 0) {
    parts.push('<p>No findings.</p>');
  } else {
    parts.push(`<p>${findings.length} finding${findings.length === 1 ? '' : 's'}: ${SEVERITIES.filter((s) => bySeverity[s]).map((s) => `${bySeverity[s]} ${s}`).join(', ')}.</p>`);
    parts.push(chartSvg(countMatrix(findings)));
    parts.push(countTable(countMatrix(findings)));
    parts.push('<h2>Findings</h2>');
    let file: string | undefined;
    for (const finding of findings) {
      if (finding.file !== file) {
        file = finding.file;
        parts.push(`<h3>${escapeHtml(file)}</h3>`);
      }
      parts.push(findingHtml(finding));
    }
  }
  if (input.skipped?.length) {
    parts.push('<h2>Skipped files</h2>', '<ul>');
    for (const skip of input.skipped.slice(0, 500)) parts.push(`<li>${escapeHtml(skip.detail)}</li>`);
    if (input.skipped.length > 500) parts.push(`<li>… and ${input.skipped.length - 500} more</li>`);
    parts.push('</ul>');
  }
  parts.push('</body>', '</html>');
  return `${parts.join('\n')}\n`;
}

function findingHtml(finding: Finding): string {
  const cwe = finding.cwe.length ? ` · ${finding.cwe.map((n) => `CWE-${Number(n)}`).join(', ')}` : '';
  return [
    // Severity, category and confidence are typed enums, but a report may be built from JSON: escape them too.
    `<div class="finding ${(SEVERITIES as readonly string[]).includes(finding.severity) ? finding.severity : ''}">`,
    `<div><span class="sev">${escapeHtml(finding.severity)}</span> line ${Number(finding.range.startLine)}:${Number(finding.range.startColumn)} · ${escapeHtml(finding.message)}</div>`,
    `<div class="meta">${escapeHtml(finding.ruleId)} · ${escapeHtml(finding.category)} · confidence ${escapeHtml(finding.confidence)}${cwe}</div>`,
    finding.evidence ? `<pre>${escapeHtml(finding.evidence)}</pre>` : '',
    `<div><strong>Why:</strong> ${escapeHtml(finding.explanation)}</div>`,
    `<div><strong>Fix:</strong> ${escapeHtml(finding.remediation)}</div>`,
    '</div>',
  ].filter(Boolean).join('\n');
}

function countTable(matrix: Record<Category, Record<Severity, number>>): string {
  const rows = CATEGORIES.map((category) => {
    const cells = SEVERITIES.map((s) => matrix[category][s]);
    const total = cells.reduce((a, b) => a + b, 0);
    return total ? `<tr><td>${category}</td>${cells.map((n) => `<td>${n}</td>`).join('')}<td>${total}</td></tr>` : '';
  }).filter(Boolean);
  return `<table><thead><tr><th>Category</th>${SEVERITIES.map((s) => `<th>${s}</th>`).join('')}<th>Total</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** A horizontal stacked bar per category, one segment per severity. Only numbers and fixed labels go in. */
export function chartSvg(matrix: Record<Category, Record<Severity, number>>): string {
  const categories = CATEGORIES.filter((c) => SEVERITIES.some((s) => matrix[c][s] > 0));
  const labelWidth = 120;
  const barWidth = 420;
  const rowHeight = 26;
  const legendHeight = 28;
  const height = legendHeight + categories.length * rowHeight + 8;
  const width = labelWidth + barWidth + 60;
  const max = Math.max(1, ...categories.map((c) => SEVERITIES.reduce((n, s) => n + matrix[c][s], 0)));
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="chart-title" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    '<title id="chart-title">Findings by category and severity</title>',
  ];
  SEVERITIES.forEach((severity, i) => {
    const x = labelWidth + i * 100;
    out.push(`<rect x="${x}" y="6" width="12" height="12" fill="${SEVERITY_COLORS[severity]}"/><text x="${x + 16}" y="16" font-size="12" fill="#1f2328">${severity}</text>`);
  });
  categories.forEach((category, row) => {
    const y = legendHeight + row * rowHeight;
    out.push(`<text x="0" y="${y + 15}" font-size="12" fill="#1f2328">${category}</text>`);
    let x = labelWidth;
    let total = 0;
    for (const severity of SEVERITIES) {
      const count = matrix[category][severity];
      if (!count) continue;
      const w = Math.max(2, Math.round((count / max) * barWidth));
      out.push(`<rect x="${x}" y="${y + 3}" width="${w}" height="18" fill="${SEVERITY_COLORS[severity]}"><title>${category}: ${count} ${severity}</title></rect>`);
      x += w;
      total += count;
    }
    out.push(`<text x="${x + 6}" y="${y + 15}" font-size="12" fill="#1f2328">${total}</text>`);
  });
  out.push('</svg>');
  return out.join('');
}
