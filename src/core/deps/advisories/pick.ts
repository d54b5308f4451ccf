import type * as semverModule from 'semver';
import type { DeclaredDependency, Ecosystem } from '../types';
import type { VersionSchemes } from './versions';

/** The version of a dependency that the check looks up, and where it sits in the spec. */
export interface PickedVersion {
  version: string;
  /** True when the spec pins exactly this version; false when it is the lowest a range lets in. */
  exact: boolean;
  /** Offset of `version` inside the spec as written, for the quick fix; undefined when it can't be edited in place. */
  offsetInSpec?: number;
  /** Length of the version as written in the spec (with a `v` for Go). */
  lengthInSpec?: number;
}

// An optional operator, then the version: `^1.2.3`, `~> 5.2`, `==2.25.0`, `[1.0,2.0)`, `>= 1`, `v0.3.6`.
const LEADING = /^\s*(?:(===|==|>=|~=|~>|\^|~|=|>|\[|\(|<=|<|!=)\s*)?(v?\d[0-9A-Za-z.+_-]{0,100})/;

/**
 * The version to check for a dependency: the locked version in a lockfile, the pinned one, or the lowest
 * version a range allows (what a fresh resolve at the floor, or a resolver preferring it, installs).
 * Undefined for specs with no lower bound (`*`, `<2`, `latest`), property references and non-registry sources.
 */
export function pickVersion(dep: DeclaredDependency, schemes: VersionSchemes): PickedVersion | undefined {
  const spec = dep.spec.trim();
  if (!spec || spec.length > 200) return undefined;
  const scheme = schemes[dep.ecosystem];
  if (dep.locked) {
    const version = stripGoV(dep.ecosystem, spec);
    return scheme.valid(version) ? { version, exact: true } : undefined;
  }
  if (dep.ecosystem === 'npm') return pickNpm(spec);
  // The first alternative of `a || b` (Composer, npm-like) and the first clause of `a, b` (PEP 440, Cargo, Gem).
  const first = spec.split(/\|\|?/, 1)[0];
  const match = LEADING.exec(first);
  if (!match) return undefined;
  const operator = match[1] ?? '';
  if (operator === '<' || operator === '<=' || operator === '!=' || operator === '>' || operator === '(') return undefined;
  let written = match[2].replace(/[.,]$/, '');
  // `1.2.*` / `1.2.x` mean the 1.2 series: its floor is 1.2.
  while (/\.[*xX]$/.test(written)) written = written.slice(0, -2);
  if (/[*]/.test(written)) return undefined;
  const version = stripGoV(dep.ecosystem, written);
  if (!scheme.valid(version)) return undefined;
  const offsetInSpec = dep.spec.indexOf(written, dep.spec.indexOf(match[2].charAt(0)));
  return {
    version,
    exact: isExact(dep.ecosystem, operator, spec, written),
    offsetInSpec: offsetInSpec >= 0 ? offsetInSpec : undefined,
    lengthInSpec: written.length,
  };
}

function pickNpm(spec: string): PickedVersion | undefined {
  const semver = npmSemver;
  if (!semver) return undefined;
  const exact = semver.valid(spec);
  if (exact) return { version: exact, exact: true, offsetInSpec: spec.indexOf(exact) >= 0 ? spec.indexOf(exact) : undefined, lengthInSpec: exact.length };
  if (!semver.validRange(spec)) return undefined;
  const floor = semver.minVersion(spec)?.version;
  if (!floor || floor === '0.0.0') return undefined;
  // Edit in place only when the range is one operator and one version (`^4.17.15`, `~1.2.0`, `>=1.2.3`).
  const simple = /^\s*(?:(\^|~|>=|=)\s*)?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/.exec(spec);
  const offset = simple && simple[2] === floor ? spec.indexOf(floor) : -1;
  return { version: floor, exact: false, offsetInSpec: offset >= 0 ? offset : undefined, lengthInSpec: floor.length };
}

type Semver = typeof semverModule;
let npmSemver: Semver | undefined;

/** Loads semver for npm ranges; the rule awaits this in prepare(). */
export async function loadPickers(): Promise<void> {
  npmSemver ??= await import('semver');
}

function stripGoV(ecosystem: Ecosystem, version: string): string {
  return ecosystem === 'go' ? version.replace(/^v(?=\d)/, '') : version;
}

function isExact(ecosystem: Ecosystem, operator: string, spec: string, written: string): boolean {
  const single = spec.replace(/\s+/g, '') === `${operator}${written}`;
  switch (ecosystem) {
    case 'pypi':
      return (operator === '==' || operator === '===') && single && !written.includes('*');
    case 'cargo':
      return operator === '=' && single;
    case 'go':
      return true;
    case 'rubygems':
      return (operator === '' || operator === '=') && single;
    case 'maven':
      return operator === '' ? single : operator === '[' && /^\[[^,]+\]$/.test(spec.replace(/\s+/g, ''));
    case 'nuget':
      // A bare NuGet version is a minimum; `[1.2.3]` is the exact pin.
      return operator === '[' && /^\[[^,]+\]$/.test(spec.replace(/\s+/g, ''));
    case 'packagist':
      return (operator === '' || operator === '=') && single;
    default:
      return false;
  }
}

/** Patterns of this module, for the ReDoS test. */
export const PICK_PATTERNS: readonly RegExp[] = [LEADING, /\|\|?/, /[.,]$/, /\.[*xX]$/, /^\s*(?:(\^|~|>=|=)\s*)?v?(\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?)\s*$/, /^\[[^,]+\]$/, /\s+/g];
