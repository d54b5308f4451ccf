import { maskSecret } from '../../model/mask';
import type { Rule, RuleContext } from '../types';
import { shannonEntropy } from '../secrets/placeholder';
import { pathKindIs } from '../files/support';
import { describePlace, describeRun, isProse, placeOf } from './hiddenChars';
import { regionsOf } from './lexer';

const TAG_RUN = /[\u{E0000}-\u{E007F}]+/gu;
const TOKEN = /[A-Za-z0-9_\-+/=.]{16,}/g;
const KNOWN_PREFIX = /^(?:sk-|sk_live_|ghp_|gho_|github_pat_|xox[abpr]-|AKIA|AIza|glpat-|npm_)/;
const BLACK_FLAG = 0x1f3f4;
const MAX_REPORTS = 100;

/** The ASCII text a run of tag characters spells; language and cancel tags are dropped. */
export function decodeTagRun(run: string): string {
  let out = '';
  for (const char of run) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (codePoint >= 0xe0020 && codePoint <= 0xe007e) out += String.fromCharCode(codePoint - 0xe0000);
  }
  return out;
}

/** Masks tokens in decoded text that look like credentials: known prefixes or long, random strings. */
export function maskSecretsIn(text: string): string {
  return text.replace(TOKEN, (token) => (KNOWN_PREFIX.test(token) || (token.length >= 20 && shannonEntropy(token) >= 3.5) ? maskSecret(token) : token));
}

/**
 * Unicode tag characters (U+E0000–U+E007F) are invisible in editors and diffs but read by language models
 * as plain ASCII, so they can smuggle instructions to an agent. Emoji subdivision flags (🏴 + tags +
 * CANCEL TAG) are the one legitimate use and are left alone.
 */
export const invisibleTagCharacters: Rule = {
  patterns: [TAG_RUN, TOKEN, KNOWN_PREFIX],
  meta: {
    id: 'text/invisible-tag-characters',
    category: 'hidden-text',
    severity: 'high',
    confidence: 'high',
    cwe: [451, 1007],
    docs: {
      summary: 'Invisible Unicode tag characters hiding text',
      why: 'Tag characters render as nothing in editors, diffs and review tools, yet language models read them as ordinary letters: a line that looks empty can tell the next agent to run a command or leak a key ("ASCII smuggling").',
      fix: 'Delete the tag characters (the decoded text in the message shows what they said); if the text is legitimate, write it visibly.',
    },
    messages: { found: '{{count}} invisible tag character(s) in {{place}} spell out "{{hidden}}"' },
  },
  check(context: RuleContext) {
    if (!context.text.includes('\u{DB40}')) return;
    const regions = regionsOf(context);
    const agentFile = pathKindIs(context.path, 'agent-control', 'mcp-config') || isProse(context);
    let reported = 0;
    for (const match of context.text.matchAll(TAG_RUN)) {
      if (reported >= MAX_REPORTS || context.timedOut()) return;
      const start = match.index;
      const end = start + match[0].length;
      const previous = context.text.codePointAt(Math.max(0, start - 2));
      if (previous === BLACK_FLAG && match[0].endsWith('\u{E007F}') && /^[a-z0-9]{2,7}$/.test(decodeTagRun(match[0]))) continue;
      reported++;
      const hidden = maskSecretsIn(decodeTagRun(match[0]));
      const place = placeOf(context, regions.kindAt(start), start, end);
      context.report({
        messageId: 'found',
        data: { count: [...match[0]].length, place: describePlace(place), hidden: hidden.length > 120 ? `${hidden.slice(0, 119)}…` : hidden },
        start,
        end,
        evidence: `"${hidden.slice(0, 60)}" hidden as ${describeRun(match[0])}`,
        severity: agentFile ? 'critical' : 'high',
      });
    }
  },
};
