import type { Ecosystem } from '../types';
import { compareComposer, isComposerVersion } from './composer';
import { compareMaven, isMavenVersion } from './maven';
import { compareNuGet, parseNuGetVersion } from './nuget';

/** One ecosystem's version order. `compare` is only called on versions `valid` accepted. */
export interface VersionScheme {
  valid(version: string): boolean;
  compare(a: string, b: string): number;
}

export type VersionSchemes = Readonly<Record<Ecosystem, VersionScheme>> & { semver: VersionScheme };

let loading: Promise<VersionSchemes> | undefined;

/**
 * The version order of every ecosystem, from libraries where a maintained one exists: `semver` (npm,
 * crates.io, Go, and OSV's SEMVER ranges), `@renovatebot/pep440` (PyPI), `@renovatebot/ruby-semver`
 * (RubyGems). Maven, NuGet and Composer are small hand-written comparators (see their files for why).
 * Loaded on first use, so importing the rule registry costs nothing.
 */
export function loadVersionSchemes(): Promise<VersionSchemes> {
  loading ??= (async () => {
    const semver = await import('semver');
    const pep440 = await import('@renovatebot/pep440');
    const ruby = await import('@renovatebot/ruby-semver');
    // Go versions carry a `v` (v1.2.3, v0.0.0-2020…-abcdef pseudo-versions); OSV writes them without it.
    const stripV = (v: string) => v.trim().replace(/^v(?=\d)/, '');
    const semverScheme: VersionScheme = {
      valid: (v) => semver.valid(stripV(v)) !== null,
      compare: (a, b) => semver.compare(stripV(a), stripV(b)),
    };
    const pypi: VersionScheme = {
      valid: (v) => pep440.valid(v) !== null,
      compare: (a, b) => pep440.compare(a, b),
    };
    const rubygems: VersionScheme = {
      valid: (v) => ruby.valid(v) !== null,
      compare: (a, b) => (ruby.eq(a, b) ? 0 : ruby.lt(a, b) ? -1 : 1),
    };
    return {
      semver: semverScheme,
      npm: semverScheme,
      cargo: semverScheme,
      go: semverScheme,
      pypi,
      rubygems,
      maven: { valid: isMavenVersion, compare: compareMaven },
      nuget: { valid: (v) => parseNuGetVersion(v) !== undefined, compare: compareNuGet },
      packagist: { valid: isComposerVersion, compare: compareComposer },
    };
  })();
  return loading;
}
