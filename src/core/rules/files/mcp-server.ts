import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule, RuleContext } from '../types';
import { commandLine, jsonValue, parseJsonc, pathKindIs, properties, property, quote } from './support';

/** One MCP server as a config declares it. */
export interface McpServer {
  name: string;
  /** What it runs or connects to, as one line. */
  launch: string;
  /** Offsets of the server's name in the after-text (where the finding points). */
  start: number;
  end: number;
}

const TOML_SECTION = /^[ \t]*\[mcp_servers\.([^\]\n]{1,100})\][ \t]*$/;
const TOML_KEY = /^[ \t]*(command|args|url)[ \t]*=(.*)$/;
const ANY_SECTION = /^[ \t]*\[/;

/** Server maps by the key each tool uses: `mcpServers` (Claude, Cursor, Gemini, Roo…), `servers` (VS Code), `context_servers` (Zed). */
function serverMaps(root: JsonNode | undefined): JsonNode[] {
  const maps = [property(root, 'mcpServers'), property(root, 'servers'), property(root, 'context_servers'), property(property(root, 'mcp'), 'servers')];
  return maps.filter((node): node is JsonNode => node?.type === 'object');
}

function describeLaunch(config: Record<string, unknown>): string {
  const url = config.url ?? config.serverUrl ?? config.httpUrl;
  if (typeof url === 'string') return `connects to ${url}`;
  const command = config.command;
  if (command && typeof command === 'object' && !Array.isArray(command)) {
    const nested = command as Record<string, unknown>;
    return `runs ${commandLine(nested.path, nested.args)}`;
  }
  const line = commandLine(command, config.args);
  return line ? `runs ${line}` : 'has no command or url';
}

/** Extracts the servers of a JSON(C) or Codex TOML config. */
export function mcpServersOf(text: string, path: string): McpServer[] {
  if (path.endsWith('.toml')) return tomlServers(text);
  const servers: McpServer[] = [];
  for (const map of serverMaps(parseJsonc(text))) {
    for (const [name, keyNode, valueNode] of properties(map)) {
      const config = jsonValue(valueNode);
      if (!config || typeof config !== 'object') continue;
      servers.push({ name, launch: describeLaunch(config as Record<string, unknown>), start: keyNode.offset, end: keyNode.offset + keyNode.length });
    }
  }
  return servers;
}

function tomlServers(text: string): McpServer[] {
  const servers: McpServer[] = [];
  let current: { name: string; start: number; end: number; values: Record<string, string> } | undefined;
  const flush = () => {
    if (!current) return;
    const { command, args, url } = current.values;
    const argList = args ? tomlStringList(args) : [];
    const launch = url ? `connects to ${unquote(url)}` : command ? `runs ${commandLine(unquote(command), argList)}` : 'has no command or url';
    servers.push({ name: current.name, launch, start: current.start, end: current.end });
    current = undefined;
  };
  let offset = 0;
  for (const line of text.split('\n')) {
    const section = TOML_SECTION.exec(line);
    if (section) {
      flush();
      const name = section[1].replace(/^"|"$/g, '');
      const start = offset + line.indexOf(section[1]);
      current = { name, start, end: start + section[1].length, values: {} };
    } else if (ANY_SECTION.test(line)) {
      flush();
    } else if (current) {
      const key = TOML_KEY.exec(line);
      if (key) current.values[key[1]] = key[2].trim();
    }
    offset += line.length + 1;
  }
  flush();
  return servers;
}

/** `["-y", "pkg@1"]` as a list; a light split, enough to show the command line. */
function tomlStringList(value: string): string[] {
  return value.replace(/^\[|\]$/g, '').split(',').map((part) => unquote(part.trim())).filter(Boolean);
}

function unquote(value: string): string {
  return value.replace(/^["']|["']$/g, '');
}

/**
 * MCP servers in a config an agent reads. Change-aware: in diff mode a server is reported when it is new
 * or what it runs changed; in scan mode every server is listed at medium, as an inventory of what the
 * repository makes agents start.
 */
export const mcpServer: Rule = {
  patterns: [TOML_SECTION, TOML_KEY, ANY_SECTION],
  meta: {
    id: 'files/mcp-server',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'high',
    cwe: [829],
    changeAware: true,
    docs: {
      summary: 'An MCP server is added to or changed in an agent configuration',
      why: 'An MCP server is a program the agent starts, or an endpoint it trusts, with the user\'s files and tokens in reach; its tool descriptions also steer the agent. A new server in a repository config runs for everyone who opens it with that agent.',
      fix: 'Check the command, its package and version (pin it), and the URL; add servers in your user configuration rather than the repository, and approve project servers one by one.',
      example: { bad: '"mcpServers": { "helper": { "command": "npx", "args": ["-y", "some-mcp@latest"] } }', good: '"mcpServers": { "helper": { "command": "npx", "args": ["-y", "some-mcp@1.4.2"] } }' },
    },
    messages: {
      added: 'New MCP server \'{{name}}\' {{launch}}',
      changed: 'MCP server \'{{name}}\' now {{launch}} (before: {{before}})',
      present: 'MCP server \'{{name}}\' {{launch}}',
    },
  },
  appliesToPath: (path) => pathKindIs(path, 'mcp-config'),
  check(context: RuleContext) {
    const servers = mcpServersOf(context.text, context.path);
    const before = context.change?.beforeText !== undefined ? new Map(mcpServersOf(context.change.beforeText, context.path).map((s) => [s.name, s.launch])) : undefined;
    for (const server of servers) {
      const data = { name: quote(server.name, 60), launch: quote(server.launch, 160) };
      if (!context.change) {
        context.report({ messageId: 'present', data, start: server.start, end: server.end, severity: 'medium', evidence: `${quote(server.name, 60)}: ${data.launch}` });
        continue;
      }
      const previous = before?.get(server.name);
      if (previous === server.launch) continue;
      context.report({
        messageId: previous === undefined ? 'added' : 'changed',
        data: { ...data, before: quote(previous ?? '', 120) },
        start: server.start,
        end: server.end,
        evidence: `${quote(server.name, 60)}: ${data.launch}`,
      });
    }
  },
};
