import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakePem } from '../../helpers/fakeSecrets';
import { agentGuard, agentGuardDiagnostics, closeAllEditors, SOURCE, writeWorkspaceFile } from './helpers';

/** Opens a file the way a user does (not held open by the extension host) and returns its editor. */
async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('vscode.open', uri);
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor && editor.document.uri.toString() === uri.toString(), `${uri.fsPath} did not open in the active editor`);
  return editor;
}

suite('Agent Guard: Scan Current File', () => {
  teardown(closeAllEditors);

  test('puts a private key in the Problems panel on the line where it starts', async () => {
    const pem = fakePem();
    // The key starts on line 4 (index 3), after a column offset, as it would in real code.
    const text = ["'use strict';", '', '// deploy settings', `const signingKey = \`${pem}\`;`, 'module.exports = { signingKey };', ''].join('\n');
    const uri = await writeWorkspaceFile('src/deploy.js', text);
    await open(uri);

    const count = await vscode.commands.executeCommand<number | undefined>('agentGuard.scanCurrentFile');
    assert.equal(count, 1);

    const diagnostics = agentGuardDiagnostics(uri);
    assert.equal(diagnostics.length, 1, `expected one finding, got ${diagnostics.map((d) => d.message).join('; ')}`);
    const [diagnostic] = diagnostics;
    assert.equal((diagnostic.code as { value: string }).value, 'secrets/private-key');
    assert.equal(diagnostic.source, SOURCE);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(diagnostic.range.start.line, 3);
    assert.equal(diagnostic.range.start.character, 'const signingKey = `'.length);
    assert.ok(diagnostic.range.end.line > 3, 'the range covers the whole key block');
    // The Problems panel must never echo the secret itself.
    const bodyLine = pem.split('\n')[1];
    assert.ok(!diagnostic.message.includes(bodyLine.slice(0, 16)), `the message shows key material: ${diagnostic.message}`);

    assert.equal((await agentGuard()).isEngineLoaded(), true, 'the first scan loads the engine');
  });

  test('reports nothing on a clean file', async () => {
    const uri = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, 'src/app.js');
    await open(uri);
    const count = await vscode.commands.executeCommand<number | undefined>('agentGuard.scanCurrentFile');
    assert.equal(count, 0);
    assert.deepEqual(agentGuardDiagnostics(uri), []);
  });
});
