import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakePem } from '../../helpers/fakeSecrets';
import { agentGuard, agentGuardDiagnostics, closeAllEditors, waitForDiagnostics, workspaceRoot, writeWorkspaceFile } from './helpers';

// What "live" promises a user: the finding shows up about as fast as they can look at the Problems panel.
const LIVE_MS = 1000;

/** Opens a file in an editor the way a user does (the extension host holds no extra reference to it). */
async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  await vscode.commands.executeCommand('vscode.open', uri);
  const editor = vscode.window.activeTextEditor;
  assert.ok(editor && editor.document.uri.toString() === uri.toString(), `${vscode.workspace.asRelativePath(uri)} did not open`);
  return editor;
}

suite('live diagnostics', () => {
  // The engine bundle loads once, on the first scan of the session; the promise here is about typing afterwards.
  suiteSetup(async () => {
    if ((await agentGuard()).isEngineLoaded()) return;
    await open(vscode.Uri.joinPath(workspaceRoot(), 'src/app.js'));
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    await closeAllEditors();
  });
  // Revert, so that closing an edited editor never asks to save.
  teardown(async () => {
    for (let i = 0; i < 10 && vscode.window.activeTextEditor; i++) await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    await closeAllEditors();
  });

  test('a key typed into an open file shows up within a second, and goes when it is deleted', async () => {
    const uri = await writeWorkspaceFile('src/config.js', "'use strict';\nmodule.exports = {};\n");
    const editor = await open(uri);
    assert.deepEqual(agentGuardDiagnostics(uri), []);

    const inserted = `const key = \`${fakePem('OPENSSH PRIVATE KEY')}\`;\n`;
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), inserted)), 'the edit was not applied');
    const typedAt = Date.now();
    const shown = await waitForDiagnostics(uri, (d) => d.length === 1, LIVE_MS, 'the key typed on line 2');
    assert.equal(shown[0].code, 'secrets/private-key');
    assert.equal(shown[0].range.start.line, 1);
    assert.ok(Date.now() - typedAt <= LIVE_MS, `the finding took ${Date.now() - typedAt} ms`);

    const keyLines = inserted.split('\n').length - 1;
    assert.ok(await editor.edit((edit) => edit.delete(new vscode.Range(1, 0, 1 + keyLines, 0))), 'the delete was not applied');
    await waitForDiagnostics(uri, (d) => d.length === 0, LIVE_MS, 'the deleted key to leave the Problems panel');
  });

  test('closing a file removes its findings from the Problems panel', async () => {
    const uri = await writeWorkspaceFile('src/keys.js', `module.exports = \`${fakePem('EC PRIVATE KEY', 200)}\`;\n`);
    await open(uri);
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    assert.equal(agentGuardDiagnostics(uri).length, 1);

    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    // The document is disposed shortly after its last editor closes; the entry must go with it.
    await waitForDiagnostics(uri, (d) => d.length === 0, 10_000, 'the closed file to leave the Problems panel');
  });
});
