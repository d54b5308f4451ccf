import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkSync } from 'recheck';
import { allRules } from '../../src/core/rules/index';

/**
 * JavaScript regexes backtrack. Every pattern a rule runs over file text must be linear on hostile
 * input; recheck proves it or finds the attack string.
 */
describe('every rule pattern runs in linear time', () => {
  const patterns = allRules.flatMap((rule) => (rule.patterns ?? []).map((pattern) => ({ id: rule.meta.id, pattern })));

  it('rules declare their patterns', () => {
    assert.ok(patterns.length >= allRules.filter((r) => r.meta.category === 'secret').length);
  });

  for (const { id, pattern } of patterns) {
    it(`${id}: /${pattern.source.slice(0, 60)}${pattern.source.length > 60 ? '…' : ''}/`, () => {
      // The automaton checker is exact and takes milliseconds; recheck's default picks the fuzzer (seconds
      // per pattern) whenever a pattern has lookaround, which made 150+ secret rules take minutes. The fuzzer
      // stays as the fallback for what the automaton cannot decide.
      const flags = pattern.flags.replace(/[gy]/g, '');
      let result = checkSync(pattern.source, flags, { timeout: 10_000, checker: 'automaton' });
      if (result.status === 'unknown') result = checkSync(pattern.source, flags, { timeout: 10_000 });
      assert.notEqual(result.status, 'vulnerable', `${id} is vulnerable: ${JSON.stringify((result as { attack?: unknown }).attack ?? result)}`);
    });
  }

  it('the checker itself flags a catastrophic pattern', () => {
    assert.equal(checkSync('^(a+)+$', '').status, 'vulnerable');
  });
});
