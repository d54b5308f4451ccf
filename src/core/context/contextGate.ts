import type { ContextCall, GateAnswer, GateContext } from '../intake/gate';

/**
 * Keeps secrets out of the agent's context: the files it reads, the prompts it is sent, the tool output it
 * sees and the arguments it passes to other tools. Placeholder until that check lands: no opinion.
 */
export async function decideContextCall(call: ContextCall, context: GateContext): Promise<GateAnswer> {
  void call;
  void context;
  return { decision: 'none', reason: '' };
}
