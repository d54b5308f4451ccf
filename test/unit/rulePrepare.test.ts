import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Rule } from '../../src/core/rules/types';
import { scanText } from '../../src/core/scan/engine';

function rule(id: string, prepare?: () => void | Promise<void>): Rule {
  return {
    meta: { id, category: 'injection', severity: 'low', confidence: 'low', cwe: [], docs: { summary: 'a test rule', why: 'for the engine test', fix: 'nothing to fix' }, messages: { hit: 'hit' } },
    prepare,
    check(context) {
      context.report({ messageId: 'hit', start: 0, end: 1 });
    },
  };
}

/** Rule.prepare: one-time loads run before a file's time budget starts, and only for rules that apply. */
describe('Rule.prepare', () => {
  it('runs before the budget, so a slow first load does not starve the rules after it', async () => {
    let prepared = 0;
    const slow = rule('test/a-slow-load', async () => {
      prepared++;
      await new Promise((resolve) => setTimeout(resolve, 50));
    });
    const result = await scanText('a.js', 'x', { rules: [slow, rule('test/b-after')], timeBudgetMs: 10 });
    assert.equal(prepared, 1);
    assert.equal(result.timedOut, false);
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['test/a-slow-load', 'test/b-after']);
  });

  it('is not called for rules that do not apply to the file', async () => {
    let prepared = 0;
    const jsOnly: Rule = { ...rule('test/js-only', () => void prepared++), meta: { ...rule('x').meta, id: 'test/js-only', languages: ['javascript'] } };
    await scanText('notes.md', 'x', { rules: [jsOnly] });
    assert.equal(prepared, 0);
  });

  it('reports a failing prepare as a rule error and keeps scanning', async () => {
    const broken = rule('test/broken-load', () => {
      throw new Error('parser missing');
    });
    const result = await scanText('a.js', 'x', { rules: [broken, rule('test/fine')] });
    assert.deepEqual(result.ruleErrors, [{ ruleId: 'test/broken-load', message: 'parser missing' }]);
    assert.ok(result.findings.some((f) => f.ruleId === 'test/fine'));
  });
});
