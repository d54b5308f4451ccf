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
  /** A short name for the rule, used in "Explain Decision", the audit log and the agent's answer (e.g. "ci-is-off-limits"). */
  id?: string;
  paths?: string[];
  categories?: Category[];
  minSeverity?: Severity;
  /** Shown to the person and sent to the agent when the rule decides. */
  reason?: string;
  /**
   * Built-in rules only (never read from a file): the rule matches only when the change touches Agent
   * Guard's own settings (`agentGuard.*` keys) in `.vscode/settings.json` or a `.code-workspace` file.
   */
  content?: 'agentGuardSettings';
}

/**
 * Rules for one source: an agent name (or "*" for any) and optionally one road. Names are compared
 * folded: case, spaces, dashes and underscores do not matter ("Claude Code" is "claude-code").
 */
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
  /**
   * The shipped default rules for every agent (deny `.env*`, `.git/**` and Agent Guard's own files and
   * settings; ask for `.github/**` and `.vscode/**`). On unless the user's own policy says false; a
   * workspace policy cannot turn them off.
   */
  defaults?: boolean;
}

/** Where a rule in force came from: the shipped defaults, the user's policy or the workspace's. */
export type RuleOrigin = 'default' | 'user' | 'workspace';

/** An agent entry in force, with where it came from and its index in that file (for rule names). */
export type EffectiveAgentPolicy = AgentPolicy & { origin: RuleOrigin; index?: number };

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
  /** Per-agent rules, user's first; each keeps where it came from. The shipped defaults are not listed here. */
  agents: EffectiveAgentPolicy[];
  /** Whether the shipped default rules apply (absent: they do). Only the user's policy can turn them off. */
  shippedDefaults?: boolean;
  /** True when a policy file was invalid and the strict defaults replaced what it would have allowed. */
  strictFallback?: boolean;
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
  shippedDefaults: true,
  notes: [],
};
