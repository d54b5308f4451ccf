import type { Severity } from '../../model/finding';
import type { Rule, RuleContext } from '../types';
import { pathKindIs } from '../files/support';
import type { Place } from './hiddenChars';
import { describePlace, describeRun, evidenceAround, placeOf } from './hiddenChars';
import { CODE, regionsOf } from './lexer';

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]+/g;
const MAX_REPORTS = 100;

const SEVERITY: Record<Place, Severity> = { identifier: 'high', string: 'medium', comment: 'medium', code: 'medium', text: 'low' };

/** ZWJ and ZWNJ join emoji and shape Arabic and Indic scripts: legitimate next to non-ASCII text. */
function isJoinerInScript(text: string, start: number, run: string): boolean {
  if (!/^[\u200C\u200D]+$/.test(run)) return false;
  const before = text.codePointAt(start - 1) ?? 0;
  const beforeAstral = start >= 2 ? text.codePointAt(start - 2) ?? 0 : 0;
  const after = text.codePointAt(start + run.length) ?? 0;
  return before > 0x7f || beforeAstral > 0xffff || after > 0x7f;
}

/**
 * Zero-width characters (U+200B–U+200D, U+2060, U+FEFF after the start) make two different identifiers look
 * identical, hide content in strings, or carry hidden bits in prose. A BOM at the very start of a file is
 * dropped when the file is read and is never seen here.
 */
export const zeroWidth: Rule = {
  patterns: [ZERO_WIDTH],
  meta: {
    id: 'text/zero-width',
    category: 'hidden-text',
    severity: 'high',
    confidence: 'high',
    cwe: [1007],
    docs: {
      summary: 'Zero-width characters inside an identifier, a string or a comment',
      why: 'A zero-width character is invisible: `isAdmin` and `is<U+200B>Admin` look the same in review but are different names, so a check can call a look-alike function or compare against a value that never matches.',
      fix: 'Delete the character. If a joiner is really needed in text (emoji, Indic or Arabic scripts), write it as an escape so reviewers can see it.',
    },
    messages: { found: '{{names}} inside {{place}}' },
  },
  check(context: RuleContext) {
    if (!/[\u200B-\u200D\u2060\uFEFF]/.test(context.text)) return;
    const regions = regionsOf(context);
    const agentFile = pathKindIs(context.path, 'agent-control', 'mcp-config');
    let reported = 0;
    for (const match of context.text.matchAll(ZERO_WIDTH)) {
      if (reported >= MAX_REPORTS || context.timedOut()) return;
      const start = match.index;
      const end = start + match[0].length;
      if (start === 0 && match[0].startsWith('\uFEFF') && match[0].length === 1) continue;
      if (isJoinerInScript(context.text, start, match[0])) continue;
      // `**\u200B/` keeps a glob from closing a JSDoc comment: a known, visible-in-intent idiom.
      if (match[0] === '\u200B' && context.text[start - 1] === '*' && context.text[end] === '/' && regions.kindAt(start) !== CODE) continue;
      reported++;
      const place = placeOf(context, regions.kindAt(start), start, end);
      context.report({
        messageId: 'found',
        data: { names: describeRun(match[0]), place: describePlace(place) },
        start,
        end,
        evidence: evidenceAround(context, start, end),
        severity: place === 'text' && agentFile ? 'medium' : SEVERITY[place],
      });
    }
  },
};
