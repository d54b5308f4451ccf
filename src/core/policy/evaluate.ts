import type { Finding } from '../model/finding';
import { meetsThreshold } from '../model/finding';
import type { ChangeSet, FileChange } from '../review/model';
import { findingsOfFile } from '../review/risk';
import { GlobList } from './glob';
import type { AgentRule, EffectivePolicy, RuleAction } from './policy';
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

function ruleMatches(rule: AgentRule, paths: string[], findings: Finding[]): boolean {
  // Deny and ask match case-insensitively (".ENV" is ".env" on Windows and macOS); allow matches exactly,
  // so a case variant never widens what is allowed.
  // Deny and ask apply when any name of the file matches; allow only when every name does (its old path
  // and the real path behind a link included).
  if (rule.paths) {
    const list = new GlobList(rule.paths, { nocase: rule.action !== 'allow' });
    const matched = rule.action === 'allow' ? paths.every((p) => list.matches(p)) : paths.some((p) => list.matches(p));
    if (!matched) return false;
  }
  if (rule.categories || rule.minSeverity) {
    return findings.some((f) => (!rule.categories || rule.categories.includes(f.category)) && (!rule.minSeverity || meetsThreshold(f.severity, rule.minSeverity)));
  }
  return true;
}

/**
 * Evaluates the policy on a change set. Order per file: per-agent rules (deny > ask > allow), then the
 * auto-approve conditions, all at once: auto-approve on (or an agent allow rule), no findings in the
 * change set, a complete scan, text content, every path (old and new) on every allow-list, and nothing
 * sensitive. Anything else is "review". The sensitive matcher defaults to the built-in conservative list;
 * the policy's extra sensitive globs always add to it.
 */
export function evaluatePolicy(changeSet: ChangeSet, policy: EffectivePolicy, sensitive: SensitivePathMatcher = createSensitiveMatcher()): PolicyVerdict {
  const matcher = policy.sensitivePaths.length
    ? combineSensitiveMatchers(sensitive, createSensitiveMatcher(policy.sensitivePaths.map((pattern) => ({ pattern, reason: 'listed as sensitive in the policy' }))))
    : sensitive;
  const allowLists = policy.autoApprove.allowLists.map((list) => new GlobList(list));
  const agentName = changeSet.source.agent ?? '';
  const applicable = policy.agents
    .map((a, i) => ({ a, i }))
    .filter(({ a }) => (a.agent === '*' || a.agent === agentName) && (!a.channel || a.channel === changeSet.source.channel));
  const setHasFindings = changeSet.stats.findings > 0;

  const files = changeSet.files.map((file): FilePolicyVerdict => {
    // Every name the file goes by, real paths included: a link must not launder a sensitive or denied path.
    const paths = [file.path, file.previousPath, file.realPath, file.previousRealPath].filter((p): p is string => !!p);
    const findings = findingsOfFile(file);
    const sensitiveMatch = paths.map((p) => matcher.match(p, contextOf(file))).find((m) => m !== undefined);
    let agentAction: { action: RuleAction; rule: string; reason: string } | undefined;
    for (const { a, i } of applicable) {
      a.rules.forEach((rule, j) => {
        if (!ruleMatches(rule, paths, findings)) return;
        if (!agentAction || RANK[rule.action] > RANK[agentAction.action]) {
          agentAction = { action: rule.action, rule: `${a.origin}:agents[${i}].rules[${j}]`, reason: rule.reason ?? `${rule.action} by the rule for agent ${JSON.stringify(a.agent)}` };
        }
      });
    }
    const base = { path: file.path, ...(sensitiveMatch ? { sensitive: sensitiveMatch } : {}) };
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
