import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffFindings } from './helpers';

const id = 'dependencies/lockfile-removed';

describe('dependencies/lockfile-removed', () => {
  for (const name of ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'Cargo.lock', 'go.sum']) {
    it(`reports a deleted ${name} at medium`, async () => {
      const findings = await diffFindings(`app/${name}`, 'lock contents\n', undefined, { ruleId: id });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'medium');
      assert.equal(findings[0].message, `Lockfile ${name} was deleted`);
    });
  }
  it('stays quiet when a lockfile changes or another file is deleted', async () => {
    assert.deepEqual(await diffFindings('yarn.lock', 'a\n', 'b\n', { ruleId: id }), []);
    assert.deepEqual(await diffFindings('package.json', '{}', undefined, { ruleId: id }), []);
  });
});
