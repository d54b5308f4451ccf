import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { RuleContext } from '../../rules/types';
import type { GrammarName } from './loader';
import { getParser } from './loader';
import type { FileModel, Site } from './model';

/** Everything a language needs to turn its syntax tree into sites. */
export interface LanguageAdapter {
  grammar: GrammarName;
  /** A tree-sitter query whose captures are the nodes the extractor reads, handled in document order. */
  query: string;
  /** Every regex the extractor runs, so the ReDoS test of each rule of the language checks them. */
  patterns: readonly RegExp[];
  extract(captures: readonly TreeSitter.QueryCapture[], text: string, timedOut: () => boolean): { sites: Site[]; aliases: Map<string, string> };
}

const queries = new Map<GrammarName, TreeSitter.Query>();

/** Parses the file once for every rule of its language (through `context.shared`) and returns its sites. */
export function analyzeFile(context: RuleContext, adapter: LanguageAdapter): Promise<FileModel> {
  return context.shared(`treeSitter:${adapter.grammar}`, () => buildModel(context.text, adapter, context.timedOut));
}

async function buildModel(text: string, adapter: LanguageAdapter, timedOut: () => boolean): Promise<FileModel> {
  const empty = { sites: [], hasSyntaxErrors: false, aliases: new Map<string, string>() };
  let loaded: Awaited<ReturnType<typeof getParser>>;
  try {
    loaded = await getParser(adapter.grammar);
  } catch (error) {
    return { ...empty, degraded: { reason: 'runtime-unavailable', detail: (error as Error).message } };
  }
  const { parser, language, treeSitter } = loaded;
  let query = queries.get(adapter.grammar);
  if (!query) {
    query = new treeSitter.Query(language, adapter.query);
    queries.set(adapter.grammar, query);
  }
  // A cancelled parse would otherwise resume on the next file.
  parser.reset();
  let cancelled = false;
  const tree = parser.parse(text, null, {
    progressCallback: () => {
      cancelled = timedOut();
      return cancelled;
    },
  });
  if (!tree || cancelled) return { ...empty, degraded: { reason: 'timeout', detail: 'the time budget ran out while parsing' } };
  try {
    const captures = query.captures(tree.rootNode, { progressCallback: () => timedOut() });
    const { sites, aliases } = adapter.extract(captures, text, timedOut);
    const model: FileModel = { sites, aliases, hasSyntaxErrors: tree.rootNode.hasError };
    if (timedOut()) model.degraded = { reason: 'timeout', detail: 'the time budget ran out while reading the syntax tree' };
    return model;
  } finally {
    // Trees live in wasm memory: free each one as soon as its sites are out.
    tree.delete();
  }
}
