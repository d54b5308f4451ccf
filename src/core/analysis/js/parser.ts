import type * as TS from 'typescript';
import type { LanguageId } from '../../scan/language';

/**
 * Lazy access to the TypeScript parser, the one that typescript-estree wraps.
 *
 * We call it directly rather than through typescript-estree's `parse()` for two measured reasons:
 * typescript-estree throws away TypeScript's error recovery (it throws on the first syntax error,
 * while `createSourceFile` always returns a recovered tree plus its diagnostics), and its ESTree
 * conversion costs about 9 of every 10 milliseconds of a parse (≈45 ms against ≈5 ms on a 2,000-line
 * file here). The module is required on first use only, so loading the rule registry costs nothing.
 */
let typescript: typeof TS | undefined;
let loadMs = 0;

export function loadTypeScript(): typeof TS {
  if (!typescript) {
    const started = performance.now();
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require('typescript') as typeof TS;
    // TypeScript's CommonJS build exports every member through a getter; one plain copy makes each of
    // the analysis's millions of `ts.isX`/`ts.SyntaxKind` reads a field read (a fifth of its time otherwise).
    typescript = { ...loaded };
    loadMs = performance.now() - started;
  }
  return typescript;
}

/** How long the first `require('typescript')` took, 0 before it happened. For the benchmark. */
export function parserLoadMs(): number {
  return loadMs;
}

/** A parsed file: the tree, where it came from, and what went wrong on the way. */
export interface ParsedScript {
  ts: typeof TS;
  sourceFile: TS.SourceFile;
  /** The text that was parsed: the file itself, or for .vue/.html the file with everything but scripts blanked. */
  text: string;
  /** Offsets of syntax errors TypeScript recovered from. */
  syntaxErrors: { start: number; message: string }[];
  /** True when the file embeds scripts (.vue, .html) and only those were parsed. */
  embedded: boolean;
}

/**
 * Parses a JS-family file, or the `<script>` blocks of a .vue or .html file. Non-script text is replaced
 * by spaces (newlines kept), so offsets in the tree are offsets in the file.
 */
export function parseScript(path: string, text: string, language: LanguageId): ParsedScript {
  const ts = loadTypeScript();
  let source = text;
  let kind: TS.ScriptKind;
  let embedded = false;
  if (language === 'vue' || language === 'html') {
    const extracted = extractScripts(text);
    source = extracted.text;
    kind = extracted.typescript ? ts.ScriptKind.TSX : ts.ScriptKind.JSX;
    embedded = true;
  } else {
    kind = scriptKind(ts, path, language);
  }
  // JSDoc is never read by the rules; not parsing it saves time on documented code.
  const sourceFile = ts.createSourceFile(path, source, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, kind);
  const diagnostics = (sourceFile as unknown as { parseDiagnostics?: { start?: number; messageText: unknown }[] }).parseDiagnostics ?? [];
  const syntaxErrors = diagnostics.map((d) => ({
    start: d.start ?? 0,
    message: typeof d.messageText === 'string' ? d.messageText : 'syntax error',
  }));
  return { ts, sourceFile, text: source, syntaxErrors, embedded };
}

function scriptKind(ts: typeof TS, path: string, language: LanguageId): TS.ScriptKind {
  if (language === 'typescript' || /\.[cm]?ts$/i.test(path)) return ts.ScriptKind.TS;
  if (language === 'typescriptreact') return ts.ScriptKind.TSX;
  // JSX is common in plain .js files (React), and TypeScript parses it there without complaint.
  return ts.ScriptKind.JSX;
}

/** Keeps `<script>` bodies (not `src=` or non-JS types) and blanks the rest, keeping line breaks. */
export function extractScripts(text: string): { text: string; typescript: boolean } {
  const out: string[] = [];
  let cursor = 0;
  let typescript = false;
  // indexOf rather than a regex: `<script[^>]*>` searched over text full of unclosed tags is quadratic.
  const lower = text.toLowerCase();
  for (let open = lower.indexOf('<script'); open >= 0; open = lower.indexOf('<script', cursor)) {
    const tagEnd = lower.indexOf('>', open);
    if (tagEnd < 0) break;
    const next = lower.charAt(open + 7);
    if (next !== '>' && !/\s/.test(next)) {
      out.push(blank(text.slice(cursor, open + 7)));
      cursor = open + 7;
      continue;
    }
    const openEnd = tagEnd + 1;
    const close = lower.indexOf('</script', openEnd);
    const bodyEnd = close < 0 ? text.length : close;
    const attrs = lower.slice(open, openEnd);
    const isJs = !/\btype\s*=/.test(attrs) || /type\s*=\s*["']?(?:module|text\/javascript|application\/javascript)/.test(attrs);
    if (/\blang\s*=\s*["']?tsx?\b/.test(attrs)) typescript = true;
    out.push(blank(text.slice(cursor, openEnd)));
    out.push(isJs ? text.slice(openEnd, bodyEnd) : blank(text.slice(openEnd, bodyEnd)));
    cursor = bodyEnd;
  }
  out.push(blank(text.slice(cursor)));
  return { text: out.join(''), typescript };
}

function blank(segment: string): string {
  return segment.replace(/[^\n]/g, ' ');
}

/** The patterns this module runs over file text, for the ReDoS test. */
export const PARSER_PATTERNS: readonly RegExp[] = [/\btype\s*=/, /type\s*=\s*["']?(?:module|text\/javascript|application\/javascript)/, /\blang\s*=\s*["']?tsx?\b/];
