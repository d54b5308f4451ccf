import type { Confidence, Severity } from '../../model/finding';
import { showInvisibles } from '../../model/safeText';
import type { LanguageId } from '../../scan/language';
import type { Regions } from '../text/lexer';
import { CODE, COMMENT, DOC, STRING, regionsOf } from '../text/lexer';
import type { Rule, RuleContext, RuleDocs } from '../types';

/** Languages the insecure-setting rules read: code and configuration, never prose. */
export const CODE_LANGUAGES: readonly LanguageId[] = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin', 'csharp', 'php', 'ruby'];
export const CONFIG_LANGUAGES: readonly LanguageId[] = ['json', 'jsonc', 'yaml', 'toml', 'ini', 'properties', 'dotenv', 'xml'];
export const SCRIPT_LANGUAGES: readonly LanguageId[] = ['shellscript', 'powershell', 'dockerfile', 'makefile'];
export const ALL_LANGUAGES: readonly LanguageId[] = [...CODE_LANGUAGES, ...CONFIG_LANGUAGES, ...SCRIPT_LANGUAGES];

/** One pattern of a config rule and what must hold around a match for it to count. */
export interface ConfigCheck {
  /** Global regex; linear (checked by the ReDoS test). */
  regex: RegExp;
  messageId: string;
  /** Only for these languages; the rule's languages when absent. */
  languages?: readonly LanguageId[];
  /**
   * Where the end of the match may sit. `code` (default): the value is code (`verify=False`), so the same
   * words inside a string are text, not a setting. `string`: the value is a literal (`'md5'`, `'0'`).
   */
  valueIn?: 'code' | 'string';
  /** The match may sit wholly inside a string: a command line passed to exec (`'git push --no-verify'`). */
  insideString?: boolean;
  /** Must also match (non-global regex) the match's line or the lines around it (e.g. a password near an MD5 call). */
  context?: RegExp;
  /** How many lines before and after the match `context` may be found on (default 0: the same line). */
  contextLines?: number;
  /** The match counts only if this does NOT match the line (e.g. the TLS rule leaves `jwt.decode(…verify=False)` to the JWT rule). */
  unless?: RegExp;
  severity?: Severity;
  confidence?: Confidence;
  /** Extra condition in code, for what a regex cannot say linearly. */
  accept?(context: RuleContext, start: number, matched: string): boolean;
}

export interface ConfigRuleSpec {
  /** `config/<kebab-case>`. */
  id: string;
  severity: Severity;
  confidence?: Confidence;
  cwe: readonly number[];
  languages?: readonly LanguageId[];
  keywords?: readonly string[];
  docs: RuleDocs;
  messages: Readonly<Record<string, string>>;
  checks: readonly ConfigCheck[];
  /** Paths the rule never reads (docs, fixtures of other tools…). */
  skipPath?: RegExp;
  /** Extra patterns the rule runs in code, for the ReDoS test. */
  extraPatterns?: readonly RegExp[];
}

/** The text with comments and docstrings blanked (same offsets), shared by every config rule of a file. */
export function codeView(context: RuleContext): { regions: Regions; text: string } {
  return context.shared('config/code-view', () => {
    const regions = regionsOf(context);
    return { regions, text: regions.blank([COMMENT, DOC]) };
  });
}

/**
 * True when a match is code, not words in a comment, docstring or string: it starts in code (or at the
 * opening quote of a quoted key, `'rejectUnauthorized': false`), and its last character is code, or a
 * string when the value is a literal.
 */
export function isCodeMatch(regions: Regions, start: number, end: number, valueIn: 'code' | 'string'): boolean {
  const first = regions.kindAt(start);
  // A quoted key: the match starts at the opening quote, or just after it.
  const openingQuoteAt = (offset: number) => regions.kindAt(offset) === STRING && (offset === 0 || regions.kindAt(offset - 1) !== STRING);
  const startsOk = first === CODE || (first === STRING && (openingQuoteAt(start) || (start > 0 && openingQuoteAt(start - 1))));
  if (!startsOk) return false;
  const last = regions.kindAt(Math.max(start, end - 1));
  return last === CODE || (valueIn === 'string' && last === STRING);
}

/** A rule reports at most this many findings per file: past it, more of the same helps no reviewer. */
const MAX_REPORTS_PER_FILE = 200;

/** How much of a long line around a match the context checks read: keeps minified files linear. */
const LINE_WINDOW = 500;

/** The match's line, clipped to a window around the match (a minified file is one huge line). */
export function lineAround(context: RuleContext, offset: number): string {
  const { line } = context.lines.position(offset);
  const start = Math.max(context.lines.lineStart(line), offset - LINE_WINDOW);
  const lineEnd = line >= context.lines.lineCount ? context.text.length : context.lines.lineStart(line + 1) - 1;
  return context.text.slice(start, Math.min(lineEnd, offset + LINE_WINDOW)).replace(/\r$/, '');
}

/** Text of the lines around a match, each clipped, for context checks. */
export function linesAround(context: RuleContext, offset: number, radius: number): string {
  const { line } = context.lines.position(offset);
  const out: string[] = [lineAround(context, offset)];
  for (let l = Math.max(1, line - radius); l <= Math.min(context.lines.lineCount, line + radius); l++) {
    if (l === line) continue;
    const start = context.lines.lineStart(l);
    const end = l >= context.lines.lineCount ? context.text.length : context.lines.lineStart(l + 1) - 1;
    out.push(context.text.slice(start, Math.min(end, start + 2 * LINE_WINDOW)));
  }
  return out.join('\n');
}

/**
 * Builds an insecure-setting rule from data: patterns matched on the code view (comments and docstrings
 * blanked), each match kept only if it is code by the lexer and its context holds.
 */
export function defineConfigRule(spec: ConfigRuleSpec): Rule {
  for (const check of spec.checks) if (!check.regex.global) throw new Error(`${spec.id}: regex /${check.regex.source}/ must have the g flag`);
  const patterns = [...spec.checks.flatMap((c) => [c.regex, ...(c.context ? [c.context] : []), ...(c.unless ? [c.unless] : [])]), ...(spec.extraPatterns ?? [])];
  return {
    patterns: [...new Set(patterns)],
    meta: {
      id: spec.id,
      category: 'insecure-config',
      severity: spec.severity,
      confidence: spec.confidence ?? 'high',
      cwe: spec.cwe,
      languages: spec.languages ?? ALL_LANGUAGES,
      keywords: spec.keywords,
      docs: spec.docs,
      messages: spec.messages,
    },
    appliesToPath: spec.skipPath ? (path) => !spec.skipPath!.test(path) : undefined,
    check(context: RuleContext) {
      const { regions, text } = codeView(context);
      let reported = 0;
      for (const check of spec.checks) {
        if (check.languages && !check.languages.includes(context.language)) continue;
        for (const match of text.matchAll(check.regex)) {
          if (context.timedOut() || reported >= MAX_REPORTS_PER_FILE) return;
          const start = match.index;
          const end = start + match[0].length;
          const inString = check.insideString && regions.kindAt(start) === STRING && regions.kindAt(end - 1) === STRING;
          if (!inString && !isCodeMatch(regions, start, end, check.valueIn ?? 'code')) continue;
          const line = lineAround(context, start);
          if (check.unless?.test(line)) continue;
          if (check.context && !check.context.test(linesAround(context, start, check.contextLines ?? 0))) continue;
          if (check.accept && !check.accept(context, start, match[0])) continue;
          reported++;
          context.report({
            messageId: check.messageId,
            data: { match: match[0].replace(/\s+/g, ' ').slice(0, 80) },
            start,
            end,
            evidence: showInvisibles(line.trim().slice(0, 200)),
            severity: check.severity,
            confidence: check.confidence,
          });
        }
      }
    },
  };
}
