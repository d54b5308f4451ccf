import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { aiRules } from '../../src/core/rules/secrets/ai';
import { awsSecretAccessKey } from '../../src/core/rules/secrets/aws-secret-access-key';
import { cloudRules } from '../../src/core/rules/secrets/cloud';
import { codeHostingRules } from '../../src/core/rules/secrets/code-hosting';
import { datastoreRules } from '../../src/core/rules/secrets/datastores';
import type { SecretRule } from '../../src/core/rules/secrets/defineSecretRule';
import { genericRules } from '../../src/core/rules/secrets/generic';
import { genericCredential } from '../../src/core/rules/secrets/generic-credential';
import { jwt } from '../../src/core/rules/secrets/jwt';
import { messagingRules } from '../../src/core/rules/secrets/messaging';
import { paymentRules } from '../../src/core/rules/secrets/payments';
import { privateKey } from '../../src/core/rules/secrets/private-key';
import { registryRules } from '../../src/core/rules/secrets/registries';
import { saasRules } from '../../src/core/rules/secrets/saas';
import type { Rule } from '../../src/core/rules/types';
import { scanText } from '../../src/core/scan/engine';

/**
 * Bad input, once per rule family: every input starts with all of the family's keywords, so the prefilter
 * lets every rule run, and then gives the regexes the shapes that make backtracking engines slow.
 */
const families: [string, readonly Rule[]][] = [
  ['cloud', cloudRules],
  ['code hosting', codeHostingRules],
  ['ai', aiRules],
  ['payments', paymentRules],
  ['messaging', messagingRules],
  ['registries', registryRules],
  ['datastores', datastoreRules],
  ['saas', saasRules],
  ['generic', [...genericRules, genericCredential]],
  ['keys and tokens', [privateKey, jwt, awsSecretAccessKey]],
];

/** Each data rule's true-positive token with its last character cut, repeated: near misses, glued together. */
function nearMisses(rules: readonly Rule[]): string {
  const pieces = rules.flatMap((rule) => ('spec' in rule ? (rule as SecretRule).spec.samples.truePositives.map((s) => s.slice(0, -1)) : []));
  return pieces.length ? pieces.join('').repeat(Math.ceil(200_000 / Math.max(1, pieces.join('').length))) : '';
}

const inputs: [string, (keywords: string, rules: readonly Rule[]) => string][] = [
  ['a 2 MB minified one-line file', (k) => `${k};${'var a=function(b){return b.token||"x="+b.secret+":"+b.auth};'.repeat(34_000)}`],
  ['1 MB of random bytes', (k) => k + randomBytes(1024 * 1024).toString('latin1')],
  ['a 100,000-character line of a', (k) => `${k}\n${'a'.repeat(100_000)}`],
  ['a 100,000-character line of =', (k) => `${k}\n${'='.repeat(100_000)}`],
  ['deeply nested JSON', (k) => `{"k":"${k}",${'"password":{"token":['.repeat(20_000)}"x"${']}'.repeat(20_000)}}`],
  ['a truncated PEM block', (k) => `${k}\n-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEA'.repeat(12_000)}`],
  ['near-miss tokens glued together', (k, rules) => `${k}\n${nearMisses(rules)}`],
];

describe('secret rules on hostile input: no hang, no crash, a time-bounded result', () => {
  for (const [family, rules] of families) {
    const keywords = [...new Set(rules.flatMap((rule) => rule.meta.keywords ?? []))].join(' ');
    for (const [name, make] of inputs) {
      it(`${family}: ${name}`, async () => {
        const text = make(keywords, rules);
        const started = performance.now();
        const result = await scanText('hostile/input.txt', text, { rules, timeBudgetMs: 2000 });
        const elapsed = performance.now() - started;
        assert.deepEqual(result.ruleErrors, []);
        // The engine's budget is 2 s per file; past it the result is partial and says so. Allow for a busy machine.
        assert.ok(elapsed < 6000, `${family} took ${elapsed.toFixed(0)} ms on ${name}`);
      });
    }
  }
});
