import * as vscode from 'vscode';
import { FIX_COMMANDS, COMMANDS } from '../commands/ids';
import type { DiagnosticsController } from './diagnosticsController';
import type { FixArgs } from './fixArgs';
import { offsetsOf } from './fixArgs';
import { commentSyntax, envReplacement, findStringLiteral, insideMultilineString, proposeEnvName } from './fixText';
import { DIAGNOSTIC_SOURCE, toRange } from './toDiagnostic';

/**
 * Quick fixes for Agent Guard diagnostics. Each diagnostic's finding is looked up in the controller
 * (stored when the diagnostic was made), never recomputed by scanning again.
 */
export class AgentGuardCodeActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  constructor(private readonly diagnostics: DiagnosticsController) {}

  provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (context.only && !vscode.CodeActionKind.QuickFix.contains(context.only) && !context.only.contains(vscode.CodeActionKind.QuickFix)) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== DIAGNOSTIC_SOURCE) continue;
      const finding = this.diagnostics.lookup(document.uri, diagnostic);
      if (!finding) continue;
      const args: FixArgs = { uri: document.uri.toString(), finding };
      const action = (title: string, command: string, commandArgs: unknown[] = [args]) => {
        const a = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        a.diagnostics = [diagnostic];
        a.command = { title, command, arguments: commandArgs };
        return a;
      };

      if (finding.fix) {
        const fix = new vscode.CodeAction(finding.fix.title, vscode.CodeActionKind.QuickFix);
        fix.diagnostics = [diagnostic];
        fix.isPreferred = true;
        fix.edit = new vscode.WorkspaceEdit();
        for (const edit of finding.fix.edits) fix.edit.replace(document.uri, toRange(edit.range), edit.text);
        actions.push(fix);
      }
      if (finding.category === 'secret' && safely(() => canMoveToEnv(document, args))) {
        const move = action('Move to environment variable', FIX_COMMANDS.moveToEnvironmentVariable);
        move.isPreferred = !finding.fix;
        actions.push(move);
      }
      if (safely(() => canIgnoreInline(document, args))) actions.push(action(`Ignore this finding (${finding.ruleId})`, FIX_COMMANDS.ignoreFinding));
      if (document.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(document.uri)) actions.push(action('Add to baseline', FIX_COMMANDS.addToBaseline));
      actions.push(action(`Disable rule ${finding.ruleId} for this workspace`, FIX_COMMANDS.disableRule));
      actions.push(action(`Show documentation for ${finding.ruleId}`, COMMANDS.showRuleDocs, [finding.ruleId]));
    }
    return actions;
  }
}

/** One optional fix whose check fails must not take the others with it. */
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch (error) {
    console.error(`Agent Guard: a quick-fix check failed: ${(error as Error).message}`);
    return false;
  }
}

function canMoveToEnv(document: vscode.TextDocument, args: FixArgs): boolean {
  const text = document.getText();
  const { start, end } = offsetsOf(document, args.finding);
  const literal = findStringLiteral(text, start, end, document.languageId);
  if (!literal) return false;
  const name = proposeEnvName(text.slice(text.lastIndexOf('\n', literal.start - 1) + 1, literal.start), args.finding.ruleId);
  return envReplacement(text, start, end, document.languageId, name) !== undefined;
}

function canIgnoreInline(document: vscode.TextDocument, args: FixArgs): boolean {
  if (!commentSyntax(document.languageId)) return false;
  const lineStart = document.offsetAt(new vscode.Position(args.finding.range.startLine - 1, 0));
  return !insideMultilineString(document.getText(), lineStart, document.languageId);
}
