import type { Rule, RuleContext } from '../types';
import { commandLine, jsonValue, jsoncOf, lineEvidence, properties, quote } from './support';

/** Lifecycle commands of a dev container; initializeCommand runs on the host, the rest in the container. */
const LIFECYCLE = new Set(['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand', 'postAttachCommand']);

/**
 * Commands a dev container runs when it is built or opened. `initializeCommand` runs on the host machine,
 * outside the container, and is high; the others are medium. Low in scan mode for the in-container ones.
 */
export const devcontainerCommand: Rule = {
  meta: {
    id: 'files/devcontainer-command',
    category: 'sensitive-file',
    severity: 'medium',
    confidence: 'high',
    cwe: [829],
    keywords: ['command'],
    docs: {
      summary: 'A dev container runs a command when it is built or opened',
      why: 'Opening the folder in a dev container (or Codespaces) runs these commands without another prompt; `initializeCommand` even runs on the host, with the developer\'s own files and credentials.',
      fix: 'Keep lifecycle commands to reviewed, local scripts; never download and run remote code from them, and avoid `initializeCommand` unless it is strictly needed.',
    },
    messages: {
      host: '`initializeCommand` runs on the host when the container is opened: {{command}}',
      container: '`{{name}}` runs in the dev container: {{command}}',
    },
  },
  appliesToPath: (path) => /(?:^|\/)\.devcontainer(?:\/[^/]{1,100})?\/devcontainer\.json$|(?:^|\/)\.devcontainer\.json$/.test(path),
  check(context: RuleContext) {
    for (const [name, keyNode, valueNode] of properties(jsoncOf(context))) {
      if (!LIFECYCLE.has(name)) continue;
      const value = jsonValue(valueNode);
      const command = typeof value === 'string' ? value : Array.isArray(value) ? commandLine(value[0], value.slice(1)) : value && typeof value === 'object' ? Object.values(value).map((v) => (Array.isArray(v) ? v.join(' ') : String(v))).join(' && ') : '';
      if (!command.trim()) continue;
      const host = name === 'initializeCommand';
      context.report({
        messageId: host ? 'host' : 'container',
        data: { name, command: quote(command, 120) },
        start: keyNode.offset,
        end: valueNode.offset + valueNode.length,
        evidence: lineEvidence(context, context.lines.position(keyNode.offset).line),
        severity: host ? 'high' : context.change ? 'medium' : 'low',
      });
    }
  },
};
