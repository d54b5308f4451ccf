import type { Finding } from '../model/finding';
import { meetsThreshold } from '../model/finding';
import type { ChangeSet, FileChange } from '../review/model';
import { findingsOfFile } from '../review/risk';
import { posix } from 'node:path';
import { agentMatches } from './agentName';
import { changesAgentGuardSettings, SHIPPED_RULES } from './defaults';
import { GlobList } from './glob';
import type { AgentRule, EffectiveAgentPolicy, EffectivePolicy, RuleAction, RuleOrigin } from './policy';
import type { SensitiveMatch, SensitivePathMatcher } from './sensitivePaths';
import { combineSensitiveMatchers, createSensitiveMatcher } from './sensitivePaths';

/** What the policy says about a change set before any person looks at it. */
export type PolicyAction = 'autoApprove' | 'review' | 'deny';

/** The policy's verdict on one file. */
export interface FilePolicyVerdict {
  path: string;
  action: PolicyAction;
  /** Id of the rule that decided, e.g. "default:review", "autoApprove:allowList", "agents[0].rules[1]". */
  rule: string;
  /** Why, in words, for the panel ("Explain Decision") and the audit log. */
  reasons: string[];
  sensitive?: SensitiveMatch;
  /** Every per-agent rule that matched the file, in order (the deciding one included), for "Explain Decision". */
  matchedRules?: MatchedRule[];
}

/** A per-agent rule that matched a file, by name. */
export interface MatchedRule {
  rule: string;
  action: RuleAction;
}

/** The policy's verdict on a change set: deny if any file is denied, auto-approve only if every file is. */
export interface PolicyVerdict {
  action: PolicyAction;
  /** The deciding rule: the denying rule, the auto-approve rule, or "default:review". */
  rule: string;
  reasons: string[];
  files: FilePolicyVerdict[];
}

const RANK: Record<RuleAction, number> = { allow: 0, ask: 1, deny: 2 };

/** Options of `evaluatePolicy`. */
export interface EvaluateOptions {
  /**
   * Whether the file system ignores case, so `SRC/a.ts` is `src/a.ts` (default: true on Windows and
   * macOS). Deny and ask rules always match case-insensitively (".ENV" is treated as ".env" everywhere);
   * this decides only whether allow rules and the auto-approve allow-list do.
   */
  caseInsensitive?: boolean;
}

/** ASCII, no backslash, no empty, "." or ".." segment, no leading or trailing slash: a path that needs no normalizing. Exported for the ReDoS test. */
export const PLAIN_PATH = /^(?![/.]\/|\.{1,2}(?:\/|$)|\/)(?!.*\/\.{1,2}(?:\/|$))(?!.*\/\/)(?!.*\/$)[\x20-\x5b\x5d-\x7e]+$/;
const CASE_INSENSITIVE_PLATFORM = process.platform === 'win32' || process.platform === 'darwin';

// Compiled once per rule and case mode: the same rule objects are evaluated for every proposal.
const compiledLists = new WeakMap<object, Map<boolean, GlobList>>();
function globListOf(owner: object, patterns: readonly string[], nocase: boolean): GlobList {
  let byCase = compiledLists.get(owner);
  if (!byCase) compiledLists.set(owner, (byCase = new Map()));
  let list = byCase.get(nocase);
  if (!list) byCase.set(nocase, (list = new GlobList(patterns, { nocase })));
  return list;
}

/**
 * Every spelling a policy must see for one path: separators made forward, `.` and `..` resolved
 * (`SRC/../.env` is `.env`), and the NFC form (macOS may store either Unicode form). Roads already
 * normalize paths; this is a second line so no road can slip a spelling past the rules.
 */
export function policyPathVariants(raw: string): string[] {
  // The common case, a plain ASCII path already normalized, costs one regex test.
  if (PLAIN_PATH.test(raw)) return [raw];
  const slashed = raw.replace(/\\/g, '/');
  const normalized = posix.normalize(slashed).replace(/^(?:\.\/)+/, '').replace(/\/+$/, '');
  return [...new Set([raw, normalized, normalized.normalize('NFC'), normalized.normalize('NFD')])];
}

function ruleMatches(rule: AgentRule, file: FileChange, paths: string[], findings: Finding[], caseInsensitive: boolean): boolean {
  // Deny and ask match case-insensitively (".ENV" is ".env" on Windows and macOS); allow follows the
  // platform, so a case variant never widens what is allowed on a case-sensitive file system.
  // Deny and ask apply when any name of the file matches; allow only when every name does (its old path
  // and the real path behind a link included).
  if (rule.paths) {
    const list = globListOf(rule, rule.paths, rule.action !== 'allow' || caseInsensitive);
    const matched = rule.action === 'allow' ? paths.every((p) => list.matches(p)) : paths.some((p) => list.matches(p));
    if (!matched) return false;
  }
  if (rule.content === 'agentGuardSettings' && file.kind !== 'binary' && !changesAgentGuardSettings(file.before?.text, file.after?.text)) return false;
  if (rule.categories || rule.minSeverity) {
    return findings.some((f) => (!rule.categories || rule.categories.includes(f.category)) && (!rule.minSeverity || meetsThreshold(f.severity, rule.minSeverity)));
  }
  return true;
}

let builtInMatcher: SensitivePathMatcher | undefined;
function defaultSensitiveMatcher(): SensitivePathMatcher {
  return (builtInMatcher ??= createSensitiveMatcher());
}

const policyMatchers = new WeakMap<readonly string[], SensitivePathMatcher>();
function policySensitiveMatcher(globs: readonly string[]): SensitivePathMatcher {
  let found = policyMatchers.get(globs);
  if (!found) policyMatchers.set(globs, (found = createSensitiveMatcher(globs.map((pattern) => ({ pattern, reason: 'listed as sensitive in the policy' })))));
  return found;
}

/** The name of a rule in force, as the panel, the audit log and the agent see it: "default:deny-env-files", "user:agents[0].rules[1]". */
export function ruleName(origin: RuleOrigin, index: number, ruleIndex: number, rule: AgentRule): string {
  return `${origin}:${rule.id ?? `agents[${index}].rules[${ruleIndex}]`}`;
}

/**
 * Evaluates the policy on a change set. Order per file: per-agent rules (the shipped defaults, then the
 * user's and the workspace's; deny > ask > allow, the first rule of the winning action names the
 * decision), then the auto-approve conditions, all at once: auto-approve on (or an agent allow rule), no
 * findings in the change set, a complete scan, text content, every path (old and new) on every
 * allow-list, and nothing sensitive. Anything else is "review". The sensitive matcher defaults to the
 * built-in conservative list; the policy's extra sensitive globs always add to it.
 */
export function evaluatePolicy(changeSet: ChangeSet, policy: EffectivePolicy, sensitive: SensitivePathMatcher = defaultSensitiveMatcher(), options: EvaluateOptions = {}): PolicyVerdict {
  const caseInsensitive = options.caseInsensitive ?? CASE_INSENSITIVE_PLATFORM;
  const matcher = policy.sensitivePaths.length ? combineSensitiveMatchers(sensitive, policySensitiveMatcher(policy.sensitivePaths)) : sensitive;
  const allowLists = policy.autoApprove.allowLists.map((list) => globListOf(list, list, caseInsensitive));
  const agentName = changeSet.source.agent ?? '';
  const inForce: EffectiveAgentPolicy[] = [
    ...(policy.shippedDefaults === false ? [] : [{ ...SHIPPED_RULES, origin: 'default' as const, index: 0 }]),
    ...policy.agents.map((a, i) => ({ ...a, index: a.index ?? i })),
  ];
  const applicable = inForce
    .map((a) => ({ a, i: a.index ?? 0 }))
    .filter(({ a }) => agentMatches(a.agent, agentName || undefined) && (!a.channel || a.channel === changeSet.source.channel));
  const setHasFindings = changeSet.stats.findings > 0;

  const files = changeSet.files.map((file): FilePolicyVerdict => {
    // Every name the file goes by, real paths included: a link must not launder a sensitive or denied path.
    const paths = [...new Set([file.path, file.previousPath, file.realPath, file.previousRealPath].filter((p): p is string => !!p).flatMap(policyPathVariants))];
    const findings = findingsOfFile(file);
    const sensitiveMatch = paths.map((p) => matcher.match(p, contextOf(file))).find((m) => m !== undefined);
    let agentAction: { action: RuleAction; rule: string; reason: string } | undefined;
    const matchedRules: MatchedRule[] = [];
    for (const { a, i } of applicable) {
      a.rules.forEach((rule, j) => {
        if (!ruleMatches(rule, file, paths, findings, caseInsensitive)) return;
        const name = ruleName(a.origin, i, j, rule);
        matchedRules.push({ rule: name, action: rule.action });
        if (!agentAction || RANK[rule.action] > RANK[agentAction.action]) {
          agentAction = { action: rule.action, rule: name, reason: rule.reason ?? `${rule.action === 'ask' ? 'asks for review' : rule.action === 'deny' ? 'denied' : 'allowed'} by the rule for agent ${JSON.stringify(a.agent)}${a.channel ? ` on the ${a.channel} road` : ''}` };
        }
      });
    }
    const base = { path: file.path, ...(sensitiveMatch ? { sensitive: sensitiveMatch } : {}), ...(matchedRules.length ? { matchedRules } : {}) };
    if (agentAction?.action === 'deny') return { ...base, action: 'deny', rule: agentAction.rule, reasons: [agentAction.reason] };
    if (agentAction?.action === 'ask') return { ...base, action: 'review', rule: agentAction.rule, reasons: [agentAction.reason] };

    const blockers: string[] = [];
    const viaAgent = agentAction?.action === 'allow';
    if (!policy.autoApprove.enabled && !viaAgent) blockers.push('auto-approve is off');
    if (setHasFindings) blockers.push(`the change set has ${changeSet.stats.findings} finding(s)`);
    if (file.scanNotes.length) blockers.push(`the scan is incomplete: ${file.scanNotes[0]}`);
    if (sensitiveMatch) blockers.push(`${file.path} is sensitive (${sensitiveMatch.pattern}: ${sensitiveMatch.reason})`);
    if (!viaAgent) {
      for (const p of paths) if (!allowLists.every((list) => list.matches(p))) blockers.push(`${p} is not on the auto-approve allow-list`);
    }
    if (blockers.length) return { ...base, action: 'review', rule: 'default:review', reasons: blockers };
    return {
      ...base,
      action: 'autoApprove',
      rule: viaAgent ? agentAction!.rule : 'autoApprove:allowList',
      reasons: [viaAgent ? agentAction!.reason : `no findings, not sensitive, and ${paths.join(', ')} on the auto-approve allow-list`],
    };
  });

  const denied = files.find((f) => f.action === 'deny');
  if (denied) return { action: 'deny', rule: denied.rule, reasons: [`${denied.path}: ${denied.reasons.join('; ')}`], files };
  if (files.length > 0 && files.every((f) => f.action === 'autoApprove')) {
    return { action: 'autoApprove', rule: files[0].rule, reasons: files.map((f) => `${f.path}: ${f.reasons.join('; ')}`), files };
  }
  const reviewReasons = files.filter((f) => f.action === 'review').flatMap((f) => f.reasons);
  return { action: 'review', rule: 'default:review', reasons: [...new Set(reviewReasons.length ? reviewReasons : ['every agent change needs approval'])], files };
}

function contextOf(file: FileChange): { before?: string; after?: string } {
  return { before: file.before?.text, after: file.after?.text };
}
