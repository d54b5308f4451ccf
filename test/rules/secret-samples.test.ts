import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../src/core/rules/index';
import type { SecretRuleSpec } from '../../src/core/rules/secrets/defineSecretRule';
import type { Rule } from '../../src/core/rules/types';
import { scanText } from '../../src/core/scan/engine';

/** Each data rule carries its own samples, gitleaks style: every true positive found, no false positive reported. */
describe('secret rule samples', () => {
  const dataRules = allRules.filter((rule): rule is Rule & { spec: SecretRuleSpec } => 'spec' in rule);
  for (const rule of dataRules) {
    describe(rule.meta.id, () => {
      rule.spec.samples.truePositives.forEach((sample, i) => {
        it(`finds true positive #${i + 1}`, async () => {
          const { findings } = await scanText('src/config.ts', sample, { rules: [rule], ignoreInlineSuppressions: true });
          assert.ok(findings.some((f) => f.ruleId === rule.meta.id), `missed: ${sample.slice(0, 80)}`);
          for (const finding of findings) assert.ok(!sample.includes(finding.evidence) || finding.evidence.length < 12 || finding.evidence.includes('*'), 'evidence not masked');
        });
      });
      rule.spec.samples.falsePositives.forEach((sample, i) => {
        it(`stays quiet on false positive #${i + 1}`, async () => {
          const { findings } = await scanText('src/config.ts', sample, { rules: [rule], ignoreInlineSuppressions: true });
          assert.deepEqual(findings.map((f) => f.evidence), [], `false alarm on: ${sample.slice(0, 80)}`);
        });
      });
    });
  }
});
