import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, diffFindings, packageJson, scanFindings } from './helpers';

describe('dependencies/new-dependency', () => {
  it('reports each added dependency at low severity on its line', async () => {
    const findings = await diffFindings('package.json', packageJson({ express: '^4.18.0' }), packageJson({ express: '^4.18.0', zod: '^3.23.0' }), { ruleId: 'dependencies/new-dependency' });
    assert.deepEqual(brief(findings), ['6:dependencies/new-dependency:low']);
    assert.match(findings[0].message, /zod/);
    assert.match(findings[0].explanation, /who publishes it/);
  });

  it('reports every dependency of a new manifest', async () => {
    const findings = await diffFindings('requirements.txt', undefined, 'flask==3.0\nrequests==2.32.0\n', { ruleId: 'dependencies/new-dependency' });
    assert.deepEqual(brief(findings), ['1:dependencies/new-dependency:low', '2:dependencies/new-dependency:low']);
  });

  it('stays quiet on version bumps, moves between sections, and in scan mode', async () => {
    assert.deepEqual(await diffFindings('package.json', packageJson({ zod: '^3.22.0' }), packageJson({ zod: '^3.23.0' }), { ruleId: 'dependencies/new-dependency' }), []);
    const moved = await diffFindings('package.json', packageJson({ zod: '^3.22.0' }), packageJson({}, { devDependencies: { zod: '^3.22.0' } }), { ruleId: 'dependencies/new-dependency' });
    assert.deepEqual(moved, []);
    assert.deepEqual(await scanFindings('package.json', packageJson({ zod: '^3.23.0' }), { ruleId: 'dependencies/new-dependency' }), []);
  });

  it('does not list lockfile entries one by one', async () => {
    const lock = (deps: Record<string, string>) => JSON.stringify({ lockfileVersion: 3, packages: Object.fromEntries(Object.entries(deps).map(([n, v]) => [`node_modules/${n}`, { version: v, resolved: `https://registry.npmjs.org/${n}/-/${n}-${v}.tgz`, integrity: 'sha512-x' }])) }, null, 2);
    assert.deepEqual(await diffFindings('package-lock.json', lock({ a: '1.0.0' }), lock({ a: '1.0.0', zod: '3.23.0' }), { ruleId: 'dependencies/new-dependency' }), []);
  });
});
