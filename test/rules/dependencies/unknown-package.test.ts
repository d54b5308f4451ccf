import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { PackageRegistry, RegistryAnswer } from '../../../src/core/deps/online';
import { diffFindings, memoryProject, packageJson } from './helpers';

const fakeRegistry = (answers: Record<string, RegistryAnswer | undefined>): PackageRegistry & { asked: string[] } => {
  const asked: string[] = [];
  return {
    asked,
    lookup: async (_ecosystem, name) => {
      asked.push(name);
      return answers[name];
    },
  };
};

describe('dependencies/unknown-package', () => {
  it('reports a name that is neither popular nor locked, at medium, with the words to verify it', async () => {
    const findings = await diffFindings('package.json', packageJson({}), packageJson({ 'fast-json-sanitizer-pro': '^1.0.0' }), { ruleId: 'dependencies/unknown-package' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'medium');
    assert.match(findings[0].message, /verify that this package exists and is the one you meant/);
  });

  it('stays quiet for popular names, typosquats (reported as such), own-scope packages and names already locked', async () => {
    const run = (after: string, project?: ReturnType<typeof memoryProject>) => diffFindings('package.json', packageJson({}, { name: '@acme/app' }), after, { ruleId: 'dependencies/unknown-package', project });
    assert.deepEqual(await run(packageJson({ zod: '^3.0.0' }, { name: '@acme/app' })), []);
    assert.deepEqual(await run(packageJson({ expresss: '^4.0.0' }, { name: '@acme/app' })), []);
    assert.deepEqual(await run(packageJson({ '@acme/utils': 'workspace:*', '@acme/other': '^1.0.0' }, { name: '@acme/app' })), []);
    const project = memoryProject({}, { 'package-lock.json': '{"packages":{"node_modules/internal-thing":{"version":"1.0.0"}}}' });
    assert.deepEqual(await run(packageJson({ 'internal-thing': '^1.0.0' }, { name: '@acme/app' }), project), []);
  });

  it('works for PyPI names', async () => {
    const findings = await diffFindings('requirements.txt', 'requests==2.32.0\n', 'requests==2.32.0\nhuggingface-hub-utils-pro==0.1\n', { ruleId: 'dependencies/unknown-package' });
    assert.equal(findings.length, 1);
    assert.equal(findings[0].range.startLine, 2);
  });

  describe('with the online check', () => {
    const day = 24 * 3600 * 1000;
    it('a name the registry does not have is critical', async () => {
      const registry = fakeRegistry({ 'made-up-helper-lib': { exists: false } });
      const findings = await diffFindings('package.json', packageJson({}), packageJson({ 'made-up-helper-lib': '^1.0.0' }), { ruleId: 'dependencies/unknown-package', registry });
      assert.equal(findings[0].severity, 'critical');
      assert.match(findings[0].message, /does not exist/);
      assert.deepEqual(registry.asked, ['made-up-helper-lib']);
    });
    it('a package published days ago, or barely downloaded, is high', async () => {
      const registry = fakeRegistry({ 'freshly-minted-lib': { exists: true, created: new Date(Date.now() - 3 * day) }, 'quietly-used-lib': { exists: true, created: new Date(Date.now() - 400 * day), monthlyDownloads: 12 } });
      const findings = await diffFindings('package.json', packageJson({}), packageJson({ 'freshly-minted-lib': '1.0.0', 'quietly-used-lib': '1.0.0' }), { ruleId: 'dependencies/unknown-package', registry });
      assert.deepEqual(findings.map((f) => [f.severity, /3 days ago|12 downloads/.test(f.message)]), [['high', true], ['high', true]]);
    });
    it('an established package is not reported; an unanswered lookup falls back to the offline verdict', async () => {
      const registry = fakeRegistry({ 'settled-old-lib': { exists: true, created: new Date(Date.now() - 900 * day), monthlyDownloads: 50_000 } });
      const findings = await diffFindings('package.json', packageJson({}), packageJson({ 'settled-old-lib': '1.0.0', 'offline-only-lib': '1.0.0' }), { ruleId: 'dependencies/unknown-package', registry });
      assert.deepEqual(findings.map((f) => [f.severity, f.message.split(' ')[0]]), [['medium', 'offline-only-lib']]);
    });
  });
});
