import type { Confidence, Severity } from '../../model/finding';
import type { ReportDescriptor, RuleContext } from '../../rules/types';
import type { RawHit } from './analyzer';
import { Analyzer } from './analyzer';
import { parseScript } from './parser';
import type { SinkId } from './sinkIds';
import { SINK, SOURCE_ONLY } from './sinkIds';
import type { Taint } from './taint';
import { effectiveLevel } from './taint';

/** One finding of one JS rule, ready to report. */
export interface JsHit {
  ruleId: SinkId;
  descriptor: ReportDescriptor;
}

/** The shared result of analysing one file, computed once for all JS injection rules. */
export interface JsAnalysis {
  hits: JsHit[];
  /** Why the result is partial (syntax errors, nesting, time), when it is. */
  degraded?: string;
}

/** Severity when a known source reaches the sink; a value of unknown origin is medium. */
const SOURCE_SEVERITY: Readonly<Record<SinkId, Severity>> = {
  [SINK.sql]: 'critical',
  [SINK.command]: 'critical',
  [SINK.code]: 'critical',
  [SINK.deserialization]: 'critical',
  [SINK.nosql]: 'high',
  [SINK.xssDom]: 'high',
  [SINK.xssReact]: 'high',
  [SINK.xssVue]: 'high',
  [SINK.xssJquery]: 'high',
  [SINK.xssResponse]: 'high',
  [SINK.path]: 'high',
  [SINK.ssrf]: 'high',
  [SINK.redirect]: 'high',
  [SINK.prototype]: 'high',
};

const SHARED_KEY = 'injection/js-analysis';

/** The file's analysis, computed by whichever JS rule runs first. */
export function jsAnalysis(context: RuleContext): JsAnalysis {
  return context.shared(SHARED_KEY, () => analyse(context));
}

/** Reports one rule's hits; the first rule to finish on a degraded file says so through the engine's rule errors. */
export function reportJsRule(context: RuleContext, ruleId: SinkId): void {
  const analysis = jsAnalysis(context);
  for (const hit of analysis.hits) if (hit.ruleId === ruleId) context.report(hit.descriptor);
  if (analysis.degraded) {
    const notice = context.shared(`${SHARED_KEY}:notice`, () => ({ given: false }));
    if (!notice.given) {
      notice.given = true;
      throw new Error(`partial analysis of ${context.path}: ${analysis.degraded}`);
    }
  }
}

/**
 * Above this size the parse alone (which cannot be interrupted) would use up a file's time budget on a
 * loaded machine: ~1 s per MB idle, 2–3 s loaded. Such files (generated code, bundles) get the token checks.
 */
export const MAX_PARSE_CHARS = 600_000;

function analyse(context: RuleContext): JsAnalysis {
  const { text, language, path } = context;
  if (text.length > MAX_PARSE_CHARS) {
    return {
      hits: tokenHits(text, [[0, Number.MAX_SAFE_INTEGER]], context),
      degraded: `the file is too large to parse within the time budget (${Math.round(text.length / 1024)} KB, limit ${MAX_PARSE_CHARS / 1000} K characters); checked with token patterns only`,
    };
  }
  let parsed;
  try {
    parsed = parseScript(path, text, language);
  } catch (error) {
    // The parser recurses; 10,000 nested parentheses exhaust the stack. Fall back to token checks.
    const reason = error instanceof RangeError ? 'the parser ran out of stack (deeply nested code)' : `the parser failed (${(error as Error).message})`;
    return { hits: tokenHits(text, [[0, Number.MAX_SAFE_INTEGER]], context), degraded: `${reason}; checked with token patterns only` };
  }
  const analyzer = new Analyzer(parsed.ts, parsed.sourceFile, context.timedOut);
  const notes: string[] = [];
  let crashed = false;
  try {
    analyzer.run();
  } catch (error) {
    // Whatever went wrong, the file still gets the token checks and one notice, not one error per rule.
    crashed = true;
    notes.push(error instanceof RangeError
      ? 'the analysis ran out of stack (deeply nested code); checked with token patterns as well'
      : `the analysis failed (${(error as Error)?.message ?? String(error)}); checked with token patterns as well`);
  }
  if (analyzer.degraded) notes.push(analyzer.degraded);
  const hits = analyzer.hits.flatMap((raw) => finalize(raw, parsed.sourceFile.text, context));

  if (language === 'vue') hits.push(...vueTemplateHits(text, analyzer));

  let regions: [number, number][] = analyzer.skipped.map(([start, end]) => [context.lines.position(start).line, context.lines.position(end).line]);
  if (crashed) regions = [[0, Number.MAX_SAFE_INTEGER]];
  else if (parsed.syntaxErrors.length > 0) {
    const first = parsed.syntaxErrors[0];
    const line = context.lines.position(first.start).line;
    notes.push(`${parsed.syntaxErrors.length} syntax error${parsed.syntaxErrors.length === 1 ? '' : 's'} (first at line ${line}: ${first.message}); the tree was recovered and the lines around each error were also checked with token patterns`);
    regions = regions.concat(parsed.syntaxErrors.map((e): [number, number] => {
      const errorLine = context.lines.position(e.start).line;
      return [Math.max(1, errorLine - 15), errorLine + 15];
    }));
  }
  if (regions.length > 0) {
    const seen = new Set(hits.map((h) => `${h.ruleId}\0${context.lines.position(h.descriptor.start).line}`));
    for (const hit of tokenHits(parsed.text, regions, context)) {
      const key = `${hit.ruleId}\0${context.lines.position(hit.descriptor.start).line}`;
      if (!seen.has(key)) {
        seen.add(key);
        hits.push(hit);
      }
    }
  }
  return { hits, degraded: notes.length ? notes.join('; ') : undefined };
}

function finalize(raw: RawHit, text: string, _context: RuleContext): JsHit[] {
  const level = effectiveLevel(raw.taint);
  if (level === 0) return [];
  if (level < 2 && (raw.sourceOnly || SOURCE_ONLY.has(raw.rule))) return [];
  return [{ ruleId: raw.rule, descriptor: describe(raw.rule, raw.taint, raw.sink, raw.start, raw.end, text, raw.variant, raw.via, raw.fix) }];
}

function describe(rule: SinkId, taint: Taint, sink: string, start: number, end: number, text: string, variant?: string, via?: { start: number; end: number }, fix?: RawHit['fix']): ReportDescriptor {
  const level = effectiveLevel(taint);
  const suffix = variant ? variant[0].toUpperCase() + variant.slice(1) : '';
  const messageId = `${level === 2 ? 'tainted' : 'unknown'}${suffix}`;
  const related: { message: string; start: number; end: number }[] = [];
  if (level === 2 && taint.source) {
    related.push({ message: `${taint.source.label} enters here`, start: taint.source.start, end: taint.source.end });
    if (via) related.push({ message: 'and is passed to the function with the sink here', start: via.start, end: via.end });
  }
  const severity: Severity = level === 2 ? SOURCE_SEVERITY[rule] : 'medium';
  const confidence: Confidence = level === 2 ? 'high' : 'medium';
  return {
    messageId,
    data: { source: taint.source?.label ?? 'untrusted data', sink, what: taint.what ? `\`${taint.what}\`` : 'a value' },
    start,
    end,
    evidence: firstLine(text.slice(start, end)),
    severity,
    confidence,
    related: related.length ? related : undefined,
    fix,
  };
}

function firstLine(text: string): string {
  const newline = text.indexOf('\n');
  return newline < 0 ? text : `${text.slice(0, newline)}…`;
}

// ---- Vue templates ----------------------------------------------------------------------------

const V_HTML = /\bv-html\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function vueTemplateHits(text: string, analyzer: Analyzer): JsHit[] {
  const hits: JsHit[] = [];
  for (const match of text.matchAll(V_HTML)) {
    const expression = match[1] ?? match[2] ?? '';
    const valueStart = match.index + match[0].length - expression.length - 1;
    if (/^\s*(?:'[^']*'|`[^`$]*`)\s*$/.test(expression) || expression.trim() === '') continue;
    const taint = analyzer.evaluateTemplateExpression(expression);
    if (effectiveLevel(taint) === 0) continue;
    // Template positions, not the throwaway parse of the expression: point the source at the attribute.
    const located: Taint = taint.source ? { ...taint, source: { ...taint.source, start: valueStart, end: valueStart + expression.length } } : taint;
    hits.push({ ruleId: SINK.xssVue, descriptor: describe(SINK.xssVue, located, 'v-html', valueStart, valueStart + expression.length, text) });
  }
  return hits;
}

// ---- token-level fallback -----------------------------------------------------------------------

/** Where a part of the value is not a literal: `${`, a quote followed or preceded by `+`, or a bare name. */
const DYNAMIC_TAIL = /\$\{|["'`]\s*\+|\+\s*["'`]|^\s*[A-Za-z_$]/;
const SQL_DYNAMIC_TAIL = /\$\{|["'`]\s*\+/;

interface TokenRule {
  rule: SinkId;
  sink: string;
  pattern: RegExp;
  tail: RegExp;
  /** Only when the file mentions this word (e.g. child_process for exec). */
  requires?: string;
}

const TOKEN_RULES: readonly TokenRule[] = [
  { rule: SINK.sql, sink: 'a SQL query call', pattern: /\.(?:query|execute|raw|run|all|get|exec|prepare|whereRaw|\$queryRawUnsafe|\$executeRawUnsafe)\s*\(\s*["'`]\s*(?:select|insert|update|delete|with)\b/gi, tail: SQL_DYNAMIC_TAIL },
  { rule: SINK.command, sink: 'exec()', pattern: /\b(?:exec|execSync)\s*\(/g, tail: DYNAMIC_TAIL, requires: 'child_process' },
  { rule: SINK.code, sink: 'eval()', pattern: /\beval\s*\(/g, tail: DYNAMIC_TAIL },
  { rule: SINK.code, sink: 'new Function()', pattern: /\bnew\s+Function\s*\(/g, tail: DYNAMIC_TAIL },
  { rule: SINK.xssDom, sink: 'innerHTML', pattern: /\.(?:innerHTML|outerHTML)\s*\+?=(?!=)/g, tail: DYNAMIC_TAIL },
  { rule: SINK.xssDom, sink: 'document.write()', pattern: /\bdocument\.write(?:ln)?\s*\(/g, tail: DYNAMIC_TAIL },
  { rule: SINK.xssReact, sink: 'dangerouslySetInnerHTML', pattern: /\b__html\s*:/g, tail: DYNAMIC_TAIL },
];

/** Every pattern this module runs over file text, for the ReDoS test. */
export const JS_ANALYSIS_PATTERNS: readonly RegExp[] = [V_HTML, DYNAMIC_TAIL, SQL_DYNAMIC_TAIL, ...TOKEN_RULES.map((t) => t.pattern)];

/** Conservative line checks for text the parser could not make sense of. Low confidence, medium severity. */
function tokenHits(text: string, lineRanges: [number, number][], context: RuleContext): JsHit[] {
  const hits: JsHit[] = [];
  const inRange = (line: number): boolean => lineRanges.some(([from, to]) => line >= from && line <= to);
  for (const token of TOKEN_RULES) {
    if (token.requires && !text.includes(token.requires)) continue;
    token.pattern.lastIndex = 0;
    for (const match of text.matchAll(token.pattern)) {
      const line = context.lines.position(match.index).line;
      if (!inRange(line)) continue;
      const lineEnd = text.indexOf('\n', match.index);
      const tailStart = token.rule === SINK.sql ? match.index + match[0].length : match.index + match[0].length;
      const tail = text.slice(tailStart, Math.min(lineEnd < 0 ? text.length : lineEnd, tailStart + 300));
      if (!token.tail.test(tail)) continue;
      if (token.sink === 'exec()' && /\.\s*$/.test(text.slice(Math.max(0, match.index - 1), match.index)) && !/(?:cp|child_process|childProcess)\.$/.test(text.slice(Math.max(0, match.index - 20), match.index))) continue;
      const end = lineEnd < 0 ? text.length : lineEnd;
      hits.push({
        ruleId: token.rule,
        descriptor: {
          messageId: 'partial',
          data: { sink: token.sink, source: 'untrusted data', what: 'a value' },
          start: match.index,
          end: Math.min(end, match.index + 200),
          severity: 'medium',
          confidence: 'low',
        },
      });
    }
  }
  return hits;
}
