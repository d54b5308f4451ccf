/**
 * A small, predictable glob matcher for policy paths (no dependency, no regex, no backtracking blow-ups):
 * - `*` matches within one path segment, `?` one character of a segment;
 * - `**` matches any number of segments (`src/**`, `**\/*.md`);
 * - `{a,b}` matches either alternative (not nested);
 * - a pattern without `/` matches the file name in any folder, as in .gitignore (`.env*`).
 * Paths are workspace-relative with forward slashes.
 *
 * Policy globs come from files a workspace controls and are matched against paths an agent chooses, so
 * matching must stay cheap on hostile input. A glob compiled to a JavaScript regex backtracks: `*a*a*a*a*a*b`
 * took over a second on an 80-character name. Here each segment is matched by the greedy wildcard
 * algorithm (one backtrack point, O(pattern × name)), and segments the same way with `**` as the star.
 */

/** A glob that failed to compile, and why. */
export class GlobError extends Error {
  constructor(readonly pattern: string, message: string) {
    super(message);
    this.name = 'GlobError';
  }
}

const MAX_PATTERN = 256;
const MAX_WILDCARDS = 12;
const MAX_ALTERNATIVES = 64;

/** Options of `compileGlob`. */
export interface GlobOptions {
  /** Match case-insensitively (default false). Sensitive-path lists use true: on Windows and macOS `.ENV` is `.env`. */
  nocase?: boolean;
}

/** A compiled glob. */
export interface CompiledGlob {
  readonly pattern: string;
  /** True when the workspace-relative path matches. */
  test(path: string): boolean;
}

// One segment token: `**` (any number of segments), or a segment pattern with `*` and `?`.
const GLOBSTAR = null;
type Token = string | typeof GLOBSTAR;

/** Greedy wildcard match of one segment: `*` any run of characters, `?` one character. */
function matchSegment(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let mark = 0;
  while (t < text.length) {
    const c = pattern[p];
    if (p < pattern.length && c !== '*' && (c === '?' || c === text[t])) {
      p++;
      t++;
    } else if (c === '*') {
      star = p++;
      mark = t;
    } else if (star !== -1) {
      p = star + 1;
      t = ++mark;
    } else return false;
  }
  while (pattern[p] === '*') p++;
  return p === pattern.length;
}

/** The same greedy algorithm over segments, with `**` as the star. */
function matchTokens(tokens: readonly Token[], segments: readonly string[]): boolean {
  let p = 0;
  let s = 0;
  let star = -1;
  let mark = 0;
  while (s < segments.length) {
    const token = tokens[p];
    if (p < tokens.length && token !== GLOBSTAR && matchSegment(token, segments[s])) {
      p++;
      s++;
    } else if (p < tokens.length && token === GLOBSTAR) {
      star = p++;
      mark = s;
    } else if (star !== -1) {
      p = star + 1;
      s = ++mark;
    } else return false;
  }
  while (p < tokens.length && tokens[p] === GLOBSTAR) p++;
  return p === tokens.length;
}

/** Expands `{a,b}` groups (not nested) into brace-free alternatives. */
function expandBraces(pattern: string, body: string): string[] {
  let results = [''];
  let i = 0;
  while (i < body.length) {
    const open = body.indexOf('{', i);
    const close = body.indexOf('}', i);
    if (close !== -1 && (open === -1 || close < open)) throw new GlobError(pattern, "unbalanced '}'");
    if (open === -1) {
      results = results.map((r) => r + body.slice(i));
      break;
    }
    if (close === -1) throw new GlobError(pattern, "unclosed '{'");
    const inner = body.slice(open + 1, close);
    if (inner.includes('{')) throw new GlobError(pattern, 'nested {…} is not supported');
    const head = body.slice(i, open);
    const options = inner.split(',');
    results = results.flatMap((r) => options.map((o) => r + head + o));
    if (results.length > MAX_ALTERNATIVES) throw new GlobError(pattern, `a glob may expand to at most ${MAX_ALTERNATIVES} alternatives`);
    i = close + 1;
  }
  return results;
}

/** Compiles a glob; throws GlobError on a malformed pattern. */
export function compileGlob(pattern: string, options: GlobOptions = {}): CompiledGlob {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new GlobError(String(pattern), 'a glob must be a non-empty string');
  if (pattern.length > MAX_PATTERN) throw new GlobError(pattern, `a glob may be at most ${MAX_PATTERN} characters`);
  if (/[\u0000-\u001f]/.test(pattern)) throw new GlobError(pattern, 'a glob may not hold control characters');
  if (pattern.includes('\\')) throw new GlobError(pattern, 'use forward slashes in globs');
  if (/[[\]]/.test(pattern)) throw new GlobError(pattern, 'character classes ([...]) are not supported; use {a,b}');
  if ((pattern.match(/[*?]/g) ?? []).length > MAX_WILDCARDS) throw new GlobError(pattern, `a glob may hold at most ${MAX_WILDCARDS} wildcards`);
  let body = pattern.startsWith('/') ? pattern.slice(1) : pattern;
  const anywhere = !pattern.includes('/') || (pattern.endsWith('/') && !pattern.slice(0, -1).includes('/'));
  if (body.endsWith('/')) body = `${body}**`;
  const fold = (s: string) => (options.nocase ? s.toLowerCase() : s);
  const alternatives = expandBraces(pattern, body).map((alternative) => {
    const tokens: Token[] = anywhere ? [GLOBSTAR] : [];
    const segments = alternative.split('/');
    segments.forEach((segment, i) => {
      if (segment.includes('**')) {
        if (segment !== '**') throw new GlobError(pattern, "'**' must be a whole path segment (e.g. src/**/x.ts)");
        // A trailing ** needs at least one more segment ("src/**" is below src/, not src itself).
        if (i === segments.length - 1) tokens.push('*', GLOBSTAR);
        else tokens.push(GLOBSTAR);
      } else tokens.push(fold(segment));
    });
    return tokens;
  });
  return {
    pattern,
    test(path: string): boolean {
      const segments = fold(path).split('/');
      return alternatives.some((tokens) => matchTokens(tokens, segments));
    },
  };
}

/** A compiled list of globs: a path matches when any glob does. */
export class GlobList {
  private readonly compiled: CompiledGlob[];

  /** Throws GlobError for the first malformed pattern. */
  constructor(readonly patterns: readonly string[], options: GlobOptions = {}) {
    this.compiled = patterns.map((pattern) => compileGlob(pattern, options));
  }

  /** The first pattern that matches `path`, or undefined. */
  firstMatch(path: string): string | undefined {
    return this.compiled.find((c) => c.test(path))?.pattern;
  }

  matches(path: string): boolean {
    return this.firstMatch(path) !== undefined;
  }
}
