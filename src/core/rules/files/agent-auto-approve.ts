import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule, RuleContext } from '../types';
import { jsonValue, jsoncOf, lineEvidence, pathKindIs, properties, quote } from './support';

const TOML_SETTING = /^[ \t]*(approval_policy|sandbox_mode|ask_for_approval)[ \t]*=[ \t]*"(never|danger-full-access|full-auto)"/;
const BROAD_PERMISSION = /^(?:Bash|Shell|Terminal|WebFetch|Write|Edit|mcp__[\w-]{1,100})(?:\((?:\*|[\w-]{0,40}:\*|\*:\*)\))?$/;

type Finding = { messageId: 'mode' | 'broadAllow' | 'autoAccept' | 'allMcp'; node: JsonNode; value: string };

/** Walks a settings tree for the switches that let an agent act without asking. */
function risky(root: JsonNode | undefined): Finding[] {
  const found: Finding[] = [];
  const visit = (node: JsonNode, depth: number) => {
    if (depth > 6 || node.type !== 'object') return;
    for (const [key, keyNode, value] of properties(node)) {
      const data = jsonValue(value);
      if (key === 'defaultMode' && (data === 'bypassPermissions' || data === 'acceptEdits')) found.push({ messageId: 'mode', node: keyNode, value: String(data) });
      else if ((key === 'allow' || key === 'alwaysAllow' || key === 'autoApprove' || key === 'allowedTools') && Array.isArray(data)) {
        const broad = data.filter((entry): entry is string => typeof entry === 'string' && (key !== 'allow' || BROAD_PERMISSION.test(entry)));
        if (broad.length) found.push({ messageId: 'broadAllow', node: keyNode, value: broad.slice(0, 5).join(', ') });
      } else if ((key === 'autoAccept' || key === 'yolo' || key === 'dangerouslySkipPermissions' || key === 'trust') && data === true) {
        found.push({ messageId: 'autoAccept', node: keyNode, value: `${key}: true` });
      } else if (key === 'enableAllProjectMcpServers' && data === true) {
        found.push({ messageId: 'allMcp', node: keyNode, value: 'enableAllProjectMcpServers: true' });
      } else {
        visit(value, depth + 1);
      }
    }
  };
  if (root) visit(root, 0);
  return found;
}

/**
 * Agent settings in the repository that let the agent run tools or commands without asking:
 * Claude Code permission modes and broad allow rules, Cline/Roo `alwaysAllow`, Gemini `autoAccept`,
 * Codex `approval_policy = "never"`. VS Code's `chat.tools.*autoApprove*` is files/vscode-risky-setting.
 */
export const agentAutoApprove: Rule = {
  patterns: [TOML_SETTING, BROAD_PERMISSION],
  meta: {
    id: 'files/agent-auto-approve',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'high',
    cwe: [862],
    docs: {
      summary: 'An agent configuration lets the agent run tools without asking',
      why: 'With approval off, one prompt injection (a README, an issue, a web page the agent reads) is enough to run commands or send data, because no person sees the tool call first. A repository that ships this setting turns it on for everyone who opens it.',
      fix: 'Remove the setting from the repository; allow specific, harmless commands (e.g. `Bash(npm test)`) in your own user settings instead of whole tools.',
      example: { bad: '"permissions": { "allow": ["Bash(*)"] }', good: '"permissions": { "allow": ["Bash(npm test)"] }' },
    },
    messages: {
      mode: 'Agent permission mode `{{value}}` lets it act without asking',
      broadAllow: 'Agent may use these tools without asking: {{value}}',
      autoAccept: 'Agent auto-accepts tool calls: {{value}}',
      allMcp: 'Every MCP server in the project config is enabled without asking',
      toml: 'Agent setting `{{value}}` turns off approval or the sandbox',
    },
  },
  appliesToPath: (path) => pathKindIs(path, 'agent-control', 'mcp-config') && /\.(?:jsonc?|toml)$/.test(path),
  check(context: RuleContext) {
    if (context.path.endsWith('.toml')) {
      let offset = 0;
      for (const line of context.text.split('\n')) {
        const match = TOML_SETTING.exec(line);
        if (match) {
          const start = offset + match.index;
          context.report({ messageId: 'toml', data: { value: quote(`${match[1]} = "${match[2]}"`) }, start, end: start + match[0].length });
        }
        offset += line.length + 1;
      }
      return;
    }
    for (const finding of risky(jsoncOf(context))) {
      const line = context.lines.position(finding.node.offset).line;
      context.report({ messageId: finding.messageId, data: { value: quote(finding.value, 120) }, start: finding.node.offset, end: finding.node.offset + finding.node.length, evidence: lineEvidence(context, line) });
    }
  },
};
