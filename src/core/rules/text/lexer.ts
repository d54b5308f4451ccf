import type { LanguageId } from '../../scan/language';
import type { RuleContext } from '../types';

/**
 * A light lexer: for each UTF-16 offset of a file, whether it is code, inside a string, inside a comment,
 * or documentation (a Python docstring, or prose in Markdown and plain text). It knows comments and
 * string delimiters per language family and nothing else: no parse, no AST. That is enough for the
 * insecure-setting and hidden-text rules to tell `verify=False` in code from the same words in a comment
 * or a docstring, and stays linear: one pass, no regex.
 */
export const CODE = 0;
export const STRING = 1;
export const COMMENT = 2;
export const DOC = 3;
export type RegionKind = typeof CODE | typeof STRING | typeof COMMENT | typeof DOC;

/** The lexed file: one kind per UTF-16 offset. */
export interface Regions {
  readonly kinds: Uint8Array;
  kindAt(offset: number): RegionKind;
  /** The text with every offset of the given kinds replaced by a space (newlines kept), so offsets line up. */
  blank(kinds: readonly RegionKind[]): string;
}

type Family = 'c' | 'js' | 'python' | 'hash' | 'markup' | 'prose' | 'json';

const FAMILY: Partial<Record<LanguageId, Family>> = {
  javascript: 'js', typescript: 'js', javascriptreact: 'js', typescriptreact: 'js', vue: 'js',
  go: 'c', java: 'c', kotlin: 'c', csharp: 'c', rust: 'c', php: 'c',
  json: 'json', jsonc: 'json', ipynb: 'json',
  python: 'python',
  ruby: 'hash', shellscript: 'hash', powershell: 'hash', yaml: 'hash', toml: 'hash', ini: 'hash',
  properties: 'hash', dotenv: 'hash', dockerfile: 'hash', makefile: 'hash',
  html: 'markup', xml: 'markup',
  markdown: 'prose', plaintext: 'prose',
};

/**
 * Languages whose quoted text is configuration or command arguments rather than data, so quotes do not
 * make it "not code": `"rejectUnauthorized": false` in JSON, `curl "$URL"` in a shell script.
 */
const STRINGS_ARE_CODE = new Set<LanguageId>(['json', 'jsonc', 'ipynb', 'yaml', 'toml', 'ini', 'properties', 'dotenv', 'dockerfile', 'makefile', 'shellscript', 'powershell']);

/** Lexes once per file and shares the result among the rules that ask. */
export function regionsOf(context: RuleContext): Regions {
  return context.shared('text/lexer', () => lexRegions(context.text, context.language));
}

export function lexRegions(text: string, language: LanguageId): Regions {
  const family = FAMILY[language] ?? 'prose';
  const kinds = new Uint8Array(text.length);
  switch (family) {
    case 'c':
    case 'js':
    case 'json':
      lexCLike(text, kinds, family, language);
      break;
    case 'python':
      lexPython(text, kinds);
      break;
    case 'hash':
      lexHash(text, kinds, language);
      break;
    case 'markup':
      lexMarkup(text, kinds);
      break;
    case 'prose':
      kinds.fill(DOC);
      break;
  }
  if (STRINGS_ARE_CODE.has(language)) {
    for (let i = 0; i < kinds.length; i++) if (kinds[i] === STRING) kinds[i] = CODE;
  }
  return {
    kinds,
    kindAt: (offset) => (kinds[offset] ?? CODE) as RegionKind,
    blank(blanked) {
      const set = new Set<number>(blanked);
      let out = '';
      let runStart = 0;
      for (let i = 0; i < text.length; i++) {
        if (!set.has(kinds[i])) continue;
        const char = text.charCodeAt(i);
        if (char === 10 || char === 13) continue;
        out += text.slice(runStart, i) + ' ';
        runStart = i + 1;
      }
      return out + text.slice(runStart);
    },
  };
}

function mark(kinds: Uint8Array, from: number, to: number, kind: RegionKind): void {
  kinds.fill(kind, from, Math.min(to, kinds.length));
}

/** End (exclusive) of a quoted string starting at `start`; single-line strings stop at the line break. */
function endOfString(text: string, start: number, quote: string, multiline: boolean): number {
  const closing = quote.length;
  let i = start + closing;
  while (i < text.length) {
    const char = text[i];
    if (char === '\\') {
      i += 2;
      continue;
    }
    if (char === '\n' && !multiline) return i;
    if (text.startsWith(quote, i)) return i + closing;
    i++;
  }
  return text.length;
}

function lexCLike(text: string, kinds: Uint8Array, family: Family, language: LanguageId): void {
  const hashComments = language === 'php';
  const singleQuoteStrings = language !== 'rust'; // Rust's 'a is a lifetime as often as a char
  let previousSignificant = '';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const next = text[i + 1];
    if (char === '/' && next === '/') {
      const end = lineEnd(text, i);
      mark(kinds, i, end, COMMENT);
      i = end;
      continue;
    }
    if (char === '/' && next === '*') {
      const close = text.indexOf('*/', i + 2);
      const end = close < 0 ? text.length : close + 2;
      mark(kinds, i, end, text[i + 2] === '*' && text[i + 3] !== '/' ? DOC : COMMENT);
      i = end;
      continue;
    }
    if (char === '#' && hashComments) {
      const end = lineEnd(text, i);
      mark(kinds, i, end, COMMENT);
      i = end;
      continue;
    }
    if (char === '"' && text.startsWith('"""', i) && family === 'c') {
      const end = endOfString(text, i, '"""', true);
      mark(kinds, i, end, STRING);
      i = end;
      previousSignificant = '"';
      continue;
    }
    if (char === '"' || (char === "'" && singleQuoteStrings) || (char === '`' && (family === 'js' || language === 'go' || language === 'kotlin'))) {
      const end = endOfString(text, i, char, char === '`');
      mark(kinds, i, end, STRING);
      i = end;
      previousSignificant = char;
      continue;
    }
    // A JavaScript regex literal holds quotes that would otherwise open a string: /['"]/.
    if (char === '/' && family === 'js' && (previousSignificant === '' || '(,=:[!&|?{};+-*%<>~^'.includes(previousSignificant))) {
      const end = endOfRegex(text, i);
      if (end > 0) {
        mark(kinds, i, end, STRING);
        i = end;
        previousSignificant = '/';
        continue;
      }
    }
    if (char !== ' ' && char !== '\t' && char !== '\n' && char !== '\r') previousSignificant = char;
    i++;
  }
}

/** End of a regex literal on one line, or -1 when this `/` is not one. */
function endOfRegex(text: string, start: number): number {
  let inClass = false;
  for (let i = start + 1; i < text.length; i++) {
    const char = text[i];
    if (char === '\n') return -1;
    if (char === '\\') {
      i++;
      continue;
    }
    if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) return i === start + 1 ? -1 : i + 1;
  }
  return -1;
}

function lineEnd(text: string, from: number): number {
  const newline = text.indexOf('\n', from);
  return newline < 0 ? text.length : newline;
}

function isLineStart(text: string, offset: number): boolean {
  for (let i = offset - 1; i >= 0; i--) {
    const char = text[i];
    if (char === '\n') return true;
    if (char !== ' ' && char !== '\t') return false;
  }
  return true;
}

function lexPython(text: string, kinds: Uint8Array): void {
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    if (char === '#') {
      const end = lineEnd(text, i);
      mark(kinds, i, end, COMMENT);
      i = end;
      continue;
    }
    if (char === '"' || char === "'") {
      // String prefixes (r, b, f, u and pairs) belong to the literal.
      let start = i;
      while (start > 0 && start > i - 2 && /[rbfuRBFU]/.test(text[start - 1]) && !/\w/.test(text[start - 2] ?? '')) start--;
      const triple = text.startsWith(char.repeat(3), i);
      const quote = triple ? char.repeat(3) : char;
      const end = endOfString(text, i, quote, triple);
      // A string that stands alone as a statement is documentation: a docstring or a block comment.
      const standalone = isLineStart(text, start) && /^[ \t]*(?:#[^\n]*)?(?:\n|$)/.test(text.slice(end, lineEnd(text, end) + 1));
      mark(kinds, start, end, standalone ? DOC : STRING);
      i = end;
      continue;
    }
    i++;
  }
}

function lexHash(text: string, kinds: Uint8Array, language: LanguageId): void {
  const semicolonComments = language === 'ini';
  const quotes = language !== 'dockerfile' && language !== 'makefile';
  let i = 0;
  while (i < text.length) {
    const char = text[i];
    const previous = i === 0 ? '\n' : text[i - 1];
    const atWordStart = previous === ' ' || previous === '\t' || previous === '\n';
    if ((char === '#' && atWordStart && (language !== 'dockerfile' || isLineStart(text, i))) || (char === ';' && semicolonComments && isLineStart(text, i))) {
      const end = lineEnd(text, i);
      mark(kinds, i, end, COMMENT);
      i = end;
      continue;
    }
    if (quotes && (char === '"' || char === "'") && !(language === 'yaml' && char === "'" && /\w/.test(previous))) {
      const end = endOfString(text, i, char, false);
      mark(kinds, i, end, STRING);
      i = end;
      continue;
    }
    i++;
  }
}

function lexMarkup(text: string, kinds: Uint8Array): void {
  let from = 0;
  for (let open = text.indexOf('<!--', from); open >= 0; open = text.indexOf('<!--', from)) {
    const close = text.indexOf('-->', open + 4);
    const end = close < 0 ? text.length : close + 3;
    mark(kinds, open, end, COMMENT);
    from = end;
  }
}
