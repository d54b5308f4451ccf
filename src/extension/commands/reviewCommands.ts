import * as vscode from 'vscode';
import { toChangeSetInput, toPublicDecision } from '../intake/proposalApi';
import type { ReviewGate } from '../review/reviewWiring';
import type { ProposeChangesDecision } from '../../../types/agent-guard';

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
  try {
    const result = await gate.service.revertLast();
    void vscode.window.showInformationMessage(`Agent Guard: reverted ${result.files.length} file${result.files.length === 1 ? "" : "s"} of ${result.changeSetId}.`);
  } catch (error) {
    void vscode.window.showWarningMessage(`Agent Guard: nothing was reverted. ${(error as Error).message}`);
  }
}

type TreeNode = { changeSet?: { id?: string }; file?: { path?: string }; hunk?: { index?: number } };

/**
 * Approve or reject from the tree's context menu (a node) or from a script or keybinding
 * (changeSetId, path, hunkIndex, comment). The comment goes back to the agent.
 */
export async function decideFromCommand(gate: ReviewGate, level: 'changeSet' | 'file' | 'hunk', verdict: 'approved' | 'rejected', args: unknown[]): Promise<void> {
  const node = args[0] as TreeNode | string | undefined;
  const changeSetId = typeof node === 'string' ? node : node?.changeSet?.id;
  const path = typeof node === 'string' ? args[1] : node?.file?.path;
  const hunk = typeof node === 'string' ? args[2] : node?.hunk?.index;
  const comment = typeof node === 'string' ? args[level === 'changeSet' ? 1 : level === 'file' ? 2 : 3] : undefined;
  if (typeof changeSetId !== 'string') throw new Error('no change set given');
  const note = typeof comment === 'string' ? comment : undefined;
  if (level === 'changeSet') return gate.service.decideOn(changeSetId, { kind: 'changeSet' }, verdict, note);
  if (typeof path !== 'string') throw new Error('no file given');
  if (level === 'file') return gate.service.decideOn(changeSetId, { kind: 'file', path }, verdict, note);
  if (typeof hunk !== 'number') throw new Error('no hunk given');
  return gate.service.decideOn(changeSetId, hunk === 0 ? { kind: 'operation', path } : { kind: 'hunk', path, hunk }, verdict, note);
}
