import { formatCodePoint } from '../../model/safeText';
import type { LanguageId } from '../../scan/language';
import type { Rule, RuleContext } from '../types';
import { IDENTIFIER_CHAR } from './hiddenChars';
import { CODE, regionsOf } from './lexer';

const NON_ASCII = /[^\x00-\x7F]/g;
const LATIN = /\p{Script=Latin}/u;
const CONFUSABLE_SCRIPT = /[\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Armenian}\p{Script=Cherokee}]/u;
/** Cyrillic and Greek letters that look like Latin ones in common fonts. */
const LOOKALIKES = new Set([...'аеорсухіјѕԁӏԛԝвкмнтАВЕКМНОРСТХІЈЅοανρτυικΑΒΕΖΗΙΚΜΝΟΡΤΥΧ']);
const CODE_LANGUAGES = new Set<LanguageId>(['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin', 'csharp', 'rust', 'php', 'ruby']);
const SINGLE_SCRIPT = /^[\p{Script=Cyrillic}]+$|^[\p{Script=Greek}]+$/u;
const SURROGATE = /[\uD800-\uDFFF]/;
const LETTER = /\p{L}/u;
const MAX_REPORTS = 50;

function scriptOf(char: string): string {
  if (/\p{Script=Cyrillic}/u.test(char)) return 'Cyrillic';
  if (/\p{Script=Greek}/u.test(char)) return 'Greek';
  if (/\p{Script=Armenian}/u.test(char)) return 'Armenian';
  if (/\p{Script=Cherokee}/u.test(char)) return 'Cherokee';
  return 'other';
}

/** The identifier with each look-alike letter shown by code point: `p<U+0430 Cyrillic>ypal`. */
function annotate(identifier: string): string {
  let out = '';
  for (const char of identifier) out += CONFUSABLE_SCRIPT.test(char) ? `<${formatCodePoint(char.codePointAt(0) ?? 0)} ${scriptOf(char)}>` : char;
  return out;
}

/**
 * Identifiers that mix Latin letters with Cyrillic, Greek, Armenian or Cherokee ones, or that are spelled
 * entirely with Cyrillic or Greek look-alikes of Latin letters. Only code counts: strings and comments in
 * other languages are normal.
 */
export const mixedScriptIdentifier: Rule = {
  patterns: [NON_ASCII, LATIN, CONFUSABLE_SCRIPT, IDENTIFIER_CHAR, SINGLE_SCRIPT, SURROGATE, LETTER],
  meta: {
    id: 'text/mixed-script-identifier',
    category: 'hidden-text',
    severity: 'high',
    confidence: 'medium',
    cwe: [1007],
    languages: [...CODE_LANGUAGES],
    docs: {
      summary: 'An identifier spelled with look-alike letters from another script',
      why: 'A Cyrillic "а" looks exactly like a Latin "a", so `pаssword` and `password` read the same in review but are different names: a look-alike function can shadow the real one, or a check can test a variable that is never set.',
      fix: 'Retype the identifier in one script (usually plain ASCII); if non-Latin identifiers are intended, keep each identifier in a single script.',
      example: { bad: 'if (isАdmin(user)) {  // "А" is U+0410 CYRILLIC CAPITAL LETTER A', good: 'if (isAdmin(user)) {' },
    },
    messages: {
      mixed: 'Identifier {{shown}} mixes Latin with {{scripts}} letters that look alike',
      wholeScript: 'Identifier {{shown}} is spelled with {{scripts}} letters that look like Latin ones',
    },
  },
  check(context: RuleContext) {
    const { text } = context;
    if (!/[^\x00-\x7F]/.test(text)) return;
    const regions = regionsOf(context);
    const seen = new Set<number>();
    let reported = 0;
    for (const match of text.matchAll(NON_ASCII)) {
      if (reported >= MAX_REPORTS || context.timedOut()) return;
      if (regions.kindAt(match.index) !== CODE || seen.has(match.index)) continue;
      let start = match.index;
      let end = match.index;
      while (start > 0 && IDENTIFIER_CHAR.test(text[start - 1])) start--;
      while (end < text.length && (IDENTIFIER_CHAR.test(text[end]) || SURROGATE.test(text[end]))) end++;
      for (let i = start; i < end; i++) seen.add(i);
      const identifier = text.slice(start, end);
      if (!identifier || !IDENTIFIER_CHAR.test(identifier[0])) continue;
      const chars = [...identifier].filter((c) => LETTER.test(c));
      const foreign = chars.filter((c) => CONFUSABLE_SCRIPT.test(c));
      if (foreign.length === 0) continue;
      const scripts = [...new Set(foreign.map(scriptOf))].join(' and ');
      const hasLatin = chars.some((c) => LATIN.test(c));
      const allLookalikes = !hasLatin && chars.length >= 2 && chars.every((c) => LOOKALIKES.has(c)) && SINGLE_SCRIPT.test(chars.join(''));
      if (!hasLatin && !allLookalikes) continue;
      reported++;
      context.report({
        messageId: hasLatin ? 'mixed' : 'wholeScript',
        data: { shown: annotate(identifier), scripts },
        start,
        end,
        evidence: annotate(identifier),
        severity: hasLatin ? 'high' : 'medium',
      });
    }
  },
};
