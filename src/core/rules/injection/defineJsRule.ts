import { ANALYZER_PATTERNS } from '../../analysis/js/analyzer';
import { JS_ANALYSIS_PATTERNS, reportJsRule } from '../../analysis/js/jsAnalysis';
import { PARSER_PATTERNS, loadTypeScript } from '../../analysis/js/parser';
import type { SinkId } from '../../analysis/js/sinkIds';
import type { LanguageId } from '../../scan/language';
import { JS_FAMILY } from '../../scan/language';
import type { Rule, RuleMeta } from '../types';

/** JS, TS, JSX, TSX, and the scripts of .vue and .html files. */
export const JS_RULE_LANGUAGES: readonly LanguageId[] = [...JS_FAMILY, 'vue', 'html'];

/** The regexes behind every JS rule (the parser's script finder, the analysis, the token fallback). */
const SHARED_PATTERNS: readonly RegExp[] = [...PARSER_PATTERNS, ...ANALYZER_PATTERNS, ...JS_ANALYSIS_PATTERNS];

/**
 * A JS/TS injection rule: its metadata, and a check that reports the rule's share of the file's one
 * shared analysis. The message ids are fixed by the analysis: `tainted` (a known source reaches the
 * sink), `unknown` (a non-literal of unknown origin does), `partial` (a token-level check on text
 * that did not parse), each optionally with a variant suffix such as `taintedWhole`.
 */
export function defineJsRule(meta: Omit<RuleMeta, 'category' | 'languages' | 'id'> & { id: SinkId }, options: { sharedPatterns?: boolean } = {}): Rule {
  return {
    meta: { ...meta, category: 'injection', languages: JS_RULE_LANGUAGES },
    // Declared once, on the SQL rule, so the ReDoS test checks each shared pattern once.
    patterns: options.sharedPatterns ? SHARED_PATTERNS : undefined,
    prepare() {
      loadTypeScript();
    },
    check(context) {
      reportJsRule(context, meta.id);
    },
  };
}

/** The three standard messages, phrased for one sink. */
export function jsMessages(what: string): Record<'tainted' | 'unknown' | 'partial', string> {
  const What = what[0].toUpperCase() + what.slice(1);
  return {
    tainted: `{{source}} flows into ${what} ({{sink}})`,
    unknown: `${What} ({{sink}}) is built from {{what}}, a non-literal of unknown origin`,
    partial: `${What} ({{sink}}) with a non-literal value; token-level check, this part of the file did not parse`,
  };
}
