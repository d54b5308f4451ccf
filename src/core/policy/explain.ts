import type { AuditEntry } from '../audit/auditLog';
import type { ChangeChannel } from '../review/model';
import type { FilePolicyVerdict, PolicyVerdict } from './evaluate';

/** What "Explain Decision" answers for one change set: the policy's verdict, file by file, with the rules that matched. */
export interface DecisionExplanation {
  changeSetId: string;
  agent?: string;
  channel?: ChangeChannel;
  /** What the policy said: deny (never queued), review (queued for a person), autoApprove. */
  action: PolicyVerdict['action'];
  /** The deciding rule, e.g. "default:deny-env-files", "user:claude-src", "default:review". */
  rule: string;
  reasons: string[];
  files: Pick<FilePolicyVerdict, 'path' | 'action' | 'rule' | 'reasons' | 'matchedRules'>[];
  /** Where the answer came from: this window's memory, or the audit log (older or restored change sets). */
  from: 'memory' | 'auditLog';
  /** The policy in force now: whether an invalid file made it fall back to the strict defaults, and the merge's notes. */
  policyNow?: { strictFallback: boolean; shippedDefaults: boolean; notes: string[] };
}

const ACTION_WORDS: Record<PolicyVerdict['action'], string> = { deny: 'Denied', review: 'Needs review', autoApprove: 'Auto-approved' };

/** "Denied", "Needs review", "Auto-approved". */
export function actionWords(action: PolicyVerdict['action']): string {
  return ACTION_WORDS[action] ?? String(action);
}

/** The explanation of a verdict the caller still holds. */
export function explainVerdict(changeSetId: string, source: { agent?: string; channel?: ChangeChannel }, verdict: PolicyVerdict): DecisionExplanation {
  return {
    changeSetId,
    agent: source.agent,
    channel: source.channel,
    action: verdict.action,
    rule: verdict.rule,
    reasons: verdict.reasons,
    files: verdict.files.map((f) => ({ path: f.path, action: f.action, rule: f.rule, reasons: f.reasons, ...(f.matchedRules ? { matchedRules: f.matchedRules } : {}) })),
    from: 'memory',
  };
}

/** The explanation from the last `policy` audit entry of a change set, or undefined when the log has none. */
export function explainFromAudit(entries: readonly AuditEntry[], changeSetId: string): DecisionExplanation | undefined {
  let entry: AuditEntry | undefined;
  for (let i = entries.length - 1; i >= 0 && !entry; i--) if (entries[i].type === 'policy' && entries[i].data.changeSetId === changeSetId) entry = entries[i];
  if (!entry) return undefined;
  const data = entry.data as { source?: { agent?: string; channel?: ChangeChannel }; action: PolicyVerdict['action']; rule: string; reasons?: string[]; files?: Partial<DecisionExplanation['files'][number]>[] };
  return {
    changeSetId,
    agent: data.source?.agent,
    channel: data.source?.channel,
    action: data.action,
    rule: data.rule,
    reasons: data.reasons ?? [],
    // Files the default decided carry no reasons of their own in the log: the change set's reasons say why.
    files: (data.files ?? []).map((f) => ({ path: String(f.path), action: f.action ?? data.action, rule: f.rule ?? data.rule, reasons: f.reasons ?? [], ...(f.matchedRules ? { matchedRules: f.matchedRules } : {}) })),
    from: 'auditLog',
  };
}

/** The explanation in words, one block per file, for a message or a log. */
export function formatExplanation(e: DecisionExplanation): string {
  const lines = [`${actionWords(e.action)} by ${e.rule}${e.agent ? ` (${e.agent} · ${e.channel})` : ''}.`];
  for (const file of e.files) {
    lines.push('', `${file.path}: ${actionWords(file.action)} by ${file.rule}`);
    for (const reason of file.reasons) lines.push(`  • ${reason}`);
    const others = (file.matchedRules ?? []).filter((m) => m.rule !== file.rule);
    if (others.length) lines.push(`  Also matched: ${others.map((m) => `${m.rule} (${m.action})`).join(', ')}; deny beats ask, and ask beats allow.`);
  }
  if (e.files.every((f) => f.reasons.length === 0) && e.reasons.length) lines.push('', ...e.reasons.map((r) => `• ${r}`));
  if (e.policyNow?.strictFallback) lines.push('', 'Note: a policy file is invalid now, so the strict defaults apply (see Show Output).');
  if (e.policyNow && !e.policyNow.shippedDefaults) lines.push('', 'Note: your policy turns the shipped default rules off.');
  return lines.join('\n');
}
