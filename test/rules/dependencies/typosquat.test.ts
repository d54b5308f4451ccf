import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, diffFindings, packageJson, scanFindings } from './helpers';

describe('dependencies/typosquat', () => {
  const invalid: [string, string, string, string, string][] = [
    ['package.json', packageJson({ express: '^4.18.0' }), packageJson({ express: '^4.18.0', expresss: '^4.18.0' }), 'express', '6'],
    ['requirements.txt', 'flask==3.0\n', 'flask==3.0\nreqeusts>=2.31\n', 'requests', '2'],
    ['pyproject.toml', '[project]\ndependencies = []\n', '[project]\ndependencies = [\n  "python3-dateutil",\n]\n', 'python-dateutil', '3'],
    ['Pipfile', '[packages]\n', '[packages]\njeIlyfish = "*"\n', 'jellyfish', '2'],
    ['package.json', packageJson({}), packageJson({ crossenv: '^7.0.0' }), 'cross-env', '5'],
    ['package.json', packageJson({}), packageJson({ lodash: 'npm:loadsh@4.17.21' }), 'lodash', '5'],
  ];
  for (const [path, before, after, target, line] of invalid) {
    it(`reports a squat of ${target} in ${path} on line ${line}`, async () => {
      const findings = await diffFindings(path, before, after, { ruleId: 'dependencies/typosquat' });
      assert.equal(findings.length, 1, JSON.stringify(brief(findings)));
      assert.equal(findings[0].severity, 'high');
      assert.equal(String(findings[0].range.startLine), line);
      assert.match(findings[0].message, new RegExp(`typosquat of ${target.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
      assert.match(findings[0].explanation, /who publishes it/);
    });
  }

  it('reports new lockfile packages that squat, but not new versions of known ones', async () => {
    const lock = (deps: Record<string, string>) => JSON.stringify({ lockfileVersion: 3, packages: Object.fromEntries(Object.entries(deps).map(([n, v]) => [`node_modules/${n}`, { version: v, resolved: `https://registry.npmjs.org/${n}/-/${n}-${v}.tgz`, integrity: 'sha512-x' }])) }, null, 2);
    const findings = await diffFindings('package-lock.json', lock({ lodahs: '1.0.0' }), lock({ lodahs: '1.0.1', mongose: '1.0.0' }), { ruleId: 'dependencies/typosquat' });
    assert.deepEqual(findings.map((f) => [f.severity, f.message]), [['medium', 'mongose looks like a typosquat of mongoose (drops a letter)']]);
    assert.deepEqual(await scanFindings('package-lock.json', lock({ mongose: '1.0.0' }), { ruleId: 'dependencies/typosquat' }), []);
  });

  it('reports typosquats in a plain scan too', async () => {
    const findings = await scanFindings('package.json', packageJson({ 'electorn': '^30.0.0' }), { ruleId: 'dependencies/typosquat' });
    assert.match(findings[0].message, /typosquat of electron/);
  });

  const valid: [string, string][] = [
    ['a popular package', packageJson({ express: '^4.18.0', react: '^18.0.0', '@babel/core': '^7.0.0' })],
    ['a git dependency (reported elsewhere)', packageJson({ expresss: 'github:someone/expresss' })],
    ['a scoped package of a known scope', packageJson({ '@babel/corex': '1.0.0' })],
  ];
  for (const [name, text] of valid) {
    it(`does not report ${name}`, async () => {
      assert.deepEqual(await diffFindings('package.json', packageJson({}), text, { ruleId: 'dependencies/typosquat' }), []);
    });
  }
});
