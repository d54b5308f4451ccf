/**
 * The review webview's message protocol: one discriminated union each way. The webview script
 * (media/review/review.js) imports these types through JSDoc, so both sides are checked.
 * Every string in here may come from an agent: the webview inserts it only as text.
 */
import type { Category, Risk, Severity } from '../../core/model/finding';

export type HunkDecision = 'pending' | 'approved' | 'rejected';

/** A finding as the panel shows it: masked evidence only. */
export interface ViewFinding {
  ruleId: string;
  category: Category;
  severity: Severity;
  message: string;
  explanation: string;
  remediation: string;
  cwe: number[];
  /** 1-based line in the proposed file; 0 for a finding about the whole file. */
  line: number;
  column: number;
  evidence: string;
}

/** One line of a hunk. Old and new line numbers are absent on the side where the line does not exist. */
export interface ViewLine {
  kind: 'context' | 'add' | 'del' | 'note';
  oldLine?: number;
  newLine?: number;
  text: string;
}

export interface ViewHunk {
  /** 1-based within the file. */
  index: number;
  header: string;
  risk: Risk;
  decision: HunkDecision;
  comment?: string;
  lines: ViewLine[];
  findings: ViewFinding[];
}

export interface ViewFile {
  path: string;
  previousPath?: string;
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  binary: boolean;
  risk: Risk;
  hunks: ViewHunk[];
  /** Findings about the file as a whole (e.g. a sensitive path), shown under its header. */
  fileFindings: ViewFinding[];
  /** Set when the file on disk changed since the proposal and a hunk no longer applies. */
  conflict?: string;
  /** Which policy rule decided this file, e.g. { action: 'review', rule: 'default:ask-ci-workflows', text: 'Policy: needs review by …' }. */
  policy?: { action: 'autoApprove' | 'review' | 'deny'; rule: string; text: string };
}

export type ChangeSetState = 'pending' | 'applying' | 'applied' | 'rejected' | 'partially-applied' | 'denied';

export interface ViewChangeSet {
  id: string;
  /** "Claude Code · hook", "guard", "api" … */
  sourceLabel: string;
  createdAt: string;
  risk: Risk;
  /** One line: why this change set is risky, before any code. */
  summary: string;
  state: ChangeSetState;
  /** Which policy rule decided, when one did. */
  policyNote?: string;
  files: ViewFile[];
}

/** The lockdown as the panel shows it: a banner, and Approve buttons off while `locked`. */
export interface ViewLockdown {
  locked: boolean;
  /** The banner's headline, e.g. "Agent Guard is in lockdown". */
  text?: string;
  /** ISO 8601 time of the engage. */
  since?: string;
  /** Who engaged it ("user", "alert"). */
  actor?: string;
  /** Why, when one was given; may quote an alert about agent activity, so it is shown only as text. */
  reason?: string;
}

/** Host → webview. `lockdown` is absent only from hosts that do not know of it (treated as not locked). */
export type HostToView =
  | { type: 'state'; changeSets: ViewChangeSet[]; lockdown?: ViewLockdown }
  | { type: 'focus'; changeSetId: string; path?: string; hunkIndex?: number };

/** Webview → host. */
export type ViewToHost =
  | { type: 'ready' }
  | { type: 'decideHunk'; changeSetId: string; path: string; hunkIndex: number; decision: 'approved' | 'rejected' | 'pending'; comment?: string }
  | { type: 'decideFile'; changeSetId: string; path: string; decision: 'approved' | 'rejected'; comment?: string }
  | { type: 'decideChangeSet'; changeSetId: string; decision: 'approved' | 'rejected' | 'approveClean'; comment?: string }
  | { type: 'openDiff'; changeSetId: string; path: string }
  | { type: 'openCwe'; cwe: number }
  | { type: 'releaseLockdown' };

const VIEW_TO_HOST_TYPES = new Set(['ready', 'decideHunk', 'decideFile', 'decideChangeSet', 'openDiff', 'openCwe', 'releaseLockdown']);

/** Validates a message from the webview: it is untrusted input like any other. */
export function parseViewMessage(raw: unknown): ViewToHost | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (typeof message.type !== 'string' || !VIEW_TO_HOST_TYPES.has(message.type)) return undefined;
  const isString = (v: unknown, max = 4096): v is string => typeof v === 'string' && v.length <= max;
  const comment = message.comment === undefined || isString(message.comment, 4000);
  switch (message.type) {
    case 'ready':
      return { type: 'ready' };
    case 'releaseLockdown':
      return { type: 'releaseLockdown' };
    case 'decideHunk':
      return isString(message.changeSetId) && isString(message.path) && Number.isInteger(message.hunkIndex) &&
        ['approved', 'rejected', 'pending'].includes(message.decision as string) && comment
        ? (message as unknown as ViewToHost)
        : undefined;
    case 'decideFile':
      return isString(message.changeSetId) && isString(message.path) && ['approved', 'rejected'].includes(message.decision as string) && comment
        ? (message as unknown as ViewToHost)
        : undefined;
    case 'decideChangeSet':
      return isString(message.changeSetId) && ['approved', 'rejected', 'approveClean'].includes(message.decision as string) && comment
        ? (message as unknown as ViewToHost)
        : undefined;
    case 'openDiff':
      return isString(message.changeSetId) && isString(message.path) ? (message as unknown as ViewToHost) : undefined;
    case 'openCwe':
      return Number.isInteger(message.cwe) && (message.cwe as number) > 0 && (message.cwe as number) < 100000 ? { type: 'openCwe', cwe: message.cwe as number } : undefined;
  }
  return undefined;
}
