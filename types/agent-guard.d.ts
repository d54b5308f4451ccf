/**
 * The public API of the Agent Guard extension (id `agent-guard.agent-guard`).
 *
 * ```ts
 * const guard = vscode.extensions.getExtension<AgentGuardApi>('agent-guard.agent-guard');
 * const api = await guard.activate();
 * const decision = await api.proposeChanges({ agent: 'My Agent', files: [{ path: 'src/a.ts', content: '…' }] });
 * ```
 *
 * The same argument works with the command `agentGuard.proposeChanges`.
 */

/** A replacement in the file's current text. `oldText` must occur exactly once unless `replaceAll`. */
export interface ProposedTextEdit {
  oldText: string;
  newText: string;
  replaceAll?: boolean;
}

/** One file. Give exactly one of `content`, `edits` or `delete`; `renameFrom` may come alone (a move). */
export interface ProposedFile {
  /** Workspace-relative path with forward slashes; paths outside the workspace or into .git are refused. */
  path: string;
  /** The full new text. */
  content?: string;
  /** Replacements against the current text, applied in order. */
  edits?: ProposedTextEdit[];
  /** Delete the file. */
  delete?: boolean;
  /** Move the file from this path to `path`. */
  renameFrom?: string;
}

export interface ProposeChangesRequest {
  files: ProposedFile[];
  /** Shown in the review panel and recorded in the audit log, e.g. "Claude Code". */
  agent?: string;
  /** The agent's own description of the change. */
  message?: string;
  /** The agent's session or conversation id, for the audit log. */
  session?: string;
}

export type HunkVerdict = 'approved' | 'rejected' | 'pending';

/** A finding the agent can act on. Secrets are masked. */
export interface DecisionFinding {
  ruleId: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  message: string;
  line: number;
  remediation: string;
}

export interface FileDecision {
  path: string;
  previousPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  state: 'approved' | 'rejected' | 'partial' | 'pending';
  comment?: string;
  hunks: { index: number; oldStart: number; newStart: number; verdict: HunkVerdict; comment?: string; findings: DecisionFinding[] }[];
}

/** What the person decided. The promise of proposeChanges resolves with it once every hunk is decided. */
export interface ProposeChangesDecision {
  changeSetId: string;
  /** approved: all applied; partial: some hunks applied; rejected: nothing applied; denied: refused by policy. */
  state: 'approved' | 'partial' | 'rejected' | 'denied';
  /** Plain text for an agent: what was applied, what was rejected and why. */
  message: string;
  files: FileDecision[];
  /** Files written, with the SHA-256 of their new content (null for a delete). */
  applied: { path: string; sha256: string | null }[];
}

export interface AgentGuardApi {
  /** Queues the change for review. Nothing is written until a person approves it, hunk by hunk if they like. */
  proposeChanges(request: ProposeChangesRequest): Promise<ProposeChangesDecision>;
}
