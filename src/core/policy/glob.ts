/**
 * A small, predictable glob matcher for policy paths (no dependency, no backtracking blow-ups):
 * - `*` matches within one path segment, `?` one character of a segment;
 * - `**` matches any number of segments (`src/**`, `**\/*.md`);
 * - `{a,b}` matches either alternative (not nested);
 * - a pattern without `/` matches the file name in any folder, as in .gitignore (`.env*`).
 * Paths are workspace-relative with forward slashes.
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

/** Options of `compileGlob`. */
export interface GlobOptions {
  /** Match case-insensitively (default false). Sensitive-path lists use true: on Windows and macOS `.ENV` is `.env`. */
  nocase?: boolean;
}

function escape(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

/** Compiles a glob to an anchored RegExp; throws GlobError on a malformed pattern. */
export function compileGlob(pattern: string, options: GlobOptions = {}): RegExp {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new GlobError(String(pattern), 'a glob must be a non-empty string');
  if (pattern.length > MAX_PATTERN) throw new GlobError(pattern, `a glob may be at most ${MAX_PATTERN} characters`);
  if (/[\u0000-\u001f]/.test(pattern)) throw new GlobError(pattern, 'a glob may not hold control characters');
  if (pattern.includes('\\')) throw new GlobError(pattern, 'use forward slashes in globs');
  if (/[[\]]/.test(pattern)) throw new GlobError(pattern, 'character classes ([...]) are not supported; use {a,b}');
  if ((pattern.match(/[*?]/g) ?? []).length > MAX_WILDCARDS) throw new GlobError(pattern, `a glob may hold at most ${MAX_WILDCARDS} wildcards`);
  let body = pattern.startsWith('/') ? pattern.slice(1) : pattern;
  const anywhere = !pattern.includes('/') || (pattern.endsWith('/') && !pattern.slice(0, -1).includes('/'));
  if (body.endsWith('/')) body = `${body}**`;
  let out = '';
  let inBrace = false;
  for (let i = 0; i < body.length; i++) {
    const char = body[i];
    if (char === '*') {
      if (body[i + 1] === '*') {
        const atStart = i === 0 || body[i - 1] === '/';
        const atEnd = i + 2 === body.length || body[i + 2] === '/';
        if (!atStart || !atEnd) throw new GlobError(pattern, "'**' must be a whole path segment (e.g. src/**/x.ts)");
        if (i + 2 === body.length) out += '.*';
        else {
          out += '(?:[^/]+/)*';
          i++; // skip the slash after **
        }
        i++;
      } else out += '[^/]*';
    } else if (char === '?') out += '[^/]';
    else if (char === '{') {
      if (inBrace) throw new GlobError(pattern, 'nested {…} is not supported');
      inBrace = true;
      out += '(?:';
    } else if (char === '}') {
      if (!inBrace) throw new GlobError(pattern, "unbalanced '}'");
      inBrace = false;
      out += ')';
    } else if (char === ',' && inBrace) out += '|';
    else out += escape(char);
  }
  if (inBrace) throw new GlobError(pattern, "unclosed '{'");
  const prefix = anywhere ? '(?:[^/]+/)*' : '';
  return new RegExp(`^${prefix}${out}$`, options.nocase ? 'i' : '');
}

/** A compiled list of globs: a path matches when any glob does. */
export class GlobList {
  private readonly compiled: { pattern: string; regex: RegExp }[];

  /** Throws GlobError for the first malformed pattern. */
  constructor(readonly patterns: readonly string[], options: GlobOptions = {}) {
    this.compiled = patterns.map((pattern) => ({ pattern, regex: compileGlob(pattern, options) }));
  }

  /** The first pattern that matches `path`, or undefined. */
  firstMatch(path: string): string | undefined {
    return this.compiled.find((c) => c.regex.test(path))?.pattern;
  }

  matches(path: string): boolean {
    return this.firstMatch(path) !== undefined;
  }
}
