import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { fakePem } from '../../helpers/fakeSecrets';
import { agentGuard, agentGuardDiagnostics, closeAllEditors, waitForDiagnostics, workspaceRoot, writeWorkspaceFile } from './helpers';

// What "live" promises a user: the finding shows up about as fast as they can look at the Problems panel.
const LIVE_MS = 1000;

suite('live diagnostics', () => {
  // The engine bundle loads once, on the first scan of the session; the promise here is about typing afterwards.
  suiteSetup(async () => {
    if ((await agentGuard()).isEngineLoaded()) return;
    await vscode.commands.executeCommand('vscode.open', vscode.Uri.joinPath(workspaceRoot(), 'src/app.js'));
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    await closeAllEditors();
  });
  teardown(closeAllEditors);

  test('typing a key into an open file shows it, removing it clears it, closing the file clears it', async () => {
    const uri = await writeWorkspaceFile('src/config.js', "'use strict';\nmodule.exports = {};\n");
    await vscode.commands.executeCommand('vscode.open', uri);
    const editor = vscode.window.activeTextEditor;
    assert.ok(editor && editor.document.uri.toString() === uri.toString(), 'src/config.js did not open');
    assert.deepEqual(agentGuardDiagnostics(uri), []);

    const inserted = `const key = \`${fakePem('OPENSSH PRIVATE KEY')}\`;\n`;
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), inserted)), 'the edit was not applied');
    const typedAt = Date.now();
    const shown = await waitForDiagnostics(uri, (d) => d.length === 1, LIVE_MS, 'the key typed on line 2');
    const elapsed = Date.now() - typedAt;
    assert.equal((shown[0].code as { value: string }).value, 'secrets/private-key');
    assert.equal(shown[0].range.start.line, 1);
    assert.ok(elapsed <= LIVE_MS, `the finding took ${elapsed} ms`);

    // Deleting the key again is also live.
    const keyLines = inserted.split('\n').length - 1;
    assert.ok(await editor.edit((edit) => edit.delete(new vscode.Range(1, 0, 1 + keyLines, 0))));
    await waitForDiagnostics(uri, (d) => d.length === 0, LIVE_MS, 'the removed key to disappear');

    // Put it back, save, close: a closed file keeps no entry in the Problems panel.
    assert.ok(await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), inserted)));
    await waitForDiagnostics(uri, (d) => d.length === 1, LIVE_MS, 'the key typed again');
    assert.ok(await editor.document.save(), 'save failed');
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await waitForDiagnostics(uri, (d) => d.length === 0, 10_000, 'diagnostics to clear after closing the file');
  });
});
