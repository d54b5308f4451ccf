import { parseArgs } from 'node:util';
import type { Risk } from '../core/model/finding';
import { RISKS } from '../core/model/finding';
import type { HookOptions } from './hookCommand';
import { UsageError } from './usageError';

/** Parses `agent-guard hook` options; the timeout may also come from AGENT_GUARD_HOOK_TIMEOUT_MINUTES. */
export function parseHookArgs(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): HookOptions {
  let values;
  try {
    values = parseArgs({
      args: [...argv],
      options: { agent: { type: 'string' }, timeout: { type: 'string' }, 'fail-on': { type: 'string' }, 'when-clean': { type: 'string' } },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const minutes = Number(values.timeout ?? env.AGENT_GUARD_HOOK_TIMEOUT_MINUTES ?? 10);
  if (!Number.isFinite(minutes) || minutes <= 0 || minutes > 24 * 60) throw new UsageError('--timeout must be a number of minutes between 0 and 1440');
  const failOn = (values['fail-on'] ?? 'high') as Risk;
  if (!RISKS.includes(failOn)) throw new UsageError(`--fail-on must be one of ${RISKS.join(', ')}`);
  const whenClean = values['when-clean'] ?? 'ask';
  if (whenClean !== 'ask' && whenClean !== 'allow') throw new UsageError('--when-clean must be ask or allow');
  if (values.agent !== undefined && (values.agent.length === 0 || values.agent.length > 100)) throw new UsageError('--agent must be 1 to 100 characters');
  return { agent: values.agent, timeoutMs: minutes * 60_000, failOn, whenClean, runtimeDirectory: env.AGENT_GUARD_RUNTIME_DIR };
}
