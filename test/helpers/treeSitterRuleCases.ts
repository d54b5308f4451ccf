import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding, Severity } from '../../src/core/model/finding';
import type { Rule } from '../../src/core/rules/types';
import { scanText } from '../../src/core/scan/engine';

/** One snippet of a valid/invalid table. */
export interface RuleCase {
  name: string;
  code: string;
  /** Expected severity of the (first) finding. */
  severity?: Severity;
  /** How many findings; 1 when absent. */
  count?: number;
  /** Expected 1-based line of the first finding. */
  line?: number;
  message?: RegExp;
  /** The text after applying the first finding's fix. */
  fixed?: string;
  /** The finding must offer no fix (the rewrite would not be mechanical). */
  noFix?: boolean;
}

export async function findingsOf(rule: Rule, path: string, code: string): Promise<Finding[]> {
  // A generous budget: these tests check what is found, on machines that may be heavily loaded.
  const result = await scanText(path, code, { rules: [rule], ignoreInlineSuppressions: true, timeBudgetMs: 30_000 });
  assert.deepEqual(result.ruleErrors, [], 'rule failed');
  return result.findings;
}

/** Applies a finding's fix edits (line/column ranges) to the text. */
export function applyFix(text: string, finding: Finding): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number) => lineStarts[line - 1] + column - 1;
  const edits = [...(finding.fix?.edits ?? [])].sort((a, b) => offset(b.range.startLine, b.range.startColumn) - offset(a.range.startLine, a.range.startColumn));
  let out = text;
  for (const edit of edits) out = out.slice(0, offset(edit.range.startLine, edit.range.startColumn)) + edit.text + out.slice(offset(edit.range.endLine, edit.range.endColumn));
  return out;
}

/** ESLint-style valid/invalid tables for one rule. */
export function ruleTable(rule: Rule, id: string, path: string, table: { valid: RuleCase[]; invalid: RuleCase[] }): void {
  describe(id, () => {
    it('is the rule under test', () => assert.equal(rule.meta.id, id));
    for (const c of table.invalid) {
      it(`reports ${c.name}`, async () => {
        const findings = await findingsOf(rule, path, c.code);
        assert.equal(findings.length, c.count ?? 1, `${c.name}: ${JSON.stringify(findings.map((f) => [f.range.startLine, f.message]))}`);
        const first = findings[0];
        if (c.severity) assert.equal(first.severity, c.severity);
        if (c.line) assert.equal(first.range.startLine, c.line);
        if (c.message) assert.match(first.message, c.message);
        assert.ok(!first.message.includes('{{'), `unfilled template: ${first.message}`);
        if (c.fixed !== undefined) assert.equal(applyFix(c.code, first), c.fixed);
        if (c.noFix) assert.equal(first.fix, undefined);
      });
    }
    for (const c of table.valid) {
      it(`does not report ${c.name}`, async () => {
        const findings = await findingsOf(rule, path, c.code);
        assert.deepEqual(findings.map((f) => `${f.range.startLine}: ${f.message}`), []);
      });
    }
  });
}
