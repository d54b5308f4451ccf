import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import type * as TreeSitter from '@vscode/tree-sitter-wasm';

/** The grammars Agent Guard ships; each is a `tree-sitter-<name>.wasm` file. */
export const GRAMMARS = ['python', 'go', 'java', 'php', 'ruby', 'bash'] as const;
export type GrammarName = (typeof GRAMMARS)[number];

/** The runtime module, as `@vscode/tree-sitter-wasm` exports it. */
export type TreeSitterModule = typeof TreeSitter;

/** Thrown when the runtime or a grammar cannot be found or loaded; `reason` says which. */
export class TreeSitterLoadError extends Error {
  constructor(readonly reason: 'not-found' | 'load-failed', message: string) {
    super(message);
    this.name = 'TreeSitterLoadError';
  }
  static is(error: unknown): error is TreeSitterLoadError {
    return error instanceof TreeSitterLoadError;
  }
}


let runtime: Promise<TreeSitterModule> | undefined;
const languages = new Map<GrammarName, Promise<TreeSitter.Language>>();
const parsers = new Map<GrammarName, TreeSitter.Parser>();
let wasmDirectory: string | undefined;

/**
 * Where the wasm files are: next to the bundle (dist/, for the CLI and the extension; esbuild.mjs copies them), else in
 * node_modules (tests and tsx). Resolved once, on first use.
 */
export function resolveWasmDirectory(): string {
  if (wasmDirectory) return wasmDirectory;
  const candidates = [__dirname];
  try {
    candidates.push(path.dirname(require.resolve('@vscode/tree-sitter-wasm')));
  } catch {
    // Not installed: only the bundled copy can serve.
  }
  const found = candidates.find((dir) => existsSync(path.join(dir, 'tree-sitter.wasm')));
  if (!found) throw new TreeSitterLoadError('not-found', `tree-sitter.wasm not found (looked in ${candidates.join(', ')})`);
  wasmDirectory = found;
  return found;
}

function loadRuntime(): Promise<TreeSitterModule> {
  runtime ??= (async () => {
    const directory = resolveWasmDirectory();
    // A dynamic import keeps the runtime's code unevaluated until the first file of a parsed language.
    const module = (await import('@vscode/tree-sitter-wasm')) as TreeSitterModule & { default?: TreeSitterModule };
    const treeSitter = module.Parser ? module : (module.default as TreeSitterModule);
    await treeSitter.Parser.init({ locateFile: (file: string) => path.join(directory, file) });
    return treeSitter;
  })().catch((error: unknown) => {
    runtime = undefined;
    throw TreeSitterLoadError.is(error) ? error : new TreeSitterLoadError('load-failed', `tree-sitter runtime failed to load: ${(error as Error).message}`);
  });
  return runtime;
}

/** The grammar of one language, loaded on first request and then cached. */
export function loadLanguage(grammar: GrammarName): Promise<TreeSitter.Language> {
  let language = languages.get(grammar);
  if (!language) {
    language = (async () => {
      const treeSitter = await loadRuntime();
      const file = path.join(resolveWasmDirectory(), `tree-sitter-${grammar}.wasm`);
      let bytes: Uint8Array;
      try {
        bytes = readFileSync(file);
      } catch {
        throw new TreeSitterLoadError('not-found', `grammar ${grammar} not found at ${file}`);
      }
      return treeSitter.Language.load(bytes);
    })();
    languages.set(grammar, language);
    language.catch(() => languages.delete(grammar));
  }
  return language;
}

/** A parser for one language. Parsing is synchronous, so one parser per language serves every file. */
export async function getParser(grammar: GrammarName): Promise<{ parser: TreeSitter.Parser; language: TreeSitter.Language; treeSitter: TreeSitterModule }> {
  const language = await loadLanguage(grammar);
  const treeSitter = await loadRuntime();
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new treeSitter.Parser();
    parser.setLanguage(language);
    parsers.set(grammar, parser);
  }
  return { parser, language, treeSitter };
}

/** True once the runtime has been requested; tests use it to prove nothing loads at import time. */
export function isRuntimeRequested(): boolean {
  return runtime !== undefined;
}
