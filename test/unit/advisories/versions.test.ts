import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { compareComposer } from '../../../src/core/deps/advisories/composer';
import { matchAdvisories, versionFixingAll } from '../../../src/core/deps/advisories/match';
import { compareMaven } from '../../../src/core/deps/advisories/maven';
import { compareNuGet } from '../../../src/core/deps/advisories/nuget';
import type { AdvisoryEntry, AdvisoryRange } from '../../../src/core/deps/advisories/types';
import type { VersionSchemes } from '../../../src/core/deps/advisories/versions';
import { loadVersionSchemes } from '../../../src/core/deps/advisories/versions';
import type { Ecosystem } from '../../../src/core/deps/types';

let schemes: VersionSchemes;
before(async () => {
  schemes = await loadVersionSchemes();
});

function advisory(ranges: AdvisoryRange[], versions: string[] = []): AdvisoryEntry {
  return { id: 'GHSA-test-test-test', aliases: [], summary: 'test', severity: 'high', severitySource: 'database', ranges, versions };
}
const eco = (...events: AdvisoryRange['events']): AdvisoryRange => ({ type: 'ECOSYSTEM', events });
const sem = (...events: AdvisoryRange['events']): AdvisoryRange => ({ type: 'SEMVER', events });

/** The fixed version the match names, `-` for affected without a fix, undefined for not affected. */
function verdict(ecosystem: Ecosystem, version: string, entry: AdvisoryEntry): string | undefined {
  const [match] = matchAdvisories(ecosystem, version, [entry], schemes);
  return match ? (match.fixed ?? '-') : undefined;
}

function table(ecosystem: Ecosystem, entry: AdvisoryEntry, rows: Record<string, string | undefined>): void {
  for (const [version, expected] of Object.entries(rows)) {
    assert.equal(verdict(ecosystem, version, entry), expected, `${ecosystem} ${version}`);
  }
}

describe('version-range matching per ecosystem', () => {
  it('npm: semver order, two ranges (minimist), pre-releases sort before their release', () => {
    const minimist = advisory([sem({ introduced: '0' }, { fixed: '0.2.4' }), sem({ introduced: '1.0.0' }, { fixed: '1.2.6' })]);
    table('npm', minimist, {
      '0.0.8': '0.2.4',
      '0.2.4': undefined,
      '0.2.10': undefined, // numeric, not string, order: 0.2.10 > 0.2.4
      '1.0.0': '1.2.6',
      '1.2.6-beta.1': '1.2.6',
      '1.2.5': '1.2.6',
      '1.2.6': undefined,
      '1.10.0': undefined,
    });
  });

  it('PyPI: PEP 440 order: pre, post and dev releases, epochs, normalisation', () => {
    const requests = advisory([eco({ introduced: '2.3.0' }, { fixed: '2.31.0' })]);
    table('pypi', requests, {
      '2.2.1': undefined,
      '2.3': '2.31.0', // 2.3 == 2.3.0
      '2.25.0': '2.31.0',
      '2.31.0rc1': '2.31.0', // a pre-release of the fix is still affected
      '2.31.0.dev3': '2.31.0',
      '2.31.0': undefined,
      '2.31.0.post1': undefined,
      '1!0.1': undefined, // epoch 1 sorts after every epoch-0 version
    });
    const werkzeug = advisory([eco({ introduced: '0' }, { fixed: '0.15.3' })], ['0.15.0']);
    table('pypi', werkzeug, { '0.15.2': '0.15.3', '0.15.3': undefined });
  });

  it('Go: module versions with a v prefix, pseudo-versions and +incompatible', () => {
    const text = advisory([sem({ introduced: '0' }, { fixed: '0.3.7' })]);
    table('go', text, {
      'v0.3.6': '0.3.7',
      '0.3.6': '0.3.7',
      'v0.3.7': undefined,
      'v0.3.7-0.20210503195748-5c7c50ebbd4f': '0.3.7', // a pseudo-version before the v0.3.7 tag
      'v0.3.8-0.20211105212822-18b340fc7af2': undefined,
    });
    const incompatible = advisory([sem({ introduced: '2.0.0' }, { fixed: '2.1.0' })]);
    table('go', incompatible, { 'v2.0.5+incompatible': '2.1.0', 'v2.1.0+incompatible': undefined });
  });

  it('crates.io: semver order across two ranges (smallvec)', () => {
    const smallvec = advisory([sem({ introduced: '0.6.3' }, { fixed: '0.6.14' }), sem({ introduced: '1.0.0' }, { fixed: '1.6.1' })]);
    table('cargo', smallvec, { '0.6.2': undefined, '0.6.3': '0.6.14', '0.6.14': undefined, '0.7.0': undefined, '1.6.0': '1.6.1', '1.6.1': undefined, '1.13.2': undefined });
  });

  it('RubyGems: Gem::Version order: 1.13.4.rc1 is before 1.13.4, segments compare numerically', () => {
    const nokogiri = advisory([eco({ introduced: '0' }, { fixed: '1.13.4' })]);
    table('rubygems', nokogiri, { '1.13.3': '1.13.4', '1.13.4.rc1': '1.13.4', '1.13.4': undefined, '1.13.10': undefined, '1.9.1': '1.13.4' });
  });

  it('Maven: ComparableVersion order (qualifiers, beta9 < 2.0, 2.12.1 in the middle range)', () => {
    const log4j = advisory([eco({ introduced: '2.0-beta9' }, { fixed: '2.3.1' }), eco({ introduced: '2.4' }, { fixed: '2.12.2' }), eco({ introduced: '2.13.0' }, { fixed: '2.15.0' })]);
    table('maven', log4j, {
      '2.0-beta8': undefined,
      '2.0-beta9': '2.3.1',
      '2.0-rc1': '2.3.1',
      '2.0': '2.3.1',
      '2.3.1': undefined,
      '2.3.2': undefined, // between ranges
      '2.12.1': '2.12.2',
      '2.12.2': undefined,
      '2.14.1': '2.15.0',
      '2.15.0': undefined,
      '2.15.0-SNAPSHOT': '2.15.0',
      '2.17.1': undefined,
    });
  });

  it('NuGet: four-part versions, missing parts are zero, pre-releases before release', () => {
    const json = advisory([eco({ introduced: '0' }, { fixed: '13.0.1' })]);
    table('nuget', json, { '12.0.3': '13.0.1', '13.0.1-beta1': '13.0.1', '13.0.1': undefined, '13.0.1.0': undefined, '13.0.0.5': '13.0.1', '13.0.3': undefined });
  });

  it('Packagist: Composer order (RC before release, patch after, v prefix)', () => {
    const guzzle = advisory([eco({ introduced: '0' }, { fixed: '6.5.6' }), eco({ introduced: '7.0.0' }, { fixed: '7.4.3' })]);
    table('packagist', guzzle, {
      '6.5.5': '6.5.6',
      'v6.5.5': '6.5.6',
      '6.5.6': undefined,
      '7.0.0-RC1': undefined, // before 7.0.0: in neither range
      '7.0': '7.4.3', // Composer reads 7.0 as 7.0.0.0
      '7.4.3-RC1': '7.4.3',
      '7.4.2': '7.4.3',
      '7.4.3': undefined,
      '7.4.3-p1': undefined,
    });
  });

  it('last_affected closes a range after the version, and a listed version counts even without a range', () => {
    const lastAffected = advisory([eco({ introduced: '1.0.0' }, { last_affected: '1.4.2' })]);
    table('pypi', lastAffected, { '1.4.2': '-', '1.4.3': undefined, '0.9': undefined });
    table('npm', advisory([], ['2.0.0']), { '2.0.0': '-', '2.0.1': undefined });
  });

  it('events in any order, and a range whose versions the scheme cannot read is skipped, not guessed', () => {
    table('npm', advisory([sem({ fixed: '1.2.6' }, { introduced: '1.0.0' })]), { '1.1.0': '1.2.6', '1.2.6': undefined });
    table('npm', advisory([sem({ introduced: '0' }, { fixed: 'not-a-version' })]), { '1.0.0': undefined });
  });

  it('the version fixing every match is the highest fix; none when one advisory has no fix', () => {
    const a = { ...advisory([sem({ introduced: '0' }, { fixed: '4.17.21' })]), id: 'A' };
    const b = { ...advisory([sem({ introduced: '3.7.0' }, { fixed: '4.17.19' })]), id: 'B' };
    const c = { ...advisory([sem({ introduced: '0' })]), id: 'C' };
    assert.equal(versionFixingAll('npm', matchAdvisories('npm', '4.17.15', [a, b], schemes), schemes), '4.17.21');
    assert.equal(versionFixingAll('npm', matchAdvisories('npm', '4.17.15', [a, b, c], schemes), schemes), undefined);
  });
});

describe('hand-written comparators', () => {
  const order = (compare: (a: string, b: string) => number, ascending: string[]) => {
    for (let i = 0; i + 1 < ascending.length; i++) assert.ok(compare(ascending[i], ascending[i + 1]) < 0, `${ascending[i]} < ${ascending[i + 1]}`);
  };
  it('Maven: alpha < beta < milestone < rc < snapshot < release < sp, and aliases', () => {
    order(compareMaven, ['1.0-alpha-1', '1.0-beta-1', '1.0-milestone-1', '1.0-rc-1', '1.0-SNAPSHOT', '1.0', '1.0-sp-1', '1.0.1', '1.1', '1.10']);
    assert.equal(compareMaven('1.0.0.Final', '1.0'), 0);
    assert.equal(compareMaven('1.0-GA', '1.0'), 0);
    assert.equal(compareMaven('1.0-cr1', '1.0-rc1'), 0);
    assert.equal(compareMaven('1.0a1', '1.0-alpha-1'), 0);
  });
  it('NuGet: numeric parts, case-insensitive labels, build metadata ignored', () => {
    order(compareNuGet, ['1.0.0-alpha', '1.0.0-alpha.2', '1.0.0-alpha.10', '1.0.0-beta', '1.0.0', '1.0.0.1', '1.0.1', '1.10.0']);
    assert.equal(compareNuGet('1.0.0-BETA', '1.0.0-beta'), 0);
    assert.equal(compareNuGet('1.0.0+build.5', '1.0'), 0);
  });
  it('Composer: dev < alpha < beta < RC < release < patch', () => {
    order(compareComposer, ['1.0.0-dev', '1.0.0-alpha1', '1.0.0-beta2', '1.0.0-RC1', '1.0.0', '1.0.0-p1', '1.0.1', '1.10']);
    assert.equal(compareComposer('v2.1', '2.1.0.0'), 0);
  });
});
