import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../src/core/rules/index';
import type { Rule } from '../../src/core/rules/types';
import { scanText } from '../../src/core/scan/engine';
import { fakePem } from '../helpers/fakeSecrets';

const rules = allRules;

function appWithKey(pem: string): string {
  return [
    "import jwt from 'jsonwebtoken';",
    '',
    '// Signs session tokens for the API.',
    `const SIGNING_KEY = \`${pem}\`;`,
    '',
    'export function sign(payload: object): string {',
    "  return jwt.sign(payload, SIGNING_KEY, { algorithm: 'RS256', expiresIn: '1h' });",
    '}',
    '',
  ].join('\n');
}

describe('scan engine', () => {
  it('finds a private key in a realistic module, at the right line and column', async () => {
    const pem = fakePem();
    const result = await scanText('src/auth/sign.ts', appWithKey(pem), { rules });
    assert.equal(result.findings.length, 1);
    const [finding] = result.findings;
    assert.equal(finding.ruleId, 'secrets/private-key');
    assert.equal(finding.severity, 'critical');
    assert.equal(finding.category, 'secret');
    assert.deepEqual([finding.range.startLine, finding.range.startColumn], [4, 22]);
    assert.ok(finding.range.endLine > 4);
    assert.ok(finding.explanation.length > 20 && finding.remediation.length > 20);
    assert.deepEqual(finding.cwe, [321, 798]);
  });

  it('never puts the key material in any string of the finding', async () => {
    const pem = fakePem();
    const body = pem.split('\n').slice(1, -1).join('');
    const result = await scanText('src/auth/sign.ts', appWithKey(pem), { rules });
    const serialized = JSON.stringify(result.findings);
    for (const line of pem.split('\n').slice(1, -1)) assert.ok(!serialized.includes(line), 'a key line leaked');
    assert.ok(!serialized.includes(body.slice(0, 24)));
  });

  it('keeps the fingerprint when lines shift above the finding', async () => {
    const text = appWithKey(fakePem());
    const first = await scanText('a.ts', text, { rules });
    const shifted = await scanText('a.ts', `// a new header comment\n\n${text}`, { rules });
    assert.equal(shifted.findings[0].range.startLine, first.findings[0].range.startLine + 2);
    assert.equal(shifted.findings[0].fingerprint, first.findings[0].fingerprint);
    assert.doesNotMatch(first.findings[0].fingerprint, /BEGIN|PRIVATE/);
  });

  it('reports nothing for a clean file, as a result rather than an error', async () => {
    const result = await scanText('src/index.ts', "export const greeting = 'hello';\n", { rules });
    assert.deepEqual(result.findings, []);
    assert.equal(result.timedOut, false);
  });

  it('honours an agent-guard-ignore comment on the line before, naming the rule', async () => {
    const text = appWithKey(fakePem()).replace('// Signs session tokens for the API.', '// agent-guard-ignore: secrets/private-key -- test key for the local emulator');
    const result = await scanText('src/auth/sign.ts', text, { rules });
    assert.equal(result.findings.length, 0);
    assert.equal(result.suppressed, 1);
  });

  it('does not let an ignore comment for another rule hide the finding', async () => {
    const text = appWithKey(fakePem()).replace('// Signs session tokens for the API.', '// agent-guard-ignore: injection/sql-string-building -- unrelated');
    const result = await scanText('src/auth/sign.ts', text, { rules });
    assert.equal(result.findings.length, 1);
  });

  it('honours gitleaks:allow for secrets', async () => {
    const text = appWithKey(fakePem()).replace('// Signs session tokens for the API.', '// gitleaks:allow');
    assert.equal((await scanText('a.ts', text, { rules })).findings.length, 0);
  });

  it('leaves out findings listed in the baseline', async () => {
    const text = appWithKey(fakePem());
    const first = await scanText('a.ts', text, { rules });
    const second = await scanText('a.ts', text, { rules, baseline: new Set([first.findings[0].fingerprint]) });
    assert.equal(second.findings.length, 0);
    assert.equal(second.suppressed, 1);
  });

  it('filters by category and by minimum severity, and applies rule overrides', async () => {
    const text = appWithKey(fakePem());
    assert.equal((await scanText('a.ts', text, { rules, categories: ['injection'] })).findings.length, 0);
    assert.equal((await scanText('a.ts', text, { rules, ruleOverrides: { 'secrets/private-key': 'off' } })).findings.length, 0);
    const lowered = await scanText('a.ts', text, { rules, ruleOverrides: { 'secrets/private-key': 'medium' } });
    assert.equal(lowered.findings[0].severity, 'medium');
    assert.equal((await scanText('a.ts', text, { rules, ruleOverrides: { 'secrets/private-key': 'low' }, minimumSeverity: 'medium' })).findings.length, 0);
  });

  it('keeps other rules running when one rule throws, and says which failed', async () => {
    const broken: Rule = {
      meta: { ...rules[0].meta, id: 'test/broken', keywords: undefined, languages: undefined },
      check() {
        throw new Error('boom');
      },
    };
    const result = await scanText('a.ts', appWithKey(fakePem()), { rules: [broken, ...rules] });
    assert.equal(result.findings.length, 1);
    assert.deepEqual(result.ruleErrors, [{ ruleId: 'test/broken', message: 'boom' }]);
  });

  it('returns a partial result marked timed out when the budget runs out', async () => {
    const slow: Rule = {
      meta: { ...rules[0].meta, id: 'test/slow', keywords: undefined, languages: undefined },
      check(context) {
        const until = performance.now() + 30;
        while (performance.now() < until && !context.timedOut()) {
          /* busy */
        }
      },
    };
    const result = await scanText('a.ts', appWithKey(fakePem()), { rules: [slow, slow, slow, ...rules], timeBudgetMs: 10 });
    assert.equal(result.timedOut, true);
  });

  it('in diff mode keeps only findings on added lines', async () => {
    const text = appWithKey(fakePem());
    const lineCount = text.split('\n').length;
    const untouched = await scanText('a.ts', text, { rules }, { status: 'modified', beforeText: text, addedLines: new Set([lineCount - 1]) });
    assert.equal(untouched.findings.length, 0);
    const added = await scanText('a.ts', text, { rules }, { status: 'modified', beforeText: '', addedLines: new Set([4]) });
    assert.equal(added.findings.length, 1);
  });
});
