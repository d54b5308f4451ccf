import type { Category, Finding, Severity } from '../model/finding';
import { compareFindings, meetsThreshold, riskRank } from '../model/finding';
import { computeFingerprint } from '../model/fingerprint';
import { createRedactor, maskSecret } from '../model/mask';
import type { AdvisorySource } from '../deps/advisories/types';
import type { PackageRegistry } from '../deps/online';
import type { ChangeContext, ProjectFiles, ReportDescriptor, Rule, RuleContext } from '../rules/types';
import { isSuppressedInline } from '../suppress/inlineIgnore';
import type { LanguageId } from './language';
import { keywordIndexFor } from './keywords';
import { detectLanguage } from './language';
import { LineIndex } from './lineIndex';

/** Options shared by every entry point of the engine. */
export interface EngineOptions {
  /** The rules to run; the full registry when absent. */
  rules: readonly Rule[];
  /** Only these categories run; all when absent. */
  categories?: readonly Category[];
  /** Findings below this severity are dropped. */
  minimumSeverity?: Severity;
  /** Per-rule severity, or `off`. */
  ruleOverrides?: Readonly<Record<string, Severity | 'off'>>;
  /** Time budget per file in milliseconds (default 2,000). Past it the file's result is partial. */
  timeBudgetMs?: number;
  /** Fingerprints to leave out (a baseline). */
  baseline?: ReadonlySet<string>;
  /** Leave inline suppressions unapplied (used by tests of the suppressions themselves). */
  ignoreInlineSuppressions?: boolean;
  /** Other files of the project, for rules that read beyond the file they check (e.g. undeclared imports). */
  project?: ProjectFiles;
  /** A package registry client; set only when the user turned the online dependency check on. */
  registry?: PackageRegistry;
  /** Local OSV advisory data for the known-vulnerability check; absent, the check stays quiet. */
  advisories?: AdvisorySource;
}

/** What one file's scan found. */
export interface FileScanResult {
  findings: Finding[];
  /** Findings left out by an inline comment or the baseline. */
  suppressed: number;
  /** True when the time budget ran out before every rule ran. */
  timedOut: boolean;
  /** Rules that failed on this file, with the error; the other rules' findings stand. */
  ruleErrors: { ruleId: string; message: string }[];
}

export const DEFAULT_TIME_BUDGET_MS = 2000;

const TEST_PATH = /(?:^|\/)(?:tests?|__tests__|spec|specs|fixtures?|__fixtures__|testdata|mocks?|__mocks__)\/|[._-](?:test|spec)\.[a-z]+$|(?:^|\/)test_[^/]+\.py$|_test\.go$/i;

export function isTestPath(path: string): boolean {
  return TEST_PATH.test(path);
}

/**
 * Chooses the rules that could apply to a file, cheapest checks first: category, language, path, keywords.
 * Keywords are lower-case and matched ignoring ASCII case, so `text` may be given as is or lower-cased.
 */
export function selectRules(options: EngineOptions, path: string, language: LanguageId, text: string): Rule[] {
  return selectRulesAndKeywords(options, path, language, text).rules;
}

function selectRulesAndKeywords(options: EngineOptions, path: string, language: LanguageId, text: string): { rules: Rule[]; keywords: Set<string> } {
  const categories = options.categories && new Set(options.categories);
  // One pass over the text finds every keyword of every rule, and only their rules are looked at further;
  // checking each rule's keywords with `includes` read the file once per keyword.
  const { rules, keywords } = keywordIndexFor(options.rules).select(text, options.rules);
  return { keywords, rules: rules.filter((rule) => {
    const { meta } = rule;
    if (categories && !categories.has(meta.category)) return false;
    if (options.ruleOverrides?.[meta.id] === 'off') return false;
    if (meta.languages && !meta.languages.includes(language)) return false;
    if (rule.appliesToPath && !rule.appliesToPath(path)) return false;
    return true;
  }) };
}

/** Runs the rules over one text and returns its findings, masked, fingerprinted, suppressed and sorted. */
export async function scanText(
  path: string,
  text: string,
  options: EngineOptions,
  change?: ChangeContext,
  language: LanguageId = detectLanguage(path),
): Promise<FileScanResult> {
  const lines = new LineIndex(text);
  const budget = options.timeBudgetMs ?? DEFAULT_TIME_BUDGET_MS;
  const cache = new Map<string, unknown>();
  const pending: { rule: Rule; descriptor: ReportDescriptor }[] = [];
  const ruleErrors: FileScanResult['ruleErrors'] = [];
  let timedOut = false;
  const isTestFile = isTestPath(path);
  const selection = selectRulesAndKeywords(options, path, language, text);
  // One-time loads (a parser) happen on first use but outside the file's budget, so that the first
  // file scanned does not run out of time and skip the rules after the one that loaded.
  for (const rule of selection.rules) {
    if (!rule.prepare) continue;
    try {
      await rule.prepare();
    } catch (error) {
      ruleErrors.push({ ruleId: rule.meta.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  const deadline = performance.now() + budget;

  for (const rule of selection.rules) {
    if (performance.now() > deadline) {
      timedOut = true;
      break;
    }
    const context: RuleContext = {
      path,
      text,
      language,
      lines,
      isTestFile,
      change,
      project: options.project,
      registry: options.registry,
      advisories: options.advisories,
      keywords: selection.keywords,
      report: (descriptor) => pending.push({ rule, descriptor }),
      timedOut: () => performance.now() > deadline,
      shared: <T>(key: string, compute: () => T): T => {
        if (!cache.has(key)) cache.set(key, compute());
        return cache.get(key) as T;
      },
    };
    try {
      // Most rules are synchronous; awaiting only real promises saves a microtask turn per rule and file.
      const pendingCheck = rule.check(context);
      if (pendingCheck) await pendingCheck;
    } catch (error) {
      ruleErrors.push({ ruleId: rule.meta.id, message: error instanceof Error ? error.message : String(error) });
    }
  }
  if (performance.now() > deadline) timedOut = true;

  const secrets = createRedactor(pending.map((p) => p.descriptor.secret).filter((s): s is string => !!s));
  const ordinals = new Map<string, number>();
  const findings: Finding[] = [];
  let suppressed = 0;

  for (const { rule, descriptor } of pending) {
    const finding = buildFinding(rule, descriptor, path, text, lines, secrets, ordinals, options);
    if (!finding) continue;
    if (change && !rule.meta.changeAware && !touchesAddedLine(finding, change.addedLines)) continue;
    findings.push(finding);
  }
  findings.sort(compareFindings);
  // Merge before suppressing: ignoring the provider rule on a line must not let the generic rule's
  // report of the same secret through.
  const kept = dedupe(findings).filter((finding) => {
    const suppressedInline =
      !options.ignoreInlineSuppressions && isSuppressedInline(lines, finding.range.startLine, finding.ruleId, finding.category);
    if (suppressedInline || options.baseline?.has(finding.fingerprint)) {
      suppressed++;
      return false;
    }
    return true;
  });
  return { findings: kept, suppressed, timedOut, ruleErrors };
}

function buildFinding(
  rule: Rule,
  descriptor: ReportDescriptor,
  path: string,
  text: string,
  lines: LineIndex,
  redactSecrets: (text: string) => string,
  ordinals: Map<string, number>,
  options: EngineOptions,
): Finding | undefined {
  const { meta } = rule;
  const override = options.ruleOverrides?.[meta.id];
  const severity: Severity = override && override !== 'off' ? override : (descriptor.severity ?? meta.severity);
  if (options.minimumSeverity && !meetsThreshold(severity, options.minimumSeverity)) return undefined;

  const matched = text.slice(descriptor.start, descriptor.end);
  const contentKey = descriptor.secret ?? matched;
  const ordinalKey = `${meta.id}\0${contentKey}`;
  const ordinal = ordinals.get(ordinalKey) ?? 0;
  ordinals.set(ordinalKey, ordinal + 1);

  const template = meta.messages[descriptor.messageId];
  if (template === undefined) throw new Error(`${meta.id}: unknown messageId '${descriptor.messageId}'`);
  const message = fillTemplate(template, descriptor.data);
  const evidenceSource = descriptor.evidence ?? firstLineOf(matched);
  const evidence = descriptor.secret && evidenceSource === descriptor.secret ? maskSecret(descriptor.secret) : evidenceSource;
  const clean = redactSecrets;

  return {
    ruleId: meta.id,
    category: meta.category,
    severity,
    confidence: descriptor.confidence ?? meta.confidence,
    message: clean(message),
    explanation: clean(descriptor.explanation ?? meta.docs.why),
    remediation: clean(descriptor.remediation ?? meta.docs.fix),
    cwe: [...meta.cwe],
    file: path,
    range: lines.range(descriptor.start, Math.max(descriptor.end, descriptor.start)),
    evidence: clean(truncate(evidence, 200)),
    fingerprint: computeFingerprint(meta.id, path, contentKey, ordinal),
    related: descriptor.related?.map((r) => ({ message: clean(r.message), range: lines.range(r.start, r.end) })),
    fix: descriptor.fix && {
      title: descriptor.fix.title,
      edits: descriptor.fix.edits.map((edit) => ({ range: lines.range(edit.start, edit.end), text: edit.text })),
    },
  };
}

function fillTemplate(template: string, data: ReportDescriptor['data']): string {
  return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, key: string) => (data && key in data ? String(data[key]) : whole));
}

function firstLineOf(text: string): string {
  const newline = text.indexOf('\n');
  return (newline < 0 ? text : text.slice(0, newline)).replace(/\r$/, '');
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

function touchesAddedLine(finding: Finding, addedLines: ReadonlySet<number>): boolean {
  for (let line = finding.range.startLine; line <= finding.range.endLine; line++) {
    if (addedLines.has(line)) return true;
  }
  return false;
}

/**
 * Two rules of one family can report the same span; keep the first report of each rule and span.
 * A secret is one leak however many rules recognise it (a provider rule and the generic assignment rule
 * both see `STRIPE_KEY = "sk_live_…"`), so secret findings starting at the same place are merged into the
 * most confident, then most severe, one.
 */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const bestSecretAt = new Map<string, Finding>();
  for (const f of findings) {
    if (f.category !== 'secret') continue;
    const at = `${f.range.startLine}:${f.range.startColumn}`;
    const current = bestSecretAt.get(at);
    if (!current || outranks(f, current)) bestSecretAt.set(at, f);
  }
  return findings.filter((f) => {
    if (f.category === 'secret' && bestSecretAt.get(`${f.range.startLine}:${f.range.startColumn}`) !== f) return false;
    const key = `${f.ruleId}\0${f.range.startLine}:${f.range.startColumn}-${f.range.endLine}:${f.range.endColumn}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const CONFIDENCE_RANK = { high: 3, medium: 2, low: 1 } as const;

function outranks(a: Finding, b: Finding): boolean {
  const byConfidence = CONFIDENCE_RANK[a.confidence] - CONFIDENCE_RANK[b.confidence];
  return byConfidence !== 0 ? byConfidence > 0 : riskRank(a.severity) > riskRank(b.severity);
}
