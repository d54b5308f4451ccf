// Runs first (files run in name order): nothing has been scanned yet, so the engine must still be unloaded.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { agentGuard, EXTENSION_ID } from './helpers';

suite('activation', () => {
  test('activates without loading the engine', async () => {
    const api = await agentGuard();
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)?.isActive, true);
    assert.equal(api.isEngineLoaded(), false, 'activation loaded the engine bundle; it must load on first scan only');
    assert.equal(typeof api.activationMs, 'number');
    // Activation only registers commands and listeners; anything slower means work moved into it.
    assert.ok(api.activationMs < 500, `activation took ${api.activationMs.toFixed(1)} ms`);
  });

  test('contributes its commands to the command palette', async () => {
    const commands = await vscode.commands.getCommands(true);
    for (const id of ['agentGuard.scanCurrentFile', 'agentGuard.showOutput']) assert.ok(commands.includes(id), `command ${id} is not registered`);
  });
});
