import type { Severity } from '../../model/finding';
import type { Ecosystem } from '../types';

/** OSV's names of the ecosystems Agent Guard checks, as in `affected[].package.ecosystem` and the bucket paths. */
export const OSV_ECOSYSTEMS: Readonly<Record<Ecosystem, OsvEcosystem>> = {
  npm: 'npm',
  pypi: 'PyPI',
  go: 'Go',
  cargo: 'crates.io',
  rubygems: 'RubyGems',
  maven: 'Maven',
  nuget: 'NuGet',
  packagist: 'Packagist',
};

export type OsvEcosystem = 'npm' | 'PyPI' | 'Go' | 'crates.io' | 'RubyGems' | 'Maven' | 'NuGet' | 'Packagist';

/** Our ecosystem id for an OSV ecosystem name (ignoring OSV's `:suffix`, e.g. `Debian:12`), or undefined. */
export function ecosystemOfOsv(name: string): Ecosystem | undefined {
  const base = name.split(':')[0];
  for (const [ours, osv] of Object.entries(OSV_ECOSYSTEMS) as [Ecosystem, OsvEcosystem][]) if (osv === base) return ours;
  return undefined;
}

/** One event of an OSV range: exactly one field is set. */
export interface OsvEvent {
  introduced?: string;
  fixed?: string;
  last_affected?: string;
  limit?: string;
}

/** An OSV range, SEMVER or ECOSYSTEM (GIT ranges name commits and are not kept). */
export interface AdvisoryRange {
  type: 'SEMVER' | 'ECOSYSTEM';
  events: OsvEvent[];
}

/** How the severity was found. */
export type SeveritySource = 'database' | 'cvss' | 'malicious' | 'unknown';

/** One advisory about one package, as the local index keeps it: only what matching and reporting need. */
export interface AdvisoryEntry {
  /** OSV id: `GHSA-…`, `PYSEC-…`, `GO-…`, `RUSTSEC-…`, `MAL-…`. */
  id: string;
  /** Other ids of the same advisory, CVE first. */
  aliases: string[];
  /** One line, at most 200 characters, control characters removed. */
  summary: string;
  severity: Severity;
  severitySource: SeveritySource;
  /** The CVSS score, when a vector gave the severity. */
  score?: number;
  ranges: AdvisoryRange[];
  /** Versions listed one by one as affected. */
  versions: string[];
}

/** What the local advisory data looks like right now. */
export type AdvisoryStatus =
  | {
      state: 'ready';
      /** When the data was downloaded. */
      updated: Date;
      /** Ecosystems the data holds. */
      ecosystems: Ecosystem[];
      /** True when the data is older than the configured maximum age. */
      stale: boolean;
      ageDays: number;
    }
  | {
      state: 'disabled' | 'missing' | 'unreadable';
      /** Why, in words for a person, with what to do. */
      detail: string;
    };

/**
 * Local OSV advisory data, as rules see it (RuleContext.advisories). The caller decides whether the check
 * is on; a source that is off answers `disabled`, and the rule says that the check did not run.
 */
export interface AdvisorySource {
  status(): Promise<AdvisoryStatus>;
  /** Advisories about a package (any version); empty when there are none or the data is not ready. */
  lookup(ecosystem: Ecosystem, name: string): Promise<AdvisoryEntry[]>;
}
