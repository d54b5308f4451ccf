import type { Finding } from '../model/finding';
import { CATEGORIES, SEVERITIES } from '../model/finding';
import { showInvisibles } from '../model/safeText';
import type { ReportInput } from './reportInput';
import { countBySeverity, countMatrix } from './reportInput';

/**
 * Escapes text for Markdown so that nothing from a scanned file becomes markup: no links, images,
 * HTML, emphasis, table breaks or autolinks (hence `.` and `:`). Invisible and bidi characters are shown by name; newlines become spaces.
 */
export function escapeMarkdown(text: string): string {
  return showInvisibles(text.replace(/\r?\n/g, ' '))
    .replace(/[\\`*_{}[\]()#.!|<>~:]/g, (ch) => `\\${ch}`)
    .replace(/&/g, '&amp;');
}

/** A Markdown report: summary, counts by category and severity, then each finding by file. */
export function toMarkdown(input: ReportInput): string {
  const { findings } = input;
  const out: string[] = [];
  out.push('# Agent Guard report', '');
  const facts = [
    `Generated ${escapeMarkdown(input.generatedAt.toISOString())} by Agent Guard ${escapeMarkdown(input.toolVersion)}`,
    input.scope ? `Scope: ${escapeMarkdown(input.scope)}` : '',
    input.filesScanned !== undefined ? `Files scanned: ${input.filesScanned}` : '',
    input.partial ? '**Partial result:** the scan was cancelled or a time budget ran out.' : '',
  ].filter(Boolean);
  out.push(...facts.map((f) => `- ${f}`), '');

  const bySeverity = countBySeverity(findings);
  out.push('## Summary', '');
  if (findings.length === 0) {
    out.push('No findings.', '');
  } else {
    out.push(`${findings.length} finding${findings.length === 1 ? '' : 's'}: ${SEVERITIES.filter((s) => bySeverity[s]).map((s) => `${bySeverity[s]} ${s}`).join(', ')}.`, '');
    const matrix = countMatrix(findings);
    out.push(`| Category | ${SEVERITIES.join(' | ')} | Total |`, `| --- | ${SEVERITIES.map(() => '---:').join(' | ')} | ---: |`);
    for (const category of CATEGORIES) {
      const row = SEVERITIES.map((s) => matrix[category][s]);
      const total = row.reduce((a, b) => a + b, 0);
      if (total) out.push(`| ${category} | ${row.join(' | ')} | ${total} |`);
    }
    out.push('');
  }

  if (findings.length) {
    out.push('## Findings', '');
    let file: string | undefined;
    for (const finding of findings) {
      if (finding.file !== file) {
        file = finding.file;
        out.push(`### ${escapeMarkdown(file)}`, '');
      }
      out.push(...findingLines(finding), '');
    }
  }

  if (input.skipped?.length) {
    out.push('## Skipped files', '');
    for (const skip of input.skipped.slice(0, 200)) out.push(`- ${escapeMarkdown(skip.detail)}`);
    if (input.skipped.length > 200) out.push(`- … and ${input.skipped.length - 200} more`);
    out.push('');
  }
  return `${out.join('\n').trimEnd()}\n`;
}

function findingLines(finding: Finding): string[] {
  const where = `${Number(finding.range.startLine)}:${Number(finding.range.startColumn)}`;
  const lines = [
    // Severity, category and confidence are typed enums, but a report may be built from JSON: escape them too.
    `- **${escapeMarkdown(finding.severity.toUpperCase())}** line ${where}: ${escapeMarkdown(finding.message)} (${escapeMarkdown(finding.ruleId)}, ${escapeMarkdown(finding.category)}, confidence ${escapeMarkdown(finding.confidence)}${finding.cwe.length ? `, ${finding.cwe.map((n) => `CWE-${Number(n)}`).join(', ')}` : ''})`,
  ];
  if (finding.evidence) lines.push(`  - Evidence: ${escapeMarkdown(finding.evidence)}`);
  lines.push(`  - Why: ${escapeMarkdown(finding.explanation)}`, `  - Fix: ${escapeMarkdown(finding.remediation)}`);
  return lines;
}
