import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../../src/core/rules/index';
import type { SecretRule } from '../../../src/core/rules/secrets/defineSecretRule';

const DOCS = path.resolve(__dirname, '../../../docs/secrets.md');
const START = '<!-- rules:start (generated: UPDATE_SECRETS_DOCS=1 node --import tsx --test test/rules/secrets/docs.test.ts) -->';
const END = '<!-- rules:end -->';

/** The rule table of docs/secrets.md, generated from the registry so it cannot drift. */
export function rulesTable(): string {
  const rows = allRules
    .filter((rule) => rule.meta.category === 'secret')
    .map((rule) => {
      const spec = (rule as Partial<SecretRule>).spec;
      const what = spec ? spec.title : rule.meta.docs.summary;
      const keywords = (rule.meta.keywords ?? []).map((k) => `\`${k.replace(/\|/g, '\\|')}\``).join(' ');
      const fix = rule.meta.docs.fix.replace(/\|/g, '\\|').split('. ')[0];
      return `| \`${rule.meta.id}\` | ${what.replace(/\|/g, '\\|')} | ${rule.meta.severity} | ${keywords} | ${fix}. |`;
    });
  return [`${rows.length} rules.`, '', '| Rule | Finds | Severity | Keywords | Fix (first step) |', '| --- | --- | --- | --- | --- |', ...rows].join('\n');
}

describe('docs/secrets.md', () => {
  it('lists every secret rule (regenerate with UPDATE_SECRETS_DOCS=1)', () => {
    const current = readFileSync(DOCS, 'utf8');
    const start = current.indexOf(START);
    const end = current.indexOf(END);
    assert.ok(start >= 0 && end > start, 'docs/secrets.md lacks the rules markers');
    const expected = `${current.slice(0, start + START.length)}\n${rulesTable()}\n${current.slice(end)}`;
    if (process.env.UPDATE_SECRETS_DOCS === '1') writeFileSync(DOCS, expected);
    else assert.equal(current, expected, 'docs/secrets.md is out of date');
  });
});
