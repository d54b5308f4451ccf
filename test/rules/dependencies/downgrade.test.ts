import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, diffFindings, packageJson } from './helpers';

const id = 'dependencies/downgrade';

describe('dependencies/downgrade', () => {
  it('reports a lower version at low severity', async () => {
    const findings = await diffFindings('package.json', packageJson({ express: '^4.19.2' }), packageJson({ express: '^4.17.1' }), { ruleId: id });
    assert.deepEqual(brief(findings), [`5:${id}:low`]);
    assert.equal(findings[0].message, 'express downgraded from ^4.19.2 to ^4.17.1');
  });
  it('reads requirements pins', async () => {
    assert.equal((await diffFindings('requirements.txt', 'django==4.2.11\n', 'django==3.2.0\n', { ruleId: id })).length, 1);
  });
  it('stays quiet on upgrades and on specs it cannot compare', async () => {
    assert.deepEqual(await diffFindings('package.json', packageJson({ a: '^1.0.0', b: 'latest' }), packageJson({ a: '^1.1.0', b: '^2.0.0' }), { ruleId: id }), []);
  });
});
