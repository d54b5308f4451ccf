import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { CATEGORIES, SEVERITIES } from '../../src/core/model/finding';
import { allRules } from '../../src/core/rules/index';
import type { SecretRuleSpec } from '../../src/core/rules/secrets/defineSecretRule';

const testsDir = path.resolve(__dirname);

function allTestText(dir: string): string {
  return readdirSync(dir)
    .map((name) => {
      const full = path.join(dir, name);
      return statSync(full).isDirectory() ? allTestText(full) : name.endsWith('.ts') ? readFileSync(full, 'utf8') : '';
    })
    .join('\n');
}

/** ESLint's meta-test: a rule without docs or tests fails here. */
describe('rule metadata', () => {
  const testText = allTestText(testsDir);
  const ids = allRules.map((r) => r.meta.id);

  it('ids are unique and sorted in the registry', () => {
    assert.equal(new Set(ids).size, ids.length, 'duplicate rule id');
    assert.deepEqual(ids, [...ids].sort());
  });

  for (const rule of allRules) {
    const { meta } = rule;
    it(`${meta.id} has docs, messages and tests`, () => {
      assert.match(meta.id, /^[a-z]+(?:-[a-z]+)*\/[a-z0-9]+(?:[-.][a-z0-9]+)*$/, 'id must be family/kebab-case');
      assert.ok(CATEGORIES.includes(meta.category));
      assert.ok(SEVERITIES.includes(meta.severity));
      for (const field of ['summary', 'why', 'fix'] as const) assert.ok(meta.docs[field]?.trim().length >= 10, `docs.${field} missing`);
      assert.ok(Object.keys(meta.messages).length > 0, 'no messages');
      assert.ok(meta.keywords === undefined || meta.keywords.every((k) => k === k.toLowerCase()), 'keywords must be lower-case');
      const spec = (rule as { spec?: SecretRuleSpec }).spec;
      if (spec) {
        assert.ok(spec.samples.truePositives.length >= 1, 'no true-positive samples');
        assert.ok(spec.samples.falsePositives.length >= 1, 'no false-positive samples');
      } else {
        assert.ok(testText.includes(`'${meta.id}'`) || testText.includes(`"${meta.id}"`), `no test mentions '${meta.id}'`);
      }
    });
  }
});
