import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { allRules } from '../../src/core/rules/index';
import type { Rule } from '../../src/core/rules/types';
import { KeywordMatcher, RuleKeywordIndex, keywordIndexFor } from '../../src/core/scan/keywords';

/** The one-pass keyword prefilter must agree exactly with the per-keyword `includes` it replaced. */
describe('keyword prefilter', () => {
  const keywords = [...new Set(allRules.flatMap((rule) => rule.meta.keywords ?? []))];
  const matcher = new KeywordMatcher(keywords);
  const naive = (text: string) => new Set(keywords.filter((k) => text.toLowerCase().includes(k)));

  it('finds exactly the keywords includes() finds, on text made of keyword pieces', () => {
    for (let round = 0; round < 200; round++) {
      const bytes = randomBytes(40);
      let text = '';
      for (const byte of bytes) {
        const keyword = keywords[byte % keywords.length];
        // Pieces, whole keywords, upper-cased ones and noise, so overlaps and near misses occur.
        text += byte % 3 === 0 ? keyword.toUpperCase() : byte % 3 === 1 ? keyword.slice(0, Math.max(1, keyword.length - 1)) : keyword;
        text += byte % 5 === 0 ? ' ' : '';
      }
      assert.deepEqual([...matcher.find(text)].sort(), [...naive(text)].sort(), text.slice(0, 80));
    }
  });

  it('handles overlapping and nested keywords, and non-ASCII text and keywords', () => {
    const m = new KeywordMatcher(['xoxe-', 'xoxe.xox', 'sk', 'sk_live_', 'ask', 'clé']);
    assert.deepEqual([...m.find('an XOXE.XOXb token and sk_LIVE_1')].sort(), ['sk', 'sk_live_', 'xoxe.xox']);
    assert.deepEqual([...m.find('Task: la CLÉ — ünïcödé')].sort(), ['ask', 'clé', 'sk']);
    assert.deepEqual([...m.find('')], []);
  });

  it('selects, in registry order, the rules whose keywords occur plus those without keywords', () => {
    const rule = (id: string, keywords?: string[]): Rule => ({ meta: { id, category: 'secret', severity: 'high', confidence: 'high', cwe: [], docs: { summary: '', why: '', fix: '' }, messages: {}, keywords }, check() {} });
    const rules = [rule('a', ['ghp_']), rule('b'), rule('c', ['sk_live_', 'rk_live_']), rule('d', ['zzz'])];
    const index = new RuleKeywordIndex(rules);
    assert.deepEqual(index.candidates('token = "RK_LIVE_…" and ghp_…').map((r) => r.meta.id), ['a', 'b', 'c']);
    assert.deepEqual(index.candidates('nothing here').map((r) => r.meta.id), ['b']);
  });

  it('an index found by the list\'s ids returns the caller\'s rule objects, not the first list\'s', () => {
    const make = (tag: string): Rule => ({ meta: { id: 'x/one', category: 'secret', severity: 'high', confidence: 'high', cwe: [], docs: { summary: tag, why: '', fix: '' }, messages: {}, keywords: ['ghp_'] }, check() {} });
    const first = [make('first')];
    const second = [make('second')];
    assert.equal(keywordIndexFor(first), keywordIndexFor(second), 'same ids and keywords share one index');
    assert.equal(keywordIndexFor(second).candidates('ghp_', second)[0].meta.docs.summary, 'second');
  });
});
