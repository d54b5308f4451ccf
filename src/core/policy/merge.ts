import type { Severity } from '../model/finding';
import { riskRank } from '../model/finding';
import type { EffectivePolicy, PolicyFile } from './policy';
import { STRICT_DEFAULTS } from './policy';
import type { PolicyProblem } from './validate';
import { formatProblem, parsePolicy } from './validate';

/** A policy file read from somewhere, valid or not. */
export interface LoadedPolicy {
  /** The policy to use; `{}` (the strict defaults) when the file was invalid. */
  policy: PolicyFile;
  /** False when the file had problems and was replaced by the strict defaults. */
  valid: boolean;
  problems: PolicyProblem[];
  /** One line per problem for the log and the notification, with where: "policy.json:3:5 /autoApprove: …". */
  messages: string[];
}

/**
 * Reads a policy file's text. An invalid file never silently opens access: it is replaced by `{}`
 * (which merges to the strict defaults), `valid` is false and `messages` say what and where.
 * An absent file (`text` undefined) is valid and empty.
 */
export function loadPolicy(text: string | undefined, source: string): LoadedPolicy {
  if (text === undefined) return { policy: {}, valid: true, problems: [], messages: [] };
  const parsed = parsePolicy(text);
  if (parsed.policy) return { policy: parsed.policy, valid: true, problems: [], messages: [] };
  const messages = parsed.problems.map((p) => formatProblem(source, p));
  messages.push(`${source}: the policy is invalid, so the strict defaults apply (every change needs review; no auto-approve)`);
  return { policy: {}, valid: false, problems: parsed.problems, messages };
}

function stricterSeverity(a: Severity, b: Severity): Severity {
  // A lower threshold asks for confirmation more often: that is stricter.
  return riskRank(a) <= riskRank(b) ? a : b;
}

/** Options of `mergePolicies`. */
export interface MergeOptions {
  /**
   * Set when a policy file was invalid (see loadPolicy). Then nothing may open access: auto-approve is
   * off, allow rules are dropped, the shipped default rules apply; deny and ask rules of a valid file stay.
   */
  strict?: boolean;
}

/**
 * Merges the user's policy with the workspace's `.agent-guard/policy.json`.
 *
 * In a trusted workspace the workspace policy overrides the user's key by key (VS Code's convention),
 * except that sensitive paths and per-agent rules add up. In an untrusted workspace it may only tighten:
 * it can turn auto-approve off but not on, narrow the allow-list but not widen it, lower the confirmation
 * threshold and the limits but not raise them, add sensitive paths and deny/ask rules but not allow rules.
 * Every ignored loosening is listed in `notes`. The shipped default rules apply unless the user's own
 * policy says `"defaults": false`; a workspace policy can never turn them off.
 */
export function mergePolicies(user: PolicyFile, workspace: PolicyFile | undefined, trusted: boolean, mergeOptions: MergeOptions = {}): EffectivePolicy {
  const ws = workspace ?? {};
  const notes: string[] = [];
  const userEnabled = user.autoApprove?.enabled ?? STRICT_DEFAULTS.autoApprove.enabled;
  const userPaths = user.autoApprove?.paths ?? [];
  const wsEnabled = ws.autoApprove?.enabled;
  const wsPaths = ws.autoApprove?.paths;
  const defaults = STRICT_DEFAULTS;

  let enabled: boolean;
  let allowLists: string[][];
  let confirmSeverity: Severity;
  let limits: EffectivePolicy['limits'];
  const userLimits = { ...defaults.limits, ...user.limits };
  if (trusted) {
    enabled = wsEnabled ?? userEnabled;
    allowLists = [wsPaths ?? userPaths];
    confirmSeverity = ws.confirmSeverity ?? user.confirmSeverity ?? defaults.confirmSeverity;
    limits = { ...userLimits, ...ws.limits };
  } else {
    enabled = userEnabled && wsEnabled !== false;
    if (wsEnabled === true && !userEnabled) notes.push('the workspace policy may not enable auto-approve in an untrusted workspace; ignored');
    allowLists = wsPaths ? [userPaths, wsPaths] : [userPaths];
    const userSeverity = user.confirmSeverity ?? defaults.confirmSeverity;
    confirmSeverity = ws.confirmSeverity ? stricterSeverity(userSeverity, ws.confirmSeverity) : userSeverity;
    if (ws.confirmSeverity && confirmSeverity !== ws.confirmSeverity) notes.push(`the workspace policy may not raise confirmSeverity to ${ws.confirmSeverity} in an untrusted workspace; ignored`);
    limits = {
      maxFiles: Math.min(userLimits.maxFiles, ws.limits?.maxFiles ?? Infinity),
      maxFileBytes: Math.min(userLimits.maxFileBytes, ws.limits?.maxFileBytes ?? Infinity),
    };
    if ((ws.limits?.maxFiles ?? 0) > userLimits.maxFiles || (ws.limits?.maxFileBytes ?? 0) > userLimits.maxFileBytes) notes.push('the workspace policy may not raise limits in an untrusted workspace; ignored');
  }
  const agents: EffectivePolicy['agents'] = (user.agents ?? []).map((a, index) => ({ ...a, origin: 'user' as const, index }));
  (ws.agents ?? []).forEach((agent, index) => {
    // Named before filtering, so "workspace:agents[0].rules[2]" still points into the file.
    const named = agent.rules.map((r, j) => (r.id ? r : { ...r, id: `agents[${index}].rules[${j}]` }));
    const rules = trusted ? named : named.filter((r) => r.action !== 'allow');
    if (rules.length < agent.rules.length) notes.push(`allow rules for agent ${JSON.stringify(agent.agent)} in the workspace policy are ignored in an untrusted workspace`);
    if (rules.length) agents.push({ ...agent, rules, origin: 'workspace', index });
  });
  if (ws.defaults === false) notes.push('only your own policy can turn the shipped default rules off ("defaults": false); the workspace policy\'s setting is ignored');
  const shippedDefaults = user.defaults !== false;
  if (mergeOptions.strict) {
    notes.push('a policy file is invalid, so the strict defaults apply: no auto-approve, no allow rules, and the shipped default rules');
    return {
      autoApprove: { enabled: false, allowLists: [[]] },
      confirmSeverity: stricterSeverity(confirmSeverity, defaults.confirmSeverity),
      sensitivePaths: [...new Set([...(user.sensitivePaths ?? []), ...(ws.sensitivePaths ?? [])])],
      limits: { maxFiles: Math.min(limits.maxFiles, defaults.limits.maxFiles), maxFileBytes: Math.min(limits.maxFileBytes, defaults.limits.maxFileBytes) },
      agents: agents.map((a) => ({ ...a, rules: a.rules.filter((r) => r.action !== 'allow') })).filter((a) => a.rules.length > 0),
      shippedDefaults: true,
      strictFallback: true,
      notes,
    };
  }
  return {
    autoApprove: { enabled, allowLists },
    confirmSeverity,
    sensitivePaths: [...new Set([...(user.sensitivePaths ?? []), ...(ws.sensitivePaths ?? [])])],
    limits,
    agents,
    shippedDefaults,
    notes,
  };
}
