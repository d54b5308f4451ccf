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

/** The longest a first-use load of the runtime and a grammar may extend one file's budget. */
const MAX_LOAD_GRACE_MS = 1000;

async function buildModel(text: string, adapter: LanguageAdapter, fileTimedOut: () => boolean): Promise<FileModel> {
  const empty = { sites: [], hasSyntaxErrors: false, aliases: new Map<string, string>() };
  let loaded: Awaited<ReturnType<typeof getParser>>;
  const loadStarted = performance.now();
  try {
    loaded = await getParser(adapter.grammar);
  } catch (error) {
    return { ...empty, degraded: { reason: 'runtime-unavailable', detail: (error as Error).message } };
  }
  // The first file of a language pays for loading the parser; that time (up to a second) is added to its
  // budget so a slow load does not turn into an empty result. Warm, the grace is zero.
  const grace = Math.min(performance.now() - loadStarted, MAX_LOAD_GRACE_MS);
  let overAt: number | undefined;
  const timedOut = (): boolean => {
    if (!fileTimedOut()) return false;
    overAt ??= performance.now();
    return performance.now() - overAt > grace;
  };
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
