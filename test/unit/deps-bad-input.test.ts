import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyzeManifest } from '../../src/core/deps/analysis';
import { parseManifest } from '../../src/core/deps/manifest';
import type { ManifestKind } from '../../src/core/deps/types';
import { allRules } from '../../src/core/rules/index';
import { scanTextChange } from '../../src/core/scan/diffScan';
import { scanText } from '../../src/core/scan/engine';

const KINDS: [ManifestKind, string][] = [
  ['package.json', 'package.json'], ['package-lock.json', 'package-lock.json'], ['yarn.lock', 'yarn.lock'], ['pnpm-lock.yaml', 'pnpm-lock.yaml'],
  ['composer.json', 'composer.json'], ['requirements.txt', 'requirements.txt'], ['pyproject.toml', 'pyproject.toml'], ['Pipfile', 'Pipfile'],
  ['setup.cfg', 'setup.cfg'], ['setup.py', 'setup.py'], ['uv.toml', 'uv.toml'], ['pip.conf', 'pip.conf'], ['go.mod', 'go.mod'],
  ['Cargo.toml', 'Cargo.toml'], ['build.rs', 'build.rs'], ['Gemfile', 'Gemfile'], ['pom.xml', 'pom.xml'], ['build.gradle', 'build.gradle'],
  ['csproj', 'App.csproj'], ['.npmrc', '.npmrc'], ['.yarnrc.yml', '.yarnrc.yml'],
];

const HOSTILE: [string, string][] = [
  ['empty', ''],
  ['binary-ish', '\u0000\u0001\u0002\uFFFD'.repeat(1000)],
  ['broken JSON', '{"dependencies": {"a": "1",,, '],
  ['broken TOML', '[project\ndependencies = ["a"'],
  ['broken XML', '<project><dependency><artifactId>x</dependency>'],
  ['broken YAML', 'packages:\n  - [unclosed\n  key: : :\n'],
  ['deep nesting', '['.repeat(5000) + ']'.repeat(5000)],
  ['deep JSON objects', '{"overrides":' + '{"a":'.repeat(3000) + '"1"' + '}'.repeat(3000) + '}'],
  ['control characters', 'requests\u0000==1\n{"dependencies":{"a\u0007b":"1"}}'],
  ['one 100,000-character line', 'a'.repeat(100_000)],
  ['YAML alias bomb', 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\npackages: *d\n'],
  ['XML entity', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><project>&b;</project>'],
];

describe('bad input never crashes a parser', () => {
  for (const [kind] of KINDS) {
    for (const [label, text] of HOSTILE) {
      it(`${kind}: ${label}`, () => {
        const started = performance.now();
        const manifest = parseManifest(kind, text);
        assert.ok(Array.isArray(manifest.dependencies));
        assert.ok(performance.now() - started < 3000, `${kind} took too long on ${label}`);
      });
    }
  }
});

describe('bad input through the rules', () => {
  const rules = allRules.filter((r) => r.meta.category === 'dependency');

  it('a broken package.json becomes a clear finding, not an error; what could be read is still checked', async () => {
    const result = await scanTextChange({ path: 'package.json', before: '{"dependencies":{}}', after: '{"dependencies": {"a-made-up-pkg": "1",' }, { rules });
    assert.deepEqual(result.ruleErrors, []);
    const unreadable = result.findings.find((f) => f.ruleId === 'dependencies/unreadable-manifest');
    assert.match(unreadable?.message ?? '', /not valid JSON/);
    assert.ok(result.findings.some((f) => f.ruleId === 'dependencies/new-dependency'));
  });

  it('duplicate keys: the last one wins, as npm reads it, and the first is not lost', () => {
    const analysis = analyzeManifest('package.json', '{"dependencies":{"left-pad":"1.0.0","left-pad":"github:evil/left-pad"}}', '{"dependencies":{}}', 'diff');
    assert.deepEqual(analysis.added.map((d) => d.spec), ['1.0.0', 'github:evil/left-pad']);
  });

  it('hostile names are reported as malformed, never as packages to look up', async () => {
    const names = ['bad\u0000name', '..\\..\\evil', '../../../etc/passwd', 'x'.repeat(10_000), 'right\u202eleft'];
    const after = JSON.stringify({ dependencies: Object.fromEntries(names.map((n) => [n, '1.0.0'])) }, null, 2);
    const asked: string[] = [];
    const result = await scanTextChange({ path: 'package.json', before: '{}', after }, { rules, registry: { lookup: async (_e, n) => (asked.push(n), undefined) } });
    assert.deepEqual(result.ruleErrors, []);
    assert.deepEqual(asked, []);
    const malformed = result.findings.filter((f) => f.ruleId === 'dependencies/unreadable-manifest');
    assert.equal(malformed.length, names.length);
    for (const finding of result.findings) {
      assert.ok(finding.message.length < 400, 'message is cut');
      assert.ok(!/[\u0000\u202e]/.test(finding.message), 'control characters escaped');
    }
  });

  it('huge version ranges are compared without blowing up', async () => {
    const huge = `>=1.0.0 ${'|| ^1.0.0 '.repeat(20_000)}`;
    const started = performance.now();
    const result = await scanTextChange({ path: 'package.json', before: '{"dependencies":{"a":"^1.0.0"}}', after: JSON.stringify({ dependencies: { a: huge, b: huge } }) }, { rules });
    assert.deepEqual(result.ruleErrors, []);
    assert.ok(performance.now() - started < 3000);
  });

  it('a multi-MB manifest is analysed within the budget or cut short with a marker', async () => {
    const deps: Record<string, string> = {};
    for (let i = 0; i < 60_000; i++) deps[`pkg-${i}`] = `^${i % 10}.0.0`;
    const text = JSON.stringify({ dependencies: deps }, null, 2);
    assert.ok(text.length > 1_500_000);
    const result = await scanText('package.json', text, { rules, timeBudgetMs: 20_000 });
    assert.deepEqual(result.ruleErrors, []);
    assert.ok(result.findings.some((f) => /more than 50000 entries/.test(f.message)));
  });
});
