import type * as TypescriptEstree from '@typescript-eslint/typescript-estree';
import type { LanguageId } from '../scan/language';

let estree: typeof TypescriptEstree | undefined;

/** typescript-estree (and the TypeScript compiler under it) is loaded on the first JS import scan, never with the registry. */
function estreeParser(): typeof TypescriptEstree {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- deferred on purpose: the compiler is megabytes
  estree ??= require('@typescript-eslint/typescript-estree') as typeof TypescriptEstree;
  return estree;
}

/** One import of a module by name, with the span of the module string. */
export interface ImportedModule {
  /** As written: `lodash/fp`, `node:fs`, `yaml`, `google.cloud.storage`. */
  specifier: string;
  start: number;
  end: number;
}

/**
 * Imports of a JavaScript or TypeScript file: `import … from`, `export … from`, `import()` and
 * `require()` with a literal argument. Parsed with typescript-estree, so strings and comments that look
 * like imports are not counted. A file that does not parse gives nothing.
 */
export function jsImports(text: string, language: LanguageId): ImportedModule[] {
  let program: unknown;
  try {
    program = estreeParser().parse(text, { jsx: language === 'javascriptreact' || language === 'typescriptreact', range: true, loc: false, comment: false, tokens: false, errorOnUnknownASTType: false, allowInvalidAST: true });
  } catch {
    return [];
  }
  const found: ImportedModule[] = [];
  const literal = (node: unknown): node is { type: 'Literal'; value: unknown; range: [number, number] } =>
    !!node && typeof node === 'object' && (node as { type?: string }).type === 'Literal' && typeof (node as { value?: unknown }).value === 'string';
  const add = (node: { value: unknown; range: [number, number] }) => found.push({ specifier: String(node.value), start: node.range[0], end: node.range[1] });
  const stack: unknown[] = [program];
  let visited = 0;
  while (stack.length) {
    const node = stack.pop() as Record<string, unknown> | undefined;
    if (!node || typeof node !== 'object') continue;
    if (++visited > 2_000_000) break;
    if (Array.isArray(node)) {
      for (const child of node) stack.push(child);
      continue;
    }
    switch (node.type) {
      case 'ImportDeclaration':
      case 'ExportAllDeclaration':
      case 'ExportNamedDeclaration':
      case 'ImportExpression':
        if (literal(node.source)) add(node.source);
        break;
      case 'TSImportEqualsDeclaration': {
        const reference = node.moduleReference as { type?: string; expression?: unknown } | undefined;
        if (reference?.type === 'TSExternalModuleReference' && literal(reference.expression)) add(reference.expression);
        break;
      }
      case 'CallExpression': {
        const callee = node.callee as { type?: string; name?: string } | undefined;
        const args = node.arguments as unknown[] | undefined;
        if (callee?.type === 'Identifier' && callee.name === 'require' && args?.length === 1 && literal(args[0])) add(args[0]);
        break;
      }
    }
    for (const key in node) {
      if (key === 'parent' || key === 'range' || key === 'loc') continue;
      const child = node[key];
      if (child && typeof child === 'object') stack.push(child);
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** The npm package a bare specifier names (`@scope/name/sub` gives `@scope/name`), or undefined for relative, absolute, URL and `#` imports. */
export function packageOfSpecifier(specifier: string): string | undefined {
  if (!specifier || specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('#') || specifier.startsWith('~')) return undefined;
  if (specifier.includes(':')) return undefined;
  const parts = specifier.split('/');
  if (specifier.startsWith('@')) return parts.length >= 2 && parts[1] ? `${parts[0]}/${parts[1]}` : undefined;
  return parts[0];
}

/**
 * Imports of a Python file: `import a.b as c, d` and `from a.b import c` (relative imports skipped).
 * A small tokenizer: lines inside triple-quoted strings and comments are skipped, and `;` separates statements.
 */
export function pythonImports(text: string): ImportedModule[] {
  const found: ImportedModule[] = [];
  let inString: string | undefined;
  let offset = 0;
  for (const rawLine of text.split('\n')) {
    const lineStart = offset;
    offset += rawLine.length + 1;
    let line = rawLine;
    if (inString) {
      const close = line.indexOf(inString);
      if (close < 0) continue;
      line = ' '.repeat(close + 3) + line.slice(close + 3);
      inString = undefined;
    }
    const opened = openTripleQuote(line);
    if (opened) {
      inString = opened.quote;
      line = line.slice(0, opened.at);
    }
    const hash = line.indexOf('#');
    if (hash >= 0) line = line.slice(0, hash);
    let statementStart = 0;
    for (const statement of line.split(';')) {
      const base = lineStart + statementStart;
      statementStart += statement.length + 1;
      const trimmed = statement.trimStart();
      const indent = statement.length - trimmed.length;
      if (trimmed.startsWith('import ')) {
        let cursor = indent + 'import '.length;
        for (const part of trimmed.slice('import '.length).split(',')) {
          const name = part.trim().split(/\s+/)[0];
          const at = statement.indexOf(name, cursor);
          if (isModuleName(name) && at >= 0) found.push({ specifier: name, start: base + at, end: base + at + name.length });
          cursor += part.length + 1;
        }
      } else if (trimmed.startsWith('from ')) {
        const name = trimmed.slice(5).trimStart().split(/\s+/)[0];
        const at = statement.indexOf(name, indent + 5);
        if (isModuleName(name) && at >= 0 && /\bimport\b/.test(trimmed)) found.push({ specifier: name, start: base + at, end: base + at + name.length });
      }
    }
  }
  return found;
}

function isModuleName(name: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(name) && name.length < 200;
}

/** Where a line opens a triple-quoted string that it doesn't close. */
function openTripleQuote(line: string): { quote: string; at: number } | undefined {
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '#') return undefined;
    if (c === '"' || c === "'") {
      const triple = line.startsWith(c.repeat(3), i);
      const quote = triple ? c.repeat(3) : c;
      const close = line.indexOf(quote, i + quote.length);
      if (close < 0) return triple ? { quote, at: i } : undefined;
      i = close + quote.length;
      continue;
    }
    i++;
  }
  return undefined;
}

export const IMPORT_PATTERNS: readonly RegExp[] = [/\s+/, /\bimport\b/, /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/];
