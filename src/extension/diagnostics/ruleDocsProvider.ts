import * as vscode from 'vscode';
import type { Rule } from '../../core/rules/types';
import { loadEngine } from '../engineLoader';

/** The scheme of the read-only rule documents: `agent-guard-docs:/secrets/private-key.md`. */
export const RULE_DOCS_SCHEME = 'agent-guard-docs';

export function ruleDocsUri(ruleId: string): vscode.Uri {
  return vscode.Uri.from({ scheme: RULE_DOCS_SCHEME, path: `/${ruleId}.md` });
}

export function ruleIdFromDocsUri(uri: vscode.Uri): string {
  return uri.path.replace(/^\//, '').replace(/\.md$/, '');
}

/** Renders a rule's docs as Markdown. Rule docs are ours, not from scanned files. */
export function ruleDocsMarkdown(rule: Rule): string {
  const { meta } = rule;
  const lines = [
    `# ${meta.id}`,
    '',
    `**${meta.docs.summary}**`,
    '',
    `| Category | Default severity | Confidence | CWE |`,
    `| --- | --- | --- | --- |`,
    `| ${meta.category} | ${meta.severity} | ${meta.confidence} | ${meta.cwe.map((n) => `[CWE-${n}](https://cwe.mitre.org/data/definitions/${n}.html)`).join(', ') || '–'} |`,
    '',
    '## Why it matters',
    '',
    meta.docs.why,
    '',
    '## How to fix it',
    '',
    meta.docs.fix,
  ];
  if (meta.docs.example) {
    lines.push('', '## Example', '', 'Instead of:', '', '```', meta.docs.example.bad, '```', '', 'write:', '', '```', meta.docs.example.good, '```');
  }
  lines.push(
    '',
    '## Silencing it',
    '',
    `- One occurrence: a comment \`agent-guard-ignore: ${meta.id} -- reason\` on the line or the line before (quick fix "Ignore this finding").`,
    '- Known findings: "Add to baseline" writes their fingerprints (never values) to `.agent-guard-baseline.json`.',
    `- Everywhere in this workspace: \`"agentGuard.ruleOverrides": { "${meta.id}": "off" }\`.`,
    '',
  );
  return lines.join('\n');
}

/** Serves `agent-guard-docs:` documents; the engine loads on the first one opened, never at activation. */
export class RuleDocsProvider implements vscode.TextDocumentContentProvider {
  provideTextDocumentContent(uri: vscode.Uri): string {
    const ruleId = ruleIdFromDocsUri(uri);
    const rule = loadEngine().findRule(ruleId);
    return rule ? ruleDocsMarkdown(rule) : `# ${ruleId}\n\nAgent Guard has no rule with this id.\n`;
  }
}

/** Opens a rule's docs as a rendered Markdown preview, or as text when the preview is unavailable. */
export async function showRuleDocs(ruleId: string): Promise<void> {
  const uri = ruleDocsUri(ruleId);
  try {
    await vscode.commands.executeCommand('markdown.showPreview', uri);
  } catch {
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: true });
  }
}
