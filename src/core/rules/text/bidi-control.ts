import type { Rule, RuleContext } from '../types';
import { describePlace, describeRun, evidenceAround, isProse, placeOf } from './hiddenChars';
import { regionsOf } from './lexer';

const BIDI = /[\u202A-\u202E\u2066-\u2069]+/g;
const MAX_REPORTS = 100;

/** Trojan Source (CVE-2021-42574): bidirectional controls that make code read differently from how it runs. */
export const bidiControl: Rule = {
  patterns: [BIDI],
  meta: {
    id: 'text/bidi-control',
    category: 'hidden-text',
    severity: 'high',
    confidence: 'high',
    cwe: [451, 1007],
    docs: {
      summary: 'Bidirectional control characters (Trojan Source)',
      why: 'Bidi overrides and isolates reorder how text is displayed, so a reviewer sees one program while the compiler runs another: a comment can appear to close early, or a condition can hide inside a string (the "Trojan Source" attack).',
      fix: 'Delete the control characters. If right-to-left text is really needed in a string, write the characters as escapes (`\\u202E`) so they are visible in review.',
      example: { bad: 'if (access !== "user<U+202E> <U+2066>// Check if admin<U+2069> <U+2066>") {', good: 'if (access !== "user") { // Check if admin' },
    },
    messages: { found: '{{names}} in {{place}}: text shows in a different order than it runs' },
  },
  check(context: RuleContext) {
    if (!/[\u202A-\u202E\u2066-\u2069]/.test(context.text)) return;
    const regions = regionsOf(context);
    let reported = 0;
    for (const match of context.text.matchAll(BIDI)) {
      if (reported++ >= MAX_REPORTS || context.timedOut()) return;
      const start = match.index;
      const end = start + match[0].length;
      const place = placeOf(context, regions.kindAt(start), start, end);
      context.report({
        messageId: 'found',
        data: { names: describeRun(match[0]), place: describePlace(place) },
        start,
        end,
        evidence: evidenceAround(context, start, end),
        severity: isProse(context) ? 'medium' : 'high',
      });
    }
  },
};
