import type { SourceKind } from './types';

/** Where an npm-style version specifier points (npm, yarn, pnpm, composer-like), and its git ref if any. */
export function npmSourceOf(spec: string): { source: SourceKind; ref?: string; alias?: string } {
  const s = spec.trim();
  const lower = s.toLowerCase();
  if (lower.startsWith('workspace:')) return { source: 'workspace' };
  if (lower.startsWith('npm:')) {
    const target = s.slice(4);
    const at = target.lastIndexOf('@');
    return { source: 'alias', alias: at > 0 ? target.slice(0, at) : target };
  }
  if (lower.startsWith('file:') || lower.startsWith('./') || lower.startsWith('../') || lower.startsWith('/') || lower.startsWith('~/')) return { source: 'file' };
  if (lower.startsWith('link:') || lower.startsWith('portal:')) return { source: 'link' };
  if (/^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)/.test(lower) || /\.git(?:#|$)/.test(lower)) return { source: 'git', ref: refOf(s) };
  if (lower.startsWith('http://') || lower.startsWith('https://')) {
    return /\.(?:tgz|tar\.gz|tar|zip)(?:[?#]|$)/.test(lower) ? { source: 'tarball' } : { source: 'url', ref: refOf(s) };
  }
  // `user/repo` or `user/repo#ref` is GitHub shorthand.
  if (/^[a-z0-9][\w.-]*\/[\w.-]+(?:#.*)?$/i.test(s) && !s.startsWith('@')) return { source: 'git', ref: refOf(s) };
  return { source: 'registry' };
}

function refOf(spec: string): string | undefined {
  const hash = spec.indexOf('#');
  return hash < 0 ? undefined : spec.slice(hash + 1) || undefined;
}

/** A git ref is pinned when it names a full commit. A branch or nothing moves under you; a tag mostly doesn't. */
export function isPinnedRef(ref: string | undefined): 'commit' | 'tag' | 'branch' {
  if (!ref) return 'branch';
  const clean = ref.replace(/^(?:semver:|commit:|tag:)/, '');
  if (/^[0-9a-f]{40}$/i.test(clean)) return 'commit';
  if (ref.startsWith('semver:') || /^v?\d+(?:\.\d+)*(?:[-+][\w.-]*)?$/.test(clean)) return 'tag';
  return 'branch';
}

/**
 * Why a registry version range lets new, unreviewed releases in without a lockfile change, or undefined.
 * `^1.2.3` and `~1.2.3` are the ecosystem norm and are not reported; `*`, `latest`, `>=` with no upper bound are.
 */
export function unpinnedReason(spec: string): string | undefined {
  const s = spec.trim();
  if (s === '' ) return 'no version given';
  if (s === '*' || s.toLowerCase() === 'x' || s === 'latest' || s === 'next') return `'${s}' takes whatever is published next`;
  if (s.length > 200) return undefined;
  // Each alternative of a range (`a || b`, or a comma list for PEP 440 / Cargo) needs an upper bound.
  for (const alternative of s.split('||')) {
    const part = alternative.trim();
    if (/^(?:>=?|\^0\.0\.0|\*)/.test(part) && !/[<~^]|,\s*</.test(part.replace(/^>=?/, ''))) return `'${s}' has no upper bound`;
  }
  if (/^[a-z][a-z0-9-]*$/i.test(s) && !/^v?\d/.test(s)) return `'${s}' is a moving tag, not a version`;
  return undefined;
}

/** Compares dotted numeric versions; undefined when either is not a plain version. */
export function compareVersions(a: string, b: string): number | undefined {
  const parse = (v: string) => {
    const match = /^[v=]?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?/.exec(v.trim());
    return match ? [1, 2, 3, 4].map((i) => Number(match[i] ?? 0)) : undefined;
  };
  const x = parse(a);
  const y = parse(b);
  if (!x || !y) return undefined;
  for (let i = 0; i < 4; i++) if (x[i] !== y[i]) return x[i] - y[i];
  return 0;
}

/** The lowest version a range or pin names: `^1.2.3` gives 1.2.3, `==2.0` gives 2.0, `>=3,<4` gives 3. */
export function floorVersion(spec: string): string | undefined {
  const match = /\d{1,9}(?:\.\d{1,9}){0,3}/.exec(spec.slice(0, 200));
  return match?.[0];
}

/** Patterns of this module, for the ReDoS test. */
export const SPEC_PATTERNS: readonly RegExp[] = [
  /^(?:git\+|git:|github:|gitlab:|bitbucket:|gist:)/,
  /\.git(?:#|$)/,
  /\.(?:tgz|tar\.gz|tar|zip)(?:[?#]|$)/,
  /^[a-z0-9][\w.-]*\/[\w.-]+(?:#.*)?$/i,
  /^[0-9a-f]{40}$/i,
  /^v?\d+(?:\.\d+)*(?:[-+][\w.-]*)?$/,
  /^(?:>=?|\^0\.0\.0|\*)/,
  /[<~^]|,\s*</,
  /^[a-z][a-z0-9-]*$/i,
  /^[v=]?(\d{1,9})(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?(?:\.(\d{1,9}))?/,
  /\d{1,9}(?:\.\d{1,9}){0,3}/,
];
