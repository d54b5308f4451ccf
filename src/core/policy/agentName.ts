/**
 * Agent names as roads report them vary in spelling: "Claude Code" from a hook flag, "claude-code" in a
 * policy file, "Claude_Code" from a script. Policy rules compare names folded, so one rule covers all.
 */

/** The name every spelling of an agent's name folds to: NFKC, lower case, runs of spaces, dashes, underscores and dots as one dash, trimmed. "*" stays "*". */
export function foldAgentName(name: string): string {
  const trimmed = name.normalize('NFKC').trim();
  if (trimmed === '*') return '*';
  // One character class with a + quantifier, then a trim of single dashes: linear time.
  return trimmed.toLowerCase().replace(SEPARATORS, '-').replace(EDGE_DASH, '');
}

/** The patterns of `foldAgentName`, exported for the ReDoS test. */
export const SEPARATORS = /[\s._-]+/g;
export const EDGE_DASH = /^-|-$/g;

/** True when a policy entry's agent ("*" or a name) covers the agent that proposed a change. */
export function agentMatches(ruleAgent: string, proposer: string | undefined): boolean {
  const folded = foldAgentName(ruleAgent);
  return folded === '*' || (proposer !== undefined && folded !== '' && folded === foldAgentName(proposer));
}
