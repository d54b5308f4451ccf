import * as vscode from 'vscode';
import { COMMANDS } from '../commands/ids';
import type { DiagnosticsController } from './diagnosticsController';
import { toRange } from './toDiagnostic';

/**
 * Explains findings under the cursor: why it matters and how to fix it, with a link to the rule's docs.
 * Finding text comes from scanned files, so it is appended as plain text; only our own command link is trusted.
 */
export class FindingHoverProvider implements vscode.HoverProvider {
  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const here = this.diagnostics.findingsFor(document.uri).filter((f) => toRange(f.range).contains(position));
    if (here.length === 0) return undefined;
    const markdown = new vscode.MarkdownString(undefined, true);
    markdown.isTrusted = { enabledCommands: [COMMANDS.showRuleDocs] };
    here.forEach((finding, i) => {
      if (i) markdown.appendMarkdown('\n\n---\n\n');
      markdown.appendMarkdown(`$(shield) **Agent Guard** · ${finding.severity} · ${finding.category} · `);
      markdown.appendMarkdown(`[${escapeLinkText(finding.ruleId)}](command:${COMMANDS.showRuleDocs}?${encodeURIComponent(JSON.stringify([finding.ruleId]))} "Show rule documentation")\n\n`);
      markdown.appendMarkdown('**Why:** ');
      markdown.appendText(finding.explanation);
      markdown.appendMarkdown('\n\n**Fix:** ');
      markdown.appendText(finding.remediation);
    });
    return new vscode.Hover(markdown, toRange(here[0].range));
  }
}

function escapeLinkText(text: string): string {
  return text.replace(/[\\[\]`*_<>()]/g, (ch) => `\\${ch}`);
}
