import type { Confidence, Severity } from '../../model/finding';
import type { ReportDescriptor, Rule, RuleContext, RuleMeta } from '../../rules/types';
import type { LanguageId } from '../../scan/language';
import type { LanguageAdapter } from './analyze';
import { analyzeFile } from './analyze';
import type { FileModel, Operand, Site } from './model';
import { shorten } from './model';

/** A rule over the sites of one tree-sitter language. */
export interface TreeSitterRuleSpec {
  meta: Omit<RuleMeta, 'languages' | 'category'>;
  language: LanguageId;
  adapter: LanguageAdapter;
  /** Extra regexes the rule itself runs, for the ReDoS test. */
  patterns?: readonly RegExp[];
  /** Looks at one site and reports what is wrong with it. */
  visit(site: Site, context: RuleContext, model: FileModel): void;
}

/** Builds a rule whose check parses the file once per language (shared by all its rules) and visits every site. */
export function defineTreeSitterRule(spec: TreeSitterRuleSpec): Rule {
  const meta: RuleMeta = { ...spec.meta, category: 'injection', languages: [spec.language] };
  return {
    meta,
    patterns: [...spec.adapter.patterns, ...(spec.patterns ?? [])],
    async check(context) {
      const model = await analyzeFile(context, spec.adapter);
      // Without the parser the rule cannot look; say so through the engine's rule errors instead of going silent.
      if (model.degraded?.reason === 'runtime-unavailable') throw new Error(model.degraded.detail);
      for (let i = 0; i < model.sites.length; i++) {
        if ((i & 63) === 0 && context.timedOut()) return;
        spec.visit(model.sites[i], context, model);
      }
    },
  };
}

/** How severe a finding is, by what reaches the sink. */
export interface SeverityPolicy {
  /** Request data reaches the sink. */
  tainted: Severity;
  /** A string built by interpolation, concatenation or formatting, of unknown origin. */
  built: Severity;
  /** Any other non-constant value; absent means such values are not reported. */
  dynamic?: Severity;
}

export const SQL_POLICY: SeverityPolicy = { tainted: 'high', built: 'medium' };
export const EXEC_POLICY: SeverityPolicy = { tainted: 'critical', built: 'medium', dynamic: 'medium' };
export const HTML_POLICY: SeverityPolicy = { tainted: 'high', built: 'medium' };

const HOW: Record<string, string> = { interpolation: 'interpolation', concatenation: 'concatenation', format: 'string formatting' };

/**
 * Reports `operand` reaching `sink` when it is request data, a built string or (when the policy says so) any
 * non-constant. Messages use the ids `tainted`, `built` and `dynamic` with `{{sink}}`, `{{source}}` and `{{how}}`.
 * Returns true when something was reported.
 */
export function reportOperand(
  context: RuleContext,
  site: { start: number; end: number },
  operand: Operand | undefined,
  sink: string,
  policy: SeverityPolicy,
  extra: Partial<ReportDescriptor> = {},
): boolean {
  if (!operand || operand.constant) return false;
  const related: NonNullable<ReportDescriptor['related']>[number][] = [];
  let messageId: string;
  let severity: Severity;
  let confidence: Confidence;
  const data: Record<string, string> = { sink };
  if (operand.taint) {
    messageId = 'tainted';
    severity = policy.tainted;
    confidence = 'high';
    data.source = shorten(operand.taint.label);
    related.push({ message: `request data enters here: ${shorten(operand.taint.label)}`, start: operand.taint.start, end: operand.taint.end });
  } else if (operand.built) {
    messageId = 'built';
    severity = policy.built;
    confidence = 'medium';
    data.how = HOW[operand.built];
  } else if (policy.dynamic) {
    messageId = 'dynamic';
    severity = policy.dynamic;
    confidence = 'low';
  } else {
    return false;
  }
  if (operand.origin) related.push({ message: 'the value is built here', start: operand.origin.start, end: operand.origin.end });
  context.report({
    messageId,
    data: { ...data, how: data.how ?? 'a non-literal value' },
    start: site.start,
    end: site.end,
    severity,
    confidence,
    evidence: shorten(context.text.slice(site.start, site.end), 120),
    related: related.length ? related : undefined,
    ...extra,
  });
  return true;
}

/** Standard messages for the three kinds of report; rules spread these into their meta. */
export function standardMessages(noun: string): Record<'tainted' | 'built' | 'dynamic', string> {
  return {
    tainted: `Request data ({{source}}) flows into ${noun} at {{sink}}.`,
    built: `${capitalize(noun)} passed to {{sink}} is built by {{how}}.`,
    dynamic: `A non-literal value reaches {{sink}}; check where it comes from.`,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
