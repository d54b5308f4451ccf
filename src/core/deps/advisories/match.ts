import type { Ecosystem } from '../types';
import type { AdvisoryEntry, AdvisoryRange } from './types';
import type { VersionScheme, VersionSchemes } from './versions';

/** Why a version is affected: the advisory, and the version that fixes it (none when no fix is published). */
export interface AdvisoryMatch {
  advisory: AdvisoryEntry;
  /** The first fixed version after the affected one, when the advisory names one. */
  fixed?: string;
}

/**
 * Whether `version` falls in one OSV range, and its first fix. Events are sorted by version (introduced
 * "0" lowest) and walked as OSV's schema describes: introduced opens, fixed closes at, last_affected
 * closes after. A range whose versions the scheme can't read is skipped rather than guessed.
 */
export function inRange(range: AdvisoryRange, version: string, scheme: VersionScheme): { affected: boolean; fixed?: string } {
  const point = (e: { introduced?: string; fixed?: string; last_affected?: string; limit?: string }) => e.introduced ?? e.fixed ?? e.last_affected ?? e.limit ?? '';
  const events = range.events.filter((e) => e.limit === undefined && point(e) !== '');
  for (const e of events) {
    if (e.introduced === '0') continue;
    if (!scheme.valid(point(e))) return { affected: false };
  }
  const compare = (a: string, b: string) => (a === '0' && b === '0' ? 0 : a === '0' ? -1 : b === '0' ? 1 : scheme.compare(a, b));
  const sorted = [...events].sort((a, b) => compare(point(a), point(b)));
  let affected = false;
  let fixed: string | undefined;
  for (const e of sorted) {
    if (e.introduced !== undefined) {
      if (e.introduced === '0' || scheme.compare(version, e.introduced) >= 0) {
        affected = true;
        fixed = undefined;
      } else break;
    } else if (e.fixed !== undefined) {
      if (scheme.compare(version, e.fixed) >= 0) affected = false;
      else {
        if (affected) fixed = e.fixed;
        break;
      }
    } else if (e.last_affected !== undefined) {
      if (scheme.compare(version, e.last_affected) > 0) affected = false;
      else break;
    }
  }
  return affected ? { affected, fixed } : { affected: false };
}

/** The advisories that affect one version of a package, each with its first fix. */
export function matchAdvisories(ecosystem: Ecosystem, version: string, advisories: readonly AdvisoryEntry[], schemes: VersionSchemes): AdvisoryMatch[] {
  const scheme = schemes[ecosystem];
  const matches: AdvisoryMatch[] = [];
  for (const advisory of advisories) {
    let hit = false;
    let fixed: string | undefined;
    for (const range of advisory.ranges) {
      const rangeScheme = range.type === 'SEMVER' ? schemes.semver : scheme;
      if (!rangeScheme.valid(version)) continue;
      let verdict: { affected: boolean; fixed?: string };
      try {
        verdict = inRange(range, version, rangeScheme);
      } catch {
        continue; // a version string the library rejects: this range can't be judged
      }
      if (verdict.affected) {
        hit = true;
        if (verdict.fixed && (!fixed || safeCompare(scheme, verdict.fixed, fixed) > 0)) fixed = verdict.fixed;
      }
    }
    if (!hit && scheme.valid(version)) hit = advisory.versions.some((v) => scheme.valid(v) && scheme.compare(v, version) === 0);
    if (hit) matches.push({ advisory, fixed });
  }
  return matches;
}

/**
 * The lowest version that leaves every match behind: the highest of their fixes. Undefined when some
 * advisory has no fix, because then no version bump clears them all.
 */
export function versionFixingAll(ecosystem: Ecosystem, matches: readonly AdvisoryMatch[], schemes: VersionSchemes): string | undefined {
  let best: string | undefined;
  for (const match of matches) {
    if (!match.fixed) return undefined;
    if (!best || safeCompare(schemes[ecosystem], match.fixed, best) > 0) best = match.fixed;
  }
  return best;
}

function safeCompare(scheme: VersionScheme, a: string, b: string): number {
  try {
    return scheme.valid(a) && scheme.valid(b) ? scheme.compare(a, b) : 0;
  } catch {
    return 0;
  }
}
