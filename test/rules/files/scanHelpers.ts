import type { Finding } from '../../../src/core/model/finding';
import { allRules } from '../../../src/core/rules/index';
import type { Rule } from '../../../src/core/rules/types';
import { scanTextChange } from '../../../src/core/scan/diffScan';
import { scanText } from '../../../src/core/scan/engine';

/** Scan mode: every finding of the given rules (all rules by default) in one file. */
export async function scanFile(path: string, text: string, rules: readonly Rule[] = allRules): Promise<Finding[]> {
  return (await scanText(path, text, { rules })).findings;
}

/** Diff mode: the findings a change from `before` (undefined: a new file) to `after` introduces. */
export async function diffFile(path: string, before: string | undefined, after: string | undefined, rules: readonly Rule[] = allRules): Promise<Finding[]> {
  return (await scanTextChange({ path, before, after }, { rules })).findings;
}

/** The findings of one rule. */
export function ofRule(findings: readonly Finding[], ruleId: string): Finding[] {
  return findings.filter((f) => f.ruleId === ruleId);
}

/** 1-based [line, column] of a finding's start. */
export function at(finding: Finding): [number, number] {
  return [finding.range.startLine, finding.range.startColumn];
}
