/**
 * The policy glob matcher as it was before issue 11: globs compiled to anchored regexes. Kept for tests
 * only, as the oracle the linear-time matcher in src/core/policy/glob.ts must agree with on ordinary
 * input (the regex form backtracks polynomially on globs such as `*a*a*a*b`).
 */
const MAX_PATTERN = 256;
const MAX_WILDCARDS = 12;

function escape(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

/** Compiles a glob to an anchored RegExp; throws GlobError on a malformed pattern. */
export function compileGlobRegex(pattern: string, options: { nocase?: boolean } = {}): RegExp {
  if (typeof pattern !== 'string' || pattern.trim() === '') throw new Error('a glob must be a non-empty string');
  if (pattern.length > MAX_PATTERN) throw new Error(`a glob may be at most ${MAX_PATTERN} characters`);
  if (/[\u0000-\u001f]/.test(pattern)) throw new Error('a glob may not hold control characters');
  if (pattern.includes('\\')) throw new Error('use forward slashes in globs');
  if (/[[\]]/.test(pattern)) throw new Error('character classes ([...]) are not supported; use {a,b}');
  if ((pattern.match(/[*?]/g) ?? []).length > MAX_WILDCARDS) throw new Error(`a glob may hold at most ${MAX_WILDCARDS} wildcards`);
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
        if (!atStart || !atEnd) throw new Error("'**' must be a whole path segment (e.g. src/**/x.ts)");
        if (i + 2 === body.length) out += '.*';
        else {
          out += '(?:[^/]+/)*';
          i++; // skip the slash after **
        }
        i++;
      } else out += '[^/]*';
    } else if (char === '?') out += '[^/]';
    else if (char === '{') {
      if (inBrace) throw new Error('nested {…} is not supported');
      inBrace = true;
      out += '(?:';
    } else if (char === '}') {
      if (!inBrace) throw new Error("unbalanced '}'");
      inBrace = false;
      out += ')';
    } else if (char === ',' && inBrace) out += '|';
    else out += escape(char);
  }
  if (inBrace) throw new Error("unclosed '{'");
  const prefix = anywhere ? '(?:[^/]+/)*' : '';
  return new RegExp(`^${prefix}${out}$`, options.nocase ? 'i' : '');
}

