import * as vscode from 'vscode';
import type { AuditEntry } from '../../core/audit/auditLog';
import type { FilePolicyVerdict, PolicyVerdict } from '../../core/policy/evaluate';
import type { ChangeChannel } from '../../core/review/model';
import { loadEngine } from '../engineLoader';
import type { ReviewGate } from '../review/reviewWiring';

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
  /** The policy in force now: notes of the merge, and whether an invalid file made it fall back to the strict defaults. */
  policyNow: { strictFallback: boolean; shippedDefaults: boolean; notes: string[] };
}

/** Options of the command, for tests and other commands. */
export interface ExplainOptions {
  /** Show the explanation to the person too (default: only when no id was given, i.e. from the palette). */
  show?: boolean;
}

const ACTION_WORDS: Record<PolicyVerdict['action'], string> = { deny: 'Denied', review: 'Needs review', autoApprove: 'Auto-approved' };

/**
 * "Agent Guard: Explain Decision". Without an id, offers recent change sets (denied ones included) in a
 * QuickPick and shows the answer; with an id (a string, or `{ changeSetId }`), returns the explanation as
 * data. An unknown id is an error that says so.
 */
export async function explainDecision(gate: ReviewGate, idArg?: unknown, options: ExplainOptions = {}): Promise<DecisionExplanation | undefined> {
  const fromArg = typeof idArg === 'string' ? idArg : idArg && typeof idArg === 'object' && typeof (idArg as { changeSetId?: unknown }).changeSetId === 'string' ? (idArg as { changeSetId: string }).changeSetId : undefined;
  if (idArg !== undefined && fromArg === undefined) throw new Error('Explain Decision takes a change set id (a string, or { changeSetId })');
  const id = fromArg ?? (await pickChangeSet(gate));
  if (!id) return undefined;
  const explanation = fromMemory(gate, id) ?? (await fromAuditLog(gate, id));
  if (!explanation) throw new Error(`no policy decision is recorded for change set ${JSON.stringify(id)}`);
  if (options.show ?? fromArg === undefined) await show(explanation);
  return explanation;
}

function policyNow(gate: ReviewGate): DecisionExplanation['policyNow'] {
  const policy = gate.policy.current();
  return { strictFallback: policy.strictFallback === true, shippedDefaults: policy.shippedDefaults !== false, notes: policy.notes };
}

function fromMemory(gate: ReviewGate, id: string): DecisionExplanation | undefined {
  const recent = gate.service.verdictOf(id);
  if (!recent) return undefined;
  const { source, verdict } = recent;
  return {
    changeSetId: id,
    agent: source.agent,
    channel: source.channel,
    action: verdict.action,
    rule: verdict.rule,
    reasons: verdict.reasons,
    files: verdict.files.map((f) => ({ path: f.path, action: f.action, rule: f.rule, reasons: f.reasons, ...(f.matchedRules ? { matchedRules: f.matchedRules } : {}) })),
    from: 'memory',
    policyNow: policyNow(gate),
  };
}

async function policyEntries(gate: ReviewGate): Promise<AuditEntry[]> {
  const lines = await loadEngine().readAuditLines(gate.auditDirectory);
  const entries: AuditEntry[] = [];
  for (const line of lines) {
    try {
      const entry = JSON.parse(line) as AuditEntry;
      if (entry.type === 'policy' && typeof entry.data.changeSetId === 'string') entries.push(entry);
    } catch {
      // A broken line is Verify Audit Log's business, not this command's.
    }
  }
  return entries;
}

async function fromAuditLog(gate: ReviewGate, id: string): Promise<DecisionExplanation | undefined> {
  const entry = (await policyEntries(gate)).reverse().find((e) => e.data.changeSetId === id);
  if (!entry) return undefined;
  const data = entry.data as { source?: { agent?: string; channel?: ChangeChannel }; action: PolicyVerdict['action']; rule: string; reasons?: string[]; files?: DecisionExplanation['files'] };
  return {
    changeSetId: id,
    agent: data.source?.agent,
    channel: data.source?.channel,
    action: data.action,
    rule: data.rule,
    reasons: data.reasons ?? [],
    // Files the default decided carry no reasons of their own in the log: the change set's reasons say why.
    files: (data.files ?? []).map((f) => ({ ...f, reasons: f.reasons ?? [] })),
    from: 'auditLog',
    policyNow: policyNow(gate),
  };
}

async function pickChangeSet(gate: ReviewGate): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id: string };
  const items: Item[] = gate.service.recentVerdicts().map(({ changeSetId, source, createdAt, paths, verdict }) => ({
    id: changeSetId,
    label: `${verdict.action === 'deny' ? '$(error)' : verdict.action === 'autoApprove' ? '$(pass)' : '$(eye)'} ${source.agent ?? source.channel} · ${source.channel}`,
    description: `${ACTION_WORDS[verdict.action]} by ${verdict.rule}`,
    detail: `${createdAt} · ${paths.slice(0, 4).join(', ')}${paths.length > 4 ? ', …' : ''}`,
  }));
  if (items.length === 0) {
    // Nothing in this window yet (e.g. after a reload): the audit log knows the earlier ones.
    for (const entry of (await policyEntries(gate)).reverse().slice(0, 50)) {
      const data = entry.data as { changeSetId: string; source?: { agent?: string; channel?: string }; action: PolicyVerdict['action']; rule: string; files?: { path: string }[] };
      items.push({
        id: data.changeSetId,
        label: `${data.source?.agent ?? data.source?.channel ?? 'agent'} · ${data.source?.channel ?? '?'}`,
        description: `${ACTION_WORDS[data.action] ?? data.action} by ${data.rule}`,
        detail: `${entry.time} · ${(data.files ?? []).map((f) => f.path).slice(0, 4).join(', ')}`,
      });
    }
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('Agent Guard: no agent change has been decided yet, so there is nothing to explain.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Explain the policy decision on which change set?', matchOnDescription: true, matchOnDetail: true });
  return picked?.id;
}

/** The explanation in words, one block per file. Agent-supplied text is shown as plain text in a message. */
export function formatExplanation(e: DecisionExplanation): string {
  const lines = [`${ACTION_WORDS[e.action]} by ${e.rule}${e.agent ? ` (${e.agent} · ${e.channel})` : ''}.`];
  for (const file of e.files) {
    lines.push('', `${file.path}: ${ACTION_WORDS[file.action]} by ${file.rule}`);
    for (const reason of file.reasons) lines.push(`  • ${reason}`);
    const others = (file.matchedRules ?? []).filter((m) => m.rule !== file.rule);
    if (others.length) lines.push(`  Also matched: ${others.map((m) => `${m.rule} (${m.action})`).join(', ')}; deny beats ask, and ask beats allow.`);
  }
  if (e.policyNow.strictFallback) lines.push('', 'Note: a policy file is invalid now, so the strict defaults apply (see Show Output).');
  if (!e.policyNow.shippedDefaults) lines.push('', 'Note: your policy turns the shipped default rules off.');
  return lines.join('\n');
}

async function show(explanation: DecisionExplanation): Promise<void> {
  await vscode.window.showInformationMessage(`Agent Guard: policy decision on ${explanation.changeSetId}: ${ACTION_WORDS[explanation.action]}`, { modal: true, detail: formatExplanation(explanation) });
}
