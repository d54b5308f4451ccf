import * as vscode from 'vscode';
import { showRuleDocs as openRuleDocs } from '../diagnostics/ruleDocsProvider';
import { loadEngine } from '../engineLoader';

/** "Agent Guard: Show Rule Documentation": a rule's docs as a Markdown preview; asks which rule when none is given. */
export async function showRuleDocs(ruleId?: unknown): Promise<void> {
  let id = typeof ruleId === 'string' ? ruleId : undefined;
  if (!id) {
    const picked = await vscode.window.showQuickPick(
      loadEngine().allRules.map((rule) => ({ label: rule.meta.id, description: `${rule.meta.category} · ${rule.meta.severity}`, detail: rule.meta.docs.summary })),
      { title: 'Agent Guard: rule documentation', matchOnDescription: true, matchOnDetail: true },
    );
    id = picked?.label;
  }
  if (id) await openRuleDocs(id);
}
