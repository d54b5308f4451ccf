import type { Ecosystem } from './types';

/** Longest name we analyse; longer ones are reported as malformed, never indexed or compared. */
export const MAX_NAME_LENGTH = 214;

/**
 * The key under which a registry treats two names as the same package: PyPI folds case and runs of
 * `-`, `_`, `.` (PEP 503); RubyGems, Packagist, NuGet and Go proxies fold case; npm and crates are taken as written.
 */
export function canonicalName(ecosystem: Ecosystem, name: string): string {
  switch (ecosystem) {
    case 'pypi':
      return name.toLowerCase().replace(/[-_.]+/g, '-');
    case 'cargo':
      return name.toLowerCase().replace(/_/g, '-');
    case 'npm':
      return name.toLowerCase();
    default:
      return name.toLowerCase();
  }
}

/** Why a name cannot be a package name, or undefined when it can. Control characters and path tricks are refused. */
export function malformedName(name: string): string | undefined {
  if (name.length === 0) return 'empty name';
  if (name.length > MAX_NAME_LENGTH) return `name of ${name.length} characters`;
  if (/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/.test(name)) return 'control or invisible characters in the name';
  if (/(?:^|[/\\])\.\.?(?:[/\\]|$)/.test(name) || name.includes('\\')) return 'path separators in the name';
  return undefined;
}

/** Printable form of a name for messages: control characters escaped, long names cut. */
export function displayName(name: string): string {
  const escaped = name.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  return escaped.length > 80 ? `${escaped.slice(0, 79)}…` : escaped;
}

/** Patterns of this module, for the ReDoS test. */
export const NAME_PATTERNS: readonly RegExp[] = [
  /[-_.]+/g,
  /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/,
  /(?:^|[/\\])\.\.?(?:[/\\]|$)/,
];
