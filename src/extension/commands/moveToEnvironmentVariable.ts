import * as vscode from 'vscode';
import { documentOf, offsetsOf, parseFixArgs } from '../diagnostics/fixArgs';
import { envReplacement, findStringLiteral, isEnvName, proposeEnvName, pythonOsImport, withEnvExampleEntry } from '../diagnostics/fixText';
import type { Services } from '../services';
import { FIX_COMMANDS } from './ids';

/**
 * Quick fix "Move to environment variable" for secrets: the string literal holding the secret becomes an
 * environment read in the document's language, and `NAME=` (no value) is added to `.env.example`. The
 * secret is read from the document at the finding's range and written nowhere: not to a file, the log,
 * or a message. Returns the variable name, or undefined when nothing changed.
 */
export async function moveToEnvironmentVariable(services: Services, rawArgs: unknown): Promise<string | undefined> {
  const args = parseFixArgs(FIX_COMMANDS.moveToEnvironmentVariable, rawArgs);
  const document = await documentOf(args);
  const text = document.getText();
  const { start, end } = offsetsOf(document, args.finding);
  const literal = findStringLiteral(text, start, end, document.languageId);
  if (!literal) {
    void vscode.window.showWarningMessage('Agent Guard: the secret is not inside a string literal this fix can rewrite.');
    return undefined;
  }
  const proposed = proposeEnvName(text.slice(text.lastIndexOf('\n', literal.start - 1) + 1, literal.start), args.finding.ruleId);
  const name =
    args.name ??
    (await vscode.window.showInputBox({
      title: 'Move the secret to an environment variable',
      prompt: 'Name of the environment variable',
      value: proposed,
      validateInput: (value) => (isEnvName(value) ? undefined : 'Use upper case letters, digits and underscores, not starting with a digit.'),
    }));
  if (name === undefined) return undefined;
  if (!isEnvName(name)) throw new Error(`"${name}" is not a valid environment variable name`);
  const replacement = envReplacement(text, start, end, document.languageId, name);
  if (!replacement) {
    void vscode.window.showWarningMessage(`Agent Guard: no environment-variable idiom for ${document.languageId} files.`);
    return undefined;
  }

  const edit = new vscode.WorkspaceEdit();
  edit.replace(document.uri, new vscode.Range(document.positionAt(replacement.start), document.positionAt(replacement.end)), replacement.text);
  if (document.languageId === 'python') {
    const importLine = pythonOsImport(text);
    if (importLine) edit.insert(document.uri, document.positionAt(importLine.offset), importLine.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) return undefined;

  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  let exampleNote = '';
  if (folder) {
    const exampleUri = vscode.Uri.joinPath(folder.uri, '.env.example');
    const existing = await vscode.workspace.fs.readFile(exampleUri).then((bytes) => new TextDecoder().decode(bytes), () => undefined);
    const updated = withEnvExampleEntry(existing, name);
    if (updated !== undefined) await vscode.workspace.fs.writeFile(exampleUri, new TextEncoder().encode(updated));
    exampleNote = ` and listed ${name}= (no value) in .env.example`;
  }
  services.log.info(`moved a ${args.finding.ruleId} secret in ${vscode.workspace.asRelativePath(document.uri)} to ${name}`);
  void vscode.window.showInformationMessage(
    `Agent Guard: the secret now comes from ${name}${exampleNote}. Set ${name} where the code runs, and rotate the secret: it may still be in git history.`,
  );
  await services.diagnostics.scanNow(document);
  return name;
}
