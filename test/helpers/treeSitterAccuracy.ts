import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { allRules } from '../../src/core/rules/index';
import { scanText } from '../../src/core/scan/engine';

/** Counts for one language and category of the accuracy fixtures. */
export interface AccuracyRow {
  language: string;
  category: string;
  truePositives: number;
  falsePositives: number;
  falseNegatives: number;
  precision: number;
  recall: number;
}

export const FIXTURE_ROOT = path.resolve(__dirname, '../fixtures/injection');
const MARKER = /VULN: (injection\/[a-z]+-[a-z-]+)/g;

/** Each marked line's expected rule ids, by 1-based line. */
function expectedFindings(text: string): Map<number, Set<string>> {
  const expected = new Map<number, Set<string>>();
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(MARKER)) {
      if (!expected.has(index + 1)) expected.set(index + 1, new Set());
      expected.get(index + 1)!.add(match[1]);
    }
  });
  return expected;
}

/**
 * Scans every fixture of one language folder with that language's rules and compares the findings with the
 * `VULN: <rule-id>` markers: a finding on a marked line of its rule is a true positive, any other finding a
 * false positive, and a marker without a finding a false negative.
 */
export async function measureAccuracy(language: string): Promise<{ rows: AccuracyRow[]; misses: string[] }> {
  const folder = path.join(FIXTURE_ROOT, language);
  const rules = allRules.filter((r) => r.meta.id.startsWith(`injection/${language}-`));
  const counts = new Map<string, { tp: number; fp: number; fn: number }>();
  const misses: string[] = [];
  const bucket = (ruleId: string) => {
    const category = ruleId.slice(`injection/${language}-`.length);
    if (!counts.has(category)) counts.set(category, { tp: 0, fp: 0, fn: 0 });
    return counts.get(category)!;
  };
  for (const rule of rules) bucket(rule.meta.id);
  for (const name of readdirSync(folder).sort()) {
    const text = readFileSync(path.join(folder, name), 'utf8');
    const expected = expectedFindings(text);
    const result = await scanText(`fixtures/${language}/${name}`, text, { rules, ignoreInlineSuppressions: true, timeBudgetMs: 30_000 });
    if (result.timedOut) misses.push(`timed out ${name}`);
    const found = new Set<string>();
    for (const finding of result.findings) {
      const key = `${finding.range.startLine}\0${finding.ruleId}`;
      if (found.has(key)) continue;
      found.add(key);
      if (expected.get(finding.range.startLine)?.has(finding.ruleId)) bucket(finding.ruleId).tp++;
      else {
        bucket(finding.ruleId).fp++;
        misses.push(`false positive ${name}:${finding.range.startLine} ${finding.ruleId}: ${finding.message}`);
      }
    }
    for (const [line, ids] of expected) {
      for (const id of ids) {
        if (found.has(`${line}\0${id}`)) continue;
        bucket(id).fn++;
        misses.push(`false negative ${name}:${line} ${id}`);
      }
    }
  }
  const rows: AccuracyRow[] = [];
  const total = { tp: 0, fp: 0, fn: 0 };
  for (const [category, c] of [...counts].sort()) {
    rows.push(row(language, category, c));
    total.tp += c.tp;
    total.fp += c.fp;
    total.fn += c.fn;
  }
  rows.push(row(language, 'all', total));
  return { rows, misses };
}

function row(language: string, category: string, c: { tp: number; fp: number; fn: number }): AccuracyRow {
  return {
    language,
    category,
    truePositives: c.tp,
    falsePositives: c.fp,
    falseNegatives: c.fn,
    precision: c.tp + c.fp === 0 ? 1 : c.tp / (c.tp + c.fp),
    recall: c.tp + c.fn === 0 ? 1 : c.tp / (c.tp + c.fn),
  };
}

/** A fixed-width table for test output and the benchmark. */
export function formatAccuracy(rows: readonly AccuracyRow[]): string {
  const lines = ['language  category                     TP  FP  FN  precision  recall'];
  for (const r of rows) {
    lines.push(`${r.language.padEnd(9)} ${r.category.padEnd(28)} ${String(r.truePositives).padStart(3)} ${String(r.falsePositives).padStart(3)} ${String(r.falseNegatives).padStart(3)}  ${(r.precision * 100).toFixed(1).padStart(8)}%  ${(r.recall * 100).toFixed(1).padStart(5)}%`);
  }
  return lines.join('\n');
}
