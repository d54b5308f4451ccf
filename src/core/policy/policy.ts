import type { Category, Severity } from '../model/finding';
import type { ChangeChannel } from '../review/model';

/** What a per-agent rule does to a matching change. Deny beats ask, and ask beats allow. */
export type RuleAction = 'allow' | 'ask' | 'deny';

/**
 * A per-agent rule (issue 11, evaluated in a first form now). A rule matches a file when every given
 * condition holds: its path matches one of `paths`, and it has a finding in one of `categories` at or
 * above `minSeverity`. Absent conditions always hold.
 */
export interface AgentRule {
  action: RuleAction;
  paths?: string[];
  categories?: Category[];
  minSeverity?: Severity;
  /** Shown to the person and sent to the agent when the rule decides. */
  reason?: string;
}

/** Rules for one source: an agent name (exact, or "*" for any) and optionally one road. */
export interface AgentPolicy {
  agent: string;
  channel?: ChangeChannel;
  rules: AgentRule[];
}

/** The policy file format (`.agent-guard/policy.json` and the user's policy), version 1. Every key is optional. */
export interface PolicyFile {
  $schema?: string;
  version?: 1;
  autoApprove?: {
    /** Opt in to auto-approval of changes with no findings, on allow-listed, non-sensitive paths. */
    enabled?: boolean;
    /** Globs of paths that may be auto-approved. */
    paths?: string[];
  };
  /** Approving a finding at or above this severity needs a second confirmation with a reason (default critical). */
  confirmSeverity?: Severity;
  /** Extra sensitive globs: changes to them always need review. */
  sensitivePaths?: string[];
  limits?: {
    maxFiles?: number;
    maxFileBytes?: number;
  };
  agents?: AgentPolicy[];
}

/** The policy in force after merging user and workspace policy. Plain JSON. */
export interface EffectivePolicy {
  autoApprove: {
    enabled: boolean;
    /** A path may be auto-approved only when it matches at least one glob of every list (an untrusted workspace can only narrow). */
    allowLists: string[][];
  };
  confirmSeverity: Severity;
  /** Extra sensitive globs, on top of the sensitive-path matcher's list. */
  sensitivePaths: string[];
  limits: { maxFiles: number; maxFileBytes: number };
  /** Per-agent rules, user's first; each keeps where it came from. */
  agents: (AgentPolicy & { origin: 'user' | 'workspace' })[];
  /** What the merge ignored or fell back on, in words, e.g. "the workspace policy may not enable auto-approve in an untrusted workspace". */
  notes: string[];
}

/** The strict defaults: every change needs review, critical findings need a reason, nothing is auto-approved. */
export const STRICT_DEFAULTS: EffectivePolicy = {
  autoApprove: { enabled: false, allowLists: [[]] },
  confirmSeverity: 'critical',
  sensitivePaths: [],
  limits: { maxFiles: 500, maxFileBytes: 1024 * 1024 },
  agents: [],
  notes: [],
};
