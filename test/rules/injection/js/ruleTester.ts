import assert from 'node:assert/strict';
import { it } from 'node:test';
import type { Finding, Severity } from '../../../../src/core/model/finding';
import { findRule } from '../../../../src/core/rules/index';
import type { FileScanResult } from '../../../../src/core/scan/engine';
import { scanText } from '../../../../src/core/scan/engine';

/** One case of an ESLint-style table. `path` picks the language (default `src/app.js`). */
export interface ValidCase {
  name: string;
  code: string;
  path?: string;
}

export interface InvalidCase extends ValidCase {
  /** 1-based line of the finding; the line holding `// <-` when absent. */
  line?: number;
  severity?: Severity;
  /** A substring of the message. */
  message?: string;
  messageId?: string;
  /** How many findings of the rule (default 1). */
  count?: number;
}

export async function scanWithRule(ruleId: string, code: string, path = 'src/app.js'): Promise<FileScanResult> {
  const rule = findRule(ruleId);
  assert.ok(rule, `no rule ${ruleId}`);
  return scanText(path, code, { rules: [rule] });
}

export async function findingsOf(ruleId: string, code: string, path = 'src/app.js'): Promise<Finding[]> {
  return (await scanWithRule(ruleId, code, path)).findings.filter((f) => f.ruleId === ruleId);
}

/** ESLint's RuleTester shape: every valid case reports nothing, every invalid case reports where it says. */
export function ruleTable(ruleId: string, table: { valid: ValidCase[]; invalid: InvalidCase[] }): void {
  for (const c of table.valid) {
    it(`valid: ${c.name}`, async () => {
      const findings = await findingsOf(ruleId, c.code, c.path);
      assert.deepEqual(findings.map((f) => `${f.range.startLine}: ${f.message}`), [], c.code);
    });
  }
  for (const c of table.invalid) {
    it(`invalid: ${c.name}`, async () => {
      const findings = await findingsOf(ruleId, c.code, c.path);
      assert.equal(findings.length, c.count ?? 1, `${c.code}\n→ ${JSON.stringify(findings.map((f) => `${f.range.startLine}: ${f.message}`))}`);
      const expectedLine = c.line ?? c.code.split('\n').findIndex((l) => l.includes('// <-')) + 1;
      if (expectedLine > 0) assert.equal(findings[0].range.startLine, expectedLine);
      if (c.severity) assert.equal(findings[0].severity, c.severity);
      if (c.message) assert.ok(findings[0].message.includes(c.message), `message: ${findings[0].message}`);
    });
  }
}
