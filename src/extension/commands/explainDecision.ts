import * as vscode from 'vscode';
import type { AuditEntry } from '../../core/audit/auditLog';
import type { DecisionExplanation } from '../../core/policy/explain';
import { actionWords, explainFromAudit, explainVerdict, formatExplanation } from '../../core/policy/explain';
import type { PolicyVerdict } from '../../core/policy/evaluate';
import { loadEngine } from '../engineLoader';
import type { ReviewGate } from '../review/reviewWiring';

/** Options of the command, for tests and other commands. */
export interface ExplainOptions {
  /** Show the explanation to the person too (default: only when no id was given, i.e. from the palette). */
  show?: boolean;
}

/**
 * "Agent Guard: Explain Decision". Without an id, offers recent change sets (denied ones included) in a
 * QuickPick and shows the answer; with an id (a string, or `{ changeSetId }`), returns the explanation as
 * data. Recent change sets are answered from memory, older or restored ones from the audit log. An
 * unknown id is an error that says so.
 */
export async function explainDecision(gate: ReviewGate, idArg?: unknown, options: ExplainOptions = {}): Promise<DecisionExplanation | undefined> {
  const fromArg = typeof idArg === 'string' ? idArg : idArg && typeof idArg === 'object' && typeof (idArg as { changeSetId?: unknown }).changeSetId === 'string' ? (idArg as { changeSetId: string }).changeSetId : undefined;
  if (idArg !== undefined && fromArg === undefined) throw new Error('Explain Decision takes a change set id (a string, or { changeSetId })');
  const id = fromArg ?? (await pickChangeSet(gate));
  if (!id) return undefined;
  const recent = gate.service.verdictOf(id);
  const found = recent ? explainVerdict(id, recent.source, recent.verdict) : explainFromAudit(await auditEntries(gate), id);
  if (!found) throw new Error(`no policy decision is recorded for change set ${JSON.stringify(id)}`);
  const policy = gate.policy.current();
  const explanation: DecisionExplanation = { ...found, policyNow: { strictFallback: policy.strictFallback === true, shippedDefaults: policy.shippedDefaults !== false, notes: policy.notes } };
  if (options.show ?? fromArg === undefined) {
    await vscode.window.showInformationMessage(`Agent Guard: policy decision on ${explanation.changeSetId}: ${actionWords(explanation.action)}`, { modal: true, detail: formatExplanation(explanation) });
  }
  return explanation;
}

async function auditEntries(gate: ReviewGate): Promise<AuditEntry[]> {
  const entries: AuditEntry[] = [];
  for (const line of await loadEngine().readAuditLines(gate.auditDirectory)) {
    try {
      entries.push(JSON.parse(line) as AuditEntry);
    } catch {
      // A broken line is Verify Audit Log's business, not this command's.
    }
  }
  return entries;
}

async function pickChangeSet(gate: ReviewGate): Promise<string | undefined> {
  type Item = vscode.QuickPickItem & { id: string };
  const icon = (action: PolicyVerdict['action']) => (action === 'deny' ? '$(error)' : action === 'autoApprove' ? '$(pass)' : '$(eye)');
  const items: Item[] = gate.service.recentVerdicts().map(({ changeSetId, source, createdAt, paths, verdict }) => ({
    id: changeSetId,
    label: `${icon(verdict.action)} ${source.agent ?? source.channel} · ${source.channel}`,
    description: `${actionWords(verdict.action)} by ${verdict.rule}`,
    detail: `${createdAt} · ${paths.slice(0, 4).join(', ')}${paths.length > 4 ? ', …' : ''}`,
  }));
  if (items.length === 0) {
    // Nothing in this window yet (e.g. after a reload): the audit log knows the earlier ones.
    const policyEntries = (await auditEntries(gate)).filter((e) => e.type === 'policy' && typeof e.data.changeSetId === 'string');
    for (const entry of policyEntries.reverse().slice(0, 50)) {
      const explained = explainFromAudit([entry], entry.data.changeSetId as string)!;
      items.push({
        id: explained.changeSetId,
        label: `${icon(explained.action)} ${explained.agent ?? explained.channel ?? 'agent'} · ${explained.channel ?? '?'}`,
        description: `${actionWords(explained.action)} by ${explained.rule}`,
        detail: `${entry.time} · ${explained.files.map((f) => f.path).slice(0, 4).join(', ')}`,
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
