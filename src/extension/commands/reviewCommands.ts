import * as vscode from 'vscode';
import { toChangeSetInput, toPublicDecision } from '../intake/proposalApi';
import type { ReviewGate } from '../review/reviewWiring';
import type { ProposeChangesDecision } from '../../../types/agent-guard';
import { loadEngine } from '../engineLoader';
import { EditorWorkspaceFs } from '../review/editorWorkspaceFs';

/** "Agent Guard: Open Review": the panel, optionally on one change set, file or hunk. */
export function openReview(gate: ReviewGate, changeSetId?: unknown, path?: unknown, hunk?: unknown): void {
  if (typeof changeSetId === 'string') gate.panel.show({ focus: { changeSetId, path: typeof path === 'string' ? path : undefined, hunkIndex: typeof hunk === 'number' ? hunk : undefined } });
  else gate.panel.show();
}

/** `agentGuard.proposeChanges`: the command form of the API, for scripts and other extensions. */
export async function proposeChanges(gate: ReviewGate, request: unknown): Promise<ProposeChangesDecision> {
  const input = toChangeSetInput(request, 'api');
  return toPublicDecision(await gate.service.propose(input, 'write'));
}

/** "Agent Guard: Revert Last Approved Change": refused, with the reason, when a file changed since. */
export async function revertLastApproved(gate: ReviewGate): Promise<void> {
  const fs = new EditorWorkspaceFs(gate.workspaceRoot, (p) => gate.ownWrites.set(p, Date.now()));
  try {
    const result = await loadEngine().revertLastApply(fs, gate.backups);
    void vscode.window.showInformationMessage(`Agent Guard: reverted ${result.files.length} file${result.files.length === 1 ? "" : "s"} of ${result.changeSetId}.`);
  } catch (error) {
    void vscode.window.showWarningMessage(`Agent Guard: nothing was reverted. ${(error as Error).message}`);
  }
}

/** Tree context menu: approve or reject a whole change set. */
export async function decideChangeSet(gate: ReviewGate, node: unknown, verdict: 'approved' | 'rejected'): Promise<void> {
  const id = (node as { changeSet?: { id?: string } })?.changeSet?.id;
  if (typeof id !== 'string') return;
  await gate.service.decideOn(id, { kind: 'changeSet' }, verdict);
}
