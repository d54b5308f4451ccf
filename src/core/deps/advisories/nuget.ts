/**
 * NuGet's version order (NuGet.Versioning): up to four numeric parts (missing ones are 0), then a SemVer 2
 * pre-release label compared case-insensitively; build metadata is ignored. Written here because the one
 * npm port (@snyk/nuget-semver) is unmaintained and little used; the rules fit in a page.
 */

interface NuGetVersion {
  parts: [bigint, bigint, bigint, bigint];
  prerelease: string[];
}

const NUMBERS = /^v?(\d{1,18})(?:\.(\d{1,18}))?(?:\.(\d{1,18}))?(?:\.(\d{1,18}))?$/;
const LABEL = /^[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*$/;
const METADATA = /^[0-9A-Za-z.-]*$/;

/** Parses a NuGet version, or undefined when it is not one (a range, a property, a wildcard). */
export function parseNuGetVersion(version: string): NuGetVersion | undefined {
  const text = version.trim();
  if (text.length > 256) return undefined;
  // Build metadata (`+…`) does not take part in the order.
  const plus = text.indexOf('+');
  const core = plus < 0 ? text : text.slice(0, plus);
  if (plus >= 0 && !METADATA.test(text.slice(plus + 1))) return undefined;
  const dash = core.indexOf('-');
  const numbers = NUMBERS.exec(dash < 0 ? core : core.slice(0, dash));
  const label = dash < 0 ? undefined : core.slice(dash + 1);
  if (!numbers || (label !== undefined && !LABEL.test(label))) return undefined;
  return {
    parts: [BigInt(numbers[1]), BigInt(numbers[2] ?? 0), BigInt(numbers[3] ?? 0), BigInt(numbers[4] ?? 0)],
    prerelease: label ? label.toLowerCase().split('.') : [],
  };
}

function compareLabel(a: string, b: string): number {
  const numA = /^\d+$/.test(a);
  const numB = /^\d+$/.test(b);
  if (numA && numB) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (numA) return -1;
  if (numB) return 1;
  return a === b ? 0 : a < b ? -1 : 1;
}

/** Compares two NuGet versions; versions that do not parse sort first, so they never look fixed. */
export function compareNuGet(a: string, b: string): number {
  const x = parseNuGetVersion(a);
  const y = parseNuGetVersion(b);
  if (!x || !y) return x ? 1 : y ? -1 : 0;
  for (let i = 0; i < 4; i++) if (x.parts[i] !== y.parts[i]) return x.parts[i] < y.parts[i] ? -1 : 1;
  // A release sorts after its pre-releases.
  if (!x.prerelease.length && !y.prerelease.length) return 0;
  if (!x.prerelease.length) return 1;
  if (!y.prerelease.length) return -1;
  const length = Math.max(x.prerelease.length, y.prerelease.length);
  for (let i = 0; i < length; i++) {
    if (x.prerelease[i] === undefined) return -1;
    if (y.prerelease[i] === undefined) return 1;
    const order = compareLabel(x.prerelease[i], y.prerelease[i]);
    if (order !== 0) return order;
  }
  return 0;
}

export const NUGET_PATTERNS: readonly RegExp[] = [NUMBERS, LABEL, METADATA, /^\d+$/];
