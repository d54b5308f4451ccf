import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { diffFindings, packageJson, scanFindings } from './helpers';

const id = 'dependencies/unreadable-manifest';

describe('dependencies/unreadable-manifest', () => {
  const broken: [string, string][] = [
    ['package.json', '{ "dependencies": { "a": "1", '],
    ['pyproject.toml', '[project\ndependencies = ['],
    ['pom.xml', '<project><dependencies><dependency>'],
    ['pnpm-lock.yaml', 'packages:\n  a: [\n'],
    ['Cargo.toml', '[dependencies]\nserde = \n'],
  ];
  for (const [path, text] of broken) {
    it(`reports a broken ${path} that the change broke`, async () => {
      const findings = await diffFindings(path, undefined, text, { ruleId: id });
      assert.equal(findings.length, 1, path);
      assert.equal(findings[0].severity, 'medium');
    });
  }

  it('does not repeat a problem the file already had', async () => {
    assert.deepEqual(await diffFindings('package.json', '{ broken', '{ broken\n', { ruleId: id }), []);
  });

  it('turns hostile names into a finding instead of checking them', async () => {
    const hostile = packageJson({ 'evil\u0000name': '1.0.0', '../../etc/passwd': '1.0.0', ['a'.repeat(10_000)]: '1.0.0' });
    const findings = await scanFindings('package.json', hostile, { ruleId: id });
    assert.equal(findings.length, 3);
    for (const finding of findings) assert.ok(finding.message.length < 300 && !finding.message.includes('\u0000'));
  });
});
