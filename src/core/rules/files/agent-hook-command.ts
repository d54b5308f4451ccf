import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule, RuleContext } from '../types';
import { parseJsonc, pathKindIs, properties, property, quote } from './support';

const COMMAND_KEYS = new Set(['command', 'bash', 'powershell', 'cmd', 'sh', 'run']);

interface HookCommand {
  event: string;
  command: string;
  start: number;
  end: number;
}

/** Every command string under a top-level `hooks` object, with the event it hangs off. */
function hookCommands(root: JsonNode | undefined): HookCommand[] {
  const hooks = property(root, 'hooks');
  const found: HookCommand[] = [];
  const visit = (node: JsonNode, event: string, depth: number) => {
    if (depth > 8) return;
    if (node.type === 'array') for (const child of node.children ?? []) visit(child, event, depth + 1);
    if (node.type !== 'object') return;
    for (const [key, , value] of properties(node)) {
      if (COMMAND_KEYS.has(key) && value.type === 'string' && typeof value.value === 'string') {
        found.push({ event, command: value.value, start: value.offset, end: value.offset + value.length });
      } else {
        visit(value, depth === 0 ? key : event, depth + 1);
      }
    }
  };
  if (hooks) visit(hooks, 'hooks', 0);
  return found;
}

/**
 * Agent hooks (Claude Code, Copilot, Cursor, Gemini): shell commands the agent host runs on events such as
 * every tool call or session start. Change-aware: in diff mode only new or changed commands are reported.
 */
export const agentHookCommand: Rule = {
  meta: {
    id: 'files/agent-hook-command',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'high',
    cwe: [829, 506],
    keywords: ['hooks'],
    changeAware: true,
    docs: {
      summary: 'An agent hook runs a shell command',
      why: 'Hook commands run automatically, on the developer\'s machine and without a prompt, whenever the agent starts or uses a tool; a hook added to a repository runs for everyone who uses that agent there, and can read or change what the agent sees.',
      fix: 'Read the command and the script it calls; keep hooks in your user settings unless the whole team has reviewed them, and prefer hooks that only check, not fetch or send.',
    },
    messages: {
      added: 'New agent hook on {{event}} runs `{{command}}`',
      present: 'Agent hook on {{event}} runs `{{command}}`',
    },
  },
  appliesToPath: (path) => /\.jsonc?$/.test(path) && pathKindIs(path, 'agent-control', 'mcp-config'),
  check(context: RuleContext) {
    const hooks = hookCommands(parseJsonc(context.text));
    const before = context.change?.beforeText !== undefined ? new Set(hookCommands(parseJsonc(context.change.beforeText)).map((h) => `${h.event}\0${h.command}`)) : undefined;
    for (const hook of hooks) {
      if (before?.has(`${hook.event}\0${hook.command}`)) continue;
      const data = { event: quote(hook.event, 40), command: quote(hook.command, 160) };
      context.report({
        messageId: context.change ? 'added' : 'present',
        data,
        start: hook.start,
        end: hook.end,
        severity: context.change ? 'high' : 'medium',
        evidence: `${data.event}: ${data.command}`,
      });
    }
  },
};
