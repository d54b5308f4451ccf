import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unpinnedReason } from '../../../src/core/deps/specs';
import { diffFindings, packageJson } from './helpers';

const id = 'dependencies/unpinned';

describe('dependencies/unpinned', () => {
  for (const spec of ['*', 'latest', '>=1.0.0', '', 'next', '>= 2']) {
    it(`reports '${spec}'`, async () => {
      const findings = await diffFindings('package.json', packageJson({}), packageJson({ thing: spec }), { ruleId: id });
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'low');
    });
  }
  for (const spec of ['^1.2.3', '~1.2.3', '1.2.3', '>=1.0.0 <2.0.0', '1.x || 2.x']) {
    it(`accepts '${spec}'`, async () => {
      assert.deepEqual(await diffFindings('package.json', packageJson({}), packageJson({ thing: spec }), { ruleId: id }), []);
    });
  }

  it('reports git branches and accepts full commit hashes', async () => {
    const findings = await diffFindings('package.json', packageJson({}), packageJson({ a: 'github:me/a#main', b: `github:me/b#${'a'.repeat(40)}` }), { ruleId: id });
    assert.deepEqual(findings.map((f) => f.message), ['a follows a git branch, not a fixed commit']);
  });

  it('reads PEP 440 ranges in requirements.txt', async () => {
    const findings = await diffFindings('requirements.txt', '', 'a>=1.0\nb>=1.0,<2\nc~=1.4\nd==1.0\ne\n', { ruleId: id });
    assert.deepEqual(findings.map((f) => f.range.startLine), [1, 5]);
  });

  it('never reads past a huge range', () => {
    assert.equal(unpinnedReason(`>=1 ${'<2 '.repeat(100_000)}`), undefined);
  });
});
