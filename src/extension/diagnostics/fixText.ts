/**
 * The text arithmetic behind the quick fixes. No vscode import: it works on strings and offsets, so unit
 * tests cover it without an editor, and the code-action provider only turns its answers into edits.
 */

/** How a language writes a comment; `end` is set for block-only syntaxes (HTML, CSS). */
export interface CommentSyntax {
  start: string;
  end?: string;
}

const LINE_SLASH = new Set([
  'javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'java', 'go', 'c', 'cpp', 'csharp', 'rust', 'kotlin',
  'swift', 'scala', 'php', 'jsonc', 'dart', 'groovy', 'objective-c', 'objective-cpp', 'fsharp', 'scss', 'less', 'proto', 'zig',
]);
const LINE_HASH = new Set([
  'python', 'ruby', 'shellscript', 'yaml', 'toml', 'dockerfile', 'makefile', 'perl', 'r', 'powershell', 'dotenv', 'properties',
  'ini', 'coffeescript', 'elixir', 'graphql', 'julia', 'nim', 'terraform', 'hcl', 'nix', 'cmake', 'gitignore', 'ignore', 'plaintext',
  'requirements', 'pip-requirements', 'conf', 'nginx',
]);
const LINE_DASHES = new Set(['sql', 'lua', 'haskell', 'ada', 'elm']);
const BLOCK_MARKUP = new Set(['html', 'xml', 'markdown', 'vue', 'svelte', 'xsl', 'svg', 'razor', 'aspnetcorerazor']);
const BLOCK_C = new Set(['css']);

/** The comment syntax of a VS Code language id, or undefined where comments don't exist (JSON). */
export function commentSyntax(languageId: string): CommentSyntax | undefined {
  if (LINE_SLASH.has(languageId)) return { start: '//' };
  if (LINE_HASH.has(languageId)) return { start: '#' };
  if (LINE_DASHES.has(languageId)) return { start: '--' };
  if (BLOCK_MARKUP.has(languageId)) return { start: '<!--', end: '-->' };
  if (BLOCK_C.has(languageId)) return { start: '/*', end: '*/' };
  if (languageId === 'bat') return { start: 'REM' };
  if (languageId === 'vb') return { start: "'" };
  if (languageId === 'latex' || languageId === 'tex' || languageId === 'erlang') return { start: '%' };
  return undefined;
}

/** One line of reason: no line breaks, no comment terminators, at most 200 characters. */
export function sanitizeReason(reason: string): string {
  return reason
    .replace(/[\r\n\u2028\u2029]+/g, ' ')
    .replace(/\s*(?:\*\/|-->)|\s--\s?/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 200);
}

/** `// agent-guard-ignore: rule -- reason`, indented like the line it sits above. */
export function ignoreCommentLine(syntax: CommentSyntax, ruleId: string, reason: string, indentation: string): string {
  const body = `agent-guard-ignore: ${ruleId} -- ${sanitizeReason(reason) || 'no reason given'}`;
  return `${indentation}${syntax.start} ${body}${syntax.end ? ` ${syntax.end}` : ''}`;
}

/** Leading whitespace of a line. */
export function indentationOf(lineText: string): string {
  return /^[ \t]*/.exec(lineText)![0];
}

/**
 * True when `offset` sits inside a string that spans lines (a JS template literal, a Python triple-quoted
 * string, a Go raw string), where a comment line would become part of the string. Best effort: it counts
 * unescaped delimiters from the start of the file and ignores comments.
 */
export function insideMultilineString(text: string, offset: number, languageId: string): boolean {
  const delimiters = multilineDelimiters(languageId);
  if (delimiters.length === 0) return false;
  let open: string | undefined;
  for (let i = 0; i < offset; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (open) {
      if (text.startsWith(open, i)) {
        i += open.length - 1;
        open = undefined;
      }
      continue;
    }
    for (const delimiter of delimiters) {
      if (text.startsWith(delimiter, i)) {
        open = delimiter;
        i += delimiter.length - 1;
        break;
      }
    }
  }
  return open !== undefined;
}

function multilineDelimiters(languageId: string): string[] {
  if (['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'go'].includes(languageId)) return ['`'];
  if (languageId === 'python') return ['"""', "'''"];
  if (['java', 'kotlin', 'csharp'].includes(languageId)) return ['"""'];
  return [];
}

/** The expression that reads an environment variable, by language; undefined where there is none we write. */
export function envReference(languageId: string, name: string): string | undefined {
  switch (languageId) {
    case 'javascript':
    case 'typescript':
    case 'javascriptreact':
    case 'typescriptreact':
      return `process.env.${name}`;
    case 'python':
      return `os.environ["${name}"]`;
    case 'go':
      return `os.Getenv("${name}")`;
    case 'java':
    case 'kotlin':
      return `System.getenv("${name}")`;
    case 'csharp':
      return `Environment.GetEnvironmentVariable("${name}")`;
    case 'ruby':
      return `ENV["${name}"]`;
    case 'php':
      return `getenv('${name}')`;
    default:
      return undefined;
  }
}

/** A name fit for an environment variable: upper snake case, starting with a letter or underscore. */
export function isEnvName(name: string): boolean {
  return /^[A-Z_][A-Z0-9_]{0,127}$/.test(name);
}

/** `signingKey`, `signing-key`, `signing.key` → `SIGNING_KEY`. */
export function toEnvName(identifier: string): string {
  const snake = identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  if (!snake) return '';
  return /^[0-9]/.test(snake) ? `_${snake}` : snake.slice(0, 128);
}

/**
 * Proposes a variable name from what the literal is assigned to (`const apiKey = "…"` → `API_KEY`,
 * `"token": "…"` → `TOKEN`), else from the rule id (`secrets/private-key` → `PRIVATE_KEY`).
 */
export function proposeEnvName(textBeforeLiteral: string, ruleId: string): string {
  const assignment = /([A-Za-z_$][\w$.-]*)["']?\s*(?::=|=>|=|:)\s*$/.exec(textBeforeLiteral.slice(-200));
  const candidate = assignment ? toEnvName(assignment[1].split('.').pop() ?? '') : '';
  if (isEnvName(candidate) && !/^(?:CONST|LET|VAR|VAL|DEF|RETURN)$/.test(candidate)) return candidate;
  const fromRule = toEnvName(ruleId.split('/').pop() ?? 'secret');
  return isEnvName(fromRule) ? fromRule : 'SECRET';
}

/** A string literal around a finding: offsets of its quotes and of its content. */
export interface StringLiteral {
  /** Offset of the opening quote (prefix letters like `r`, `b`, `f` and `@` excluded). */
  start: number;
  /** Offset just past the closing quote. */
  end: number;
  quote: string;
  contentStart: number;
  contentEnd: number;
}

/**
 * Finds the string literal that holds the span [from, to). The opening quote is searched backwards on
 * the span's first line, the closing one forwards (across lines only for delimiters that allow it).
 * Undefined when the span is not inside one literal, or the literal interpolates code (`${…}`).
 */
export function findStringLiteral(text: string, from: number, to: number, languageId: string): StringLiteral | undefined {
  const lineStart = text.lastIndexOf('\n', from - 1) + 1;
  const quotes = quoteCandidates(languageId);
  for (let i = from - 1; i >= lineStart; i--) {
    const quote = quotes.find((q) => text.startsWith(q, i - q.length + 1) && !isEscaped(text, i - q.length + 1));
    if (!quote) continue;
    const open = i - quote.length + 1;
    const contentStart = open + quote.length;
    const close = findClosing(text, contentStart, quote);
    if (close < 0 || close < to) return undefined;
    const multiline = quote === '`' || quote.length === 3;
    if (!multiline && text.slice(contentStart, close).includes('\n')) return undefined;
    if (quote === '`' && /\$\{/.test(text.slice(contentStart, close))) return undefined;
    return { start: open, end: close + quote.length, quote, contentStart, contentEnd: close };
  }
  return undefined;
}

function quoteCandidates(languageId: string): string[] {
  if (languageId === 'python') return ['"""', "'''", '"', "'"];
  if (['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'go'].includes(languageId)) return ['`', '"', "'"];
  if (['java', 'kotlin', 'csharp'].includes(languageId)) return ['"""', '"'];
  return ['"', "'"];
}

function isEscaped(text: string, index: number): boolean {
  let backslashes = 0;
  for (let i = index - 1; i >= 0 && text[i] === '\\'; i--) backslashes++;
  return backslashes % 2 === 1;
}

function findClosing(text: string, from: number, quote: string): number {
  for (let i = from; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
      continue;
    }
    if (text.startsWith(quote, i)) return i;
    if (quote.length === 1 && quote !== '`' && text[i] === '\n') return -1;
  }
  return -1;
}

/** The edit that moves a secret out: what replaces [start, end) of the document. */
export interface EnvReplacement {
  start: number;
  end: number;
  text: string;
}

/**
 * Replaces the literal holding the secret span with an environment read. When the literal holds more
 * than the secret (`"Bearer sk-…"`), the rest stays as literal text joined with `+`, so behaviour is kept.
 * The secret itself appears in no output string.
 */
export function envReplacement(text: string, spanStart: number, spanEnd: number, languageId: string, name: string): EnvReplacement | undefined {
  const reference = envReference(languageId, name);
  if (!reference || !isEnvName(name)) return undefined;
  const literal = findStringLiteral(text, spanStart, spanEnd, languageId);
  if (!literal) return undefined;
  const prefix = text.slice(literal.contentStart, spanStart);
  const suffix = text.slice(spanEnd, literal.contentEnd);
  const join = languageId === 'php' ? ' . ' : ' + ';
  const piece = (content: string) => `${literal.quote}${content}${literal.quote}`;
  const parts = [prefix.trim() ? piece(prefix) : '', reference, suffix.trim() || /\\n/.test(suffix) ? piece(suffix) : ''].filter(Boolean);
  return { start: literal.start, end: literal.end, text: parts.join(join) };
}

/** `.env.example` with `NAME=` appended (no value), or undefined when the name is already there. */
export function withEnvExampleEntry(existing: string | undefined, name: string): string | undefined {
  const current = existing ?? '';
  if (new RegExp(`^\\s*(?:export\\s+)?${name}\\s*=`, 'm').test(current)) return undefined;
  const separator = current === '' || current.endsWith('\n') ? '' : '\n';
  return `${current}${separator}${name}=\n`;
}

/** For Python, the line to insert so that `os.environ` resolves, and where; undefined when `os` is imported. */
export function pythonOsImport(text: string): { offset: number; text: string } | undefined {
  if (/^\s*import\s+(?:[\w.]+\s*,\s*)*os\b|^\s*from\s+os\s+import\s+[^\n]*\benviron\b/m.test(text)) return undefined;
  // After a shebang, an encoding line and `from __future__` imports, which must come first.
  const lines = text.split('\n');
  let offset = 0;
  for (const line of lines) {
    if (/^#!|^#.*coding[:=]|^from __future__ import/.test(line)) offset += line.length + 1;
    else break;
  }
  return { offset, text: 'import os\n' };
}
