import type { Node as JsonNode } from 'jsonc-parser';
import type { Severity } from '../../model/finding';
import type { Rule, RuleContext } from '../types';
import { jsonValue, jsoncOf, lineEvidence, properties, property, quote } from './support';

type SettingClass = 'agentGuard' | 'autoApprove' | 'automaticTasks' | 'workspaceTrust' | 'terminal' | 'executable' | 'mcpAutostart';

const EXECUTABLE_KEY = /(?:^|\.)(?:[a-zA-Z]{0,40}(?:Path|path|Executable|executable)|tsdk|runtime|nodePath|serverPath)$/;
const TERMINAL_KEY = /^terminal\.integrated\.(?:env|profiles|defaultProfile|shell|shellArgs|automationProfile|automationShell)\b/;

/** Decides what a workspace setting allows; undefined for the harmless majority. */
function classify(key: string, value: unknown): SettingClass | undefined {
  if (key.startsWith('agentGuard.')) return 'agentGuard';
  if (/autoapprove/i.test(key)) return truthy(value) ? 'autoApprove' : undefined;
  if (key === 'task.allowAutomaticTasks') return value === 'on' ? 'automaticTasks' : undefined;
  if (key.startsWith('security.workspace.trust.')) return 'workspaceTrust';
  if (TERMINAL_KEY.test(key)) return 'terminal';
  if (/^chat\.mcp\.(?:autostart|discovery)/.test(key)) return truthy(value) ? 'mcpAutostart' : undefined;
  if (EXECUTABLE_KEY.test(key) && typeof value === 'string' && value.trim()) return 'executable';
  return undefined;
}

function truthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value && typeof value === 'object') return Object.values(value).some(truthy);
  return value === true || (typeof value === 'string' && value !== '' && value !== 'off' && value !== 'false');
}

const SEVERITY: Record<SettingClass, Severity> = {
  agentGuard: 'high',
  autoApprove: 'high',
  automaticTasks: 'high',
  workspaceTrust: 'high',
  terminal: 'medium',
  executable: 'medium',
  mcpAutostart: 'medium',
};

/**
 * Workspace settings that run programs or switch protections off: `.vscode/settings.json` and the `settings`
 * of a `.code-workspace` file. In scan mode the executable-path and terminal settings, common in healthy
 * repositories, are reported one level lower than when a change adds them.
 */
export const vscodeRiskySetting: Rule = {
  patterns: [EXECUTABLE_KEY, TERMINAL_KEY],
  meta: {
    id: 'files/vscode-risky-setting',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'medium',
    cwe: [15, 829],
    docs: {
      summary: 'A workspace setting runs a program, auto-approves agent tools or weakens a protection',
      why: 'Workspace settings apply to everyone who opens the folder: a setting can point VS Code or an extension at a program in the repository, give terminals a poisoned environment, let agents run tools without asking, or turn Agent Guard itself down.',
      fix: 'Keep such settings in your user settings, not in the repository; remove the workspace setting, or point it at a trusted, installed executable.',
    },
    messages: {
      agentGuard: 'Agent Guard setting `{{key}}` is changed in the workspace: {{value}}',
      autoApprove: '`{{key}}` lets agents run tools without asking: {{value}}',
      automaticTasks: '`task.allowAutomaticTasks` is on: tasks with runOn folderOpen start without a prompt',
      workspaceTrust: '`{{key}}` changes workspace trust: {{value}}',
      terminal: '`{{key}}` changes the shell or environment of every new terminal: {{value}}',
      executable: '`{{key}}` makes VS Code or an extension run `{{value}}`',
      mcpAutostart: '`{{key}}` starts or discovers MCP servers without asking: {{value}}',
    },
  },
  appliesToPath: (path) => /(?:^|\/)\.vscode\/settings\.json$/.test(path) || path.endsWith('.code-workspace'),
  check(context: RuleContext) {
    const root = jsoncOf(context);
    const settings: JsonNode | undefined = context.path.endsWith('.code-workspace') ? property(root, 'settings') : root;
    for (const [key, keyNode, valueNode] of properties(settings)) {
      const value = jsonValue(valueNode);
      const kind = classify(key, value);
      if (!kind) continue;
      const base = SEVERITY[kind];
      const severity: Severity = !context.change && (kind === 'terminal' || kind === 'executable' || kind === 'mcpAutostart') ? 'low' : base;
      const line = context.lines.position(keyNode.offset).line;
      context.report({
        messageId: kind,
        data: { key: quote(key, 80), value: quote(typeof value === 'string' ? value : JSON.stringify(value) ?? '', 100) },
        start: keyNode.offset,
        end: valueNode.offset + valueNode.length,
        evidence: lineEvidence(context, line),
        severity,
      });
    }
  },
};
