import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { brief, diffFindings, packageJson, scanFindings } from './helpers';

const id = 'dependencies/unsafe-source';
const lock = (entries: Record<string, Record<string, unknown>>) => JSON.stringify({ lockfileVersion: 3, packages: Object.fromEntries(Object.entries(entries).map(([n, e]) => [`node_modules/${n}`, e])) }, null, 2);
const npmEntry = (name: string, version = '1.0.0') => ({ version, resolved: `https://registry.npmjs.org/${name}/-/${name}-${version}.tgz`, integrity: 'sha512-x' });

describe('dependencies/unsafe-source', () => {
  const specs: [string, string, string][] = [
    ['git', 'git+https://github.com/someone/thing.git#main', 'high'],
    ['GitHub shorthand', 'someone/thing', 'high'],
    ['tarball', 'https://files.example/thing-1.0.0.tgz', 'high'],
    ['file', 'file:../thing', 'medium'],
    ['link', 'link:../thing', 'medium'],
    ['npm alias', 'npm:other-thing@1.0.0', 'medium'],
  ];
  for (const [kind, spec, severity] of specs) {
    it(`reports a ${kind} dependency at ${severity}`, async () => {
      const findings = await diffFindings('package.json', packageJson({}), packageJson({ thing: spec }), { ruleId: id });
      assert.deepEqual(brief(findings), [`5:${id}:${severity}`]);
    });
  }

  it('reports requirements.txt VCS lines and URL requirements, and a changed index URL', async () => {
    const after = 'flask==3.0\n-e git+https://github.com/me/pkg.git@main#egg=pkg\nname @ https://files.example/name-1.0.tar.gz\n--extra-index-url https://pypi.corp.example/simple\n';
    assert.deepEqual(brief(await diffFindings('requirements.txt', 'flask==3.0\n', after, { ruleId: id })), [`2:${id}:high`, `3:${id}:high`, `4:${id}:high`]);
  });

  it('reports a registry change in .npmrc, .yarnrc.yml, pip.conf and pyproject.toml, but not the default registry', async () => {
    assert.equal((await diffFindings('.npmrc', '', 'registry=https://npm.evil.example/\n', { ruleId: id })).length, 1);
    assert.deepEqual(await diffFindings('.npmrc', '', 'registry=https://registry.npmjs.org/\n', { ruleId: id }), []);
    assert.equal((await diffFindings('.yarnrc.yml', 'nodeLinker: pnp\n', 'nodeLinker: pnp\nnpmRegistryServer: "https://evil.example"\n', { ruleId: id })).length, 1);
    assert.equal((await diffFindings('pip.conf', '[global]\n', '[global]\nindex-url = https://evil.example/simple\n', { ruleId: id })).length, 1);
    assert.equal((await diffFindings('pyproject.toml', '[tool.uv]\n', '[tool.uv]\nextra-index-url = ["https://evil.example/simple"]\n', { ruleId: id })).length, 1);
  });

  it('reports lockfile entries fetched off the registry or without integrity', async () => {
    const before = lock({ a: npmEntry('a') });
    const after = lock({ a: npmEntry('a'), b: { version: '1.0.0', resolved: 'https://evil.example/b-1.0.0.tgz', integrity: 'sha512-y' }, c: { version: '1.0.0', resolved: 'https://registry.npmjs.org/c/-/c-1.0.0.tgz' } });
    const findings = await diffFindings('package-lock.json', before, after, { ruleId: id });
    assert.deepEqual(findings.map((f) => f.message), ['Locked package b is fetched from evil.example, not from the registry', 'Locked package c has no integrity hash']);
  });

  it('accepts the registry host the old lockfile already used (a company registry)', async () => {
    const corp = (n: string) => ({ version: '1.0.0', resolved: `https://npm.corp.example/${n}.tgz`, integrity: 'sha512-z' });
    assert.deepEqual(await diffFindings('package-lock.json', lock({ a: corp('a') }), lock({ a: corp('a'), b: corp('b') }), { ruleId: id }), []);
  });

  it('reports off-registry sources in yarn.lock and pnpm-lock.yaml', async () => {
    const yarn = 'left-pad@^1.0.0:\n  version "1.3.0"\n  resolved "https://evil.example/left-pad.tgz"\n  integrity sha512-x\n';
    assert.equal((await diffFindings('yarn.lock', '', yarn, { ruleId: id })).length, 1);
    const pnpm = "lockfileVersion: '9.0'\npackages:\n  evil@1.0.0:\n    resolution: {tarball: https://evil.example/evil.tgz, integrity: sha512-x}\n";
    assert.equal((await diffFindings('pnpm-lock.yaml', "lockfileVersion: '9.0'\n", pnpm, { ruleId: id })).length, 1);
  });

  it('in a plain scan reports git sources, plain-http registries and extra indexes, not the usual registry', async () => {
    assert.equal((await scanFindings('package.json', packageJson({ thing: 'github:someone/thing' }), { ruleId: id })).length, 1);
    assert.deepEqual(brief(await scanFindings('.npmrc', 'registry=http://npm.example/\n', { ruleId: id })), [`1:${id}:high`]);
    assert.deepEqual(brief(await scanFindings('requirements.txt', '--extra-index-url https://corp.example/simple\nflask\n', { ruleId: id })), [`1:${id}:medium`]);
    assert.deepEqual(await scanFindings('.npmrc', 'registry=https://npm.corp.example/\n', { ruleId: id }), []);
    assert.deepEqual(await scanFindings('package.json', packageJson({ express: '^4.18.0' }), { ruleId: id }), []);
  });
});
