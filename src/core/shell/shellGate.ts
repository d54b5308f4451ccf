import type { GateAnswer, GateContext, ShellCall } from '../intake/gate';

/**
 * Decides a shell command an agent wants to run: what it writes, installs, downloads, reads and destroys.
 * Placeholder until the shell-command analyser lands: no opinion.
 */
export async function decideShellCommand(call: ShellCall, context: GateContext): Promise<GateAnswer> {
  void call;
  void context;
  return { decision: 'none', reason: '' };
}
