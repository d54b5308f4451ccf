import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { popularSet } from '../../src/core/deps/popular';
import { TyposquatIndex, affixCore, editDistance, skeleton } from '../../src/core/deps/typosquat';
import type { Ecosystem } from '../../src/core/deps/types';
import { typosquatIndex } from '../../src/core/rules/dependencies/shared';

interface KnownSquat {
  name: string;
  target: string;
  source: string;
}
const known = JSON.parse(readFileSync(path.join(__dirname, '../fixtures/deps/known-typosquats.json'), 'utf8')) as Record<'npm' | 'pypi', KnownSquat[]>;

describe('popular data', () => {
  it('ships at least 10,000 npm and 5,000 PyPI names, most popular first', () => {
    assert.ok(popularSet('npm').names.length >= 10_000);
    assert.ok(popularSet('pypi').names.length >= 5_000);
    assert.ok(popularSet('npm').rank('lodash')! < 500);
    assert.equal(popularSet('pypi').rank('boto3'), 1);
  });

  it('folds PyPI names as PEP 503 does and keeps the list spelling', () => {
    const pypi = popularSet('pypi');
    assert.ok(pypi.has('pyyaml') && pypi.has('PyYAML') && pypi.has('python_dateutil'));
    assert.equal(pypi.spelling('python-dateutil'), 'python-dateutil');
  });

  it('records its source and date', () => {
    const sources = JSON.parse(readFileSync(path.join(__dirname, '../../data/popular/SOURCES.json'), 'utf8'));
    for (const ecosystem of ['npm', 'pypi']) {
      assert.match(sources[ecosystem].built, /^\d{4}-\d{2}-\d{2}$/);
      assert.ok(sources[ecosystem].source.length > 10);
    }
  });
});

describe('typosquat index', () => {
  it('folds homoglyphs, separators and scopes', () => {
    assert.equal(skeleton('jeIlyfish'), 'jellyfish');
    assert.equal(skeleton('c0l0rama'), 'colorama');
    assert.equal(skeleton('@Types/node'), 'typesnode');
    assert.equal(affixCore('python3-dateutil'), 'dateutil');
    assert.equal(affixCore('cross-env.js'), 'crossenv');
    assert.equal(editDistance('reqeusts', 'requests'), 1);
    assert.equal(editDistance('abc', 'xyz', 1), 2);
  });

  const cases: [Ecosystem, string, string, string][] = [
    ['npm', 'expresss', 'express', 'doubled letter'],
    ['npm', 'loadsh', 'lodash', 'swapped letters'],
    ['npm', 'crossenv', 'cross-env', 'separator'],
    ['npm', 'cross-env.js', 'cross-env', 'affix'],
    ['npm', '@types-node/x', '@types/node', 'scope'],
    ['npm', 'rnocha', 'mocha', 'homoglyph'],
    ['pypi', 'reqeusts', 'requests', 'swapped letters'],
    ['pypi', 'jeIlyfish', 'jellyfish', 'homoglyph'],
    ['pypi', 'python3-dateutil', 'python-dateutil', 'extra letter'],
    ['pypi', 'py-requests', 'requests', 'affix'],
  ];
  for (const [ecosystem, name, target, technique] of cases) {
    it(`${ecosystem}: ${name} imitates ${target} (${technique})`, () => {
      const match = typosquatIndex(ecosystem).lookup(name);
      assert.equal(match?.target, target);
      assert.equal(match?.technique, technique);
    });
  }

  it('never reports a popular name, a name under a known scope, or @types', () => {
    const index = typosquatIndex('npm');
    for (const name of ['react', 'zod', '@babel/core', '@babel/not-a-real-one', '@types/whatever-thing']) assert.equal(index.lookup(name), undefined, name);
  });

  it('ignores hostile names', () => {
    const index = typosquatIndex('npm');
    for (const name of ['', 'a'.repeat(10_000), 'expr\u0000ess', '../../etc/passwd', 'lodash\u202e']) assert.equal(index.lookup(name), undefined);
  });

  it('works on a small list of its own', () => {
    const index = new TyposquatIndex({ ...popularSet('npm'), names: ['alpha-beta', 'gamma'], has: (n) => n === 'alpha-beta' || n === 'gamma', rank: (n) => (n === 'alpha-beta' ? 1 : n === 'gamma' ? 2 : undefined), spelling: (n) => n });
    assert.equal(index.lookup('alphabeta')?.target, 'alpha-beta');
    assert.equal(index.lookup('gamma'), undefined);
  });
});

describe('false alarms on popular names', () => {
  const top = (ecosystem: Ecosystem, n: number) => popularSet(ecosystem).names.slice(0, n);
  it('none of the 5,000 most popular npm names is a typosquat', () => {
    const index = typosquatIndex('npm');
    const flagged = top('npm', 5000).filter((name) => index.lookup(name));
    assert.deepEqual(flagged, []);
  });
  it('none of the 2,000 most popular PyPI names is a typosquat (as listed, lower-cased, or with _ for -)', () => {
    const index = typosquatIndex('pypi');
    const flagged = top('pypi', 2000).flatMap((name) => [name, name.toLowerCase(), name.replace(/-/g, '_')]).filter((name) => index.lookup(name));
    assert.deepEqual(flagged, []);
  });
});

describe('recall on typosquats from public reports', () => {
  for (const ecosystem of ['npm', 'pypi'] as const) {
    it(`${ecosystem}: finds most documented typosquats`, () => {
      const index = typosquatIndex(ecosystem);
      const misses: string[] = [];
      let found = 0;
      for (const squat of known[ecosystem]) {
        const match = index.lookup(squat.name);
        if (match) found++;
        else misses.push(squat.name);
      }
      const recall = found / known[ecosystem].length;
      console.log(`# ${ecosystem} typosquat recall: ${found}/${known[ecosystem].length} (${(recall * 100).toFixed(0)}%); missed: ${misses.join(', ') || 'none'}`);
      assert.ok(recall >= 0.75, `recall ${recall}`);
    });
  }
});

describe('lookup cost', () => {
  it('answers 20,000 lookups in a few seconds at most once built (shared, loaded CPU)', () => {
    const index = typosquatIndex('npm');
    index.lookup('warm-up');
    const names = popularSet('npm').names.slice(0, 10_000).map((n) => `${n}x`);
    const started = performance.now();
    for (const name of names) index.lookup(name);
    for (const name of names) index.lookup(name.slice(1));
    const elapsed = performance.now() - started;
    console.log(`# typosquat lookups: ${Math.round(20_000 / (elapsed / 1000)).toLocaleString('en-US')} per second`);
    assert.ok(elapsed < 4000, `${elapsed} ms`);
  });
});
