import * as vscode from 'vscode';
import { documentOf, parseFixArgs } from '../diagnostics/fixArgs';
import { commentSyntax, ignoreCommentLine, indentationOf, sanitizeReason } from '../diagnostics/fixText';
import type { Services } from '../services';
import { FIX_COMMANDS } from './ids';

/**
 * Quick fix "Ignore this finding": asks for a reason and inserts `agent-guard-ignore: <rule> -- <reason>`
 * as a comment on the line before the finding, in the document's comment syntax. Returns true when inserted.
 */
export async function ignoreFinding(services: Services, rawArgs: unknown): Promise<boolean> {
  const args = parseFixArgs(FIX_COMMANDS.ignoreFinding, rawArgs);
  const document = await documentOf(args);
  const syntax = commentSyntax(document.languageId);
  if (!syntax) {
    void vscode.window.showWarningMessage(`Agent Guard: ${document.languageId} files have no comments; use "Add to baseline" instead.`);
    return false;
  }
  const reason =
    args.reason ??
    (await vscode.window.showInputBox({
      title: `Ignore ${args.finding.ruleId} here`,
      prompt: 'Why is this finding safe to ignore? The reason is kept in the comment for reviewers.',
      placeHolder: 'e.g. test fixture, key is revoked',
      validateInput: (value) => (sanitizeReason(value) ? undefined : 'Give a reason, so reviewers know why.'),
    }));
  if (reason === undefined) return false;
  const line = document.lineAt(args.finding.range.startLine - 1);
  const comment = ignoreCommentLine(syntax, args.finding.ruleId, reason, indentationOf(line.text));
  const edit = new vscode.WorkspaceEdit();
  edit.insert(document.uri, line.range.start, `${comment}${document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n'}`);
  if (!(await vscode.workspace.applyEdit(edit))) return false;
  services.log.info(`ignored ${args.finding.ruleId} at ${vscode.workspace.asRelativePath(document.uri)}:${args.finding.range.startLine}`);
  // Rescan now rather than after the debounce, so the diagnostic goes as the comment appears.
  await services.diagnostics.scanNow(document);
  return true;
}
