import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { LockdownState } from '../../../src/core/lockdown/lockdown';
import { findLockdownMarker } from '../../../src/core/lockdown/marker';
import type { RevertSinceResult } from '../../../src/core/review/revertSince';
import type { ViewChangeSet } from '../../../src/extension/review/protocol';
import { EXTENSION_ID, agentGuard, closeAllEditors, releaseLockdownRestoringGuard, waitFor, workspaceRoot, writeWorkspaceFile } from './helpers';

const LIMITS = ["'use strict';", '', 'module.exports = {', '  maxUploadMb: 10,', '  rateLimitPerMinute: 60,', '};', ''].join('\n');

type GuardStatus = { enabled: boolean; mode: string; lockdown: boolean };

async function changeSets(): Promise<ViewChangeSet[]> {
  return vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges');
}

function pendingFrom(agent: string): Promise<ViewChangeSet> {
  return waitFor(`a pending change set from ${agent}`, async () => (await changeSets()).find((c) => c.state === 'pending' && c.sourceLabel.startsWith(agent)));
}

function onDisk(relativePath: string): string | undefined {
  const target = path.join(workspaceRoot().fsPath, relativePath);
  return existsSync(target) ? readFileSync(target, 'utf8') : undefined;
}

function guardStatus(): Thenable<GuardStatus> {
  return vscode.commands.executeCommand<GuardStatus>('agentGuard.guardStatus', { settle: true });
}

/** Runs the real `agent-guard hook` CLI (as Claude Code would) with an Edit of `relativePath`; resolves with its exit code and JSON answer. */
function hookEdit(agent: string, relativePath: string, oldString: string, newString: string): { exited: Promise<{ code: number; answer: { permissionDecision: string; permissionDecisionReason: string } }> } {
  const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
  const root = workspaceRoot().fsPath;
  const event = { session_id: 'lockdown-session', cwd: root, hook_event_name: 'PreToolUse', tool_name: 'Edit', tool_input: { file_path: path.join(root, relativePath), old_string: oldString, new_string: newString, replace_all: false } };
  const child = spawn(process.execPath, [cli, 'hook', '--agent', agent], { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stdin.end(JSON.stringify(event));
  return { exited: new Promise((resolve) => child.on('close', (code) => resolve({ code: code ?? -1, answer: stdout ? JSON.parse(stdout).hookSpecificOutput : undefined }))) };
}

suite('Agent Guard: lockdown', () => {
  let guardWasOn = false;

  suiteSetup(async () => {
    await agentGuard();
    guardWasOn = (await guardStatus()).enabled;
  });

  suiteTeardown(async () => {
    await releaseLockdownRestoringGuard('suite teardown', guardWasOn);
    assert.equal((await guardStatus()).lockdown, false);
    await closeAllEditors();
  });

  test('revert since: approved changes are restored newest first, and a file a person edited since is reported and left alone', async () => {
    await writeWorkspaceFile('src/limits.js', LIMITS);
    await writeWorkspaceFile('src/upload.js', 'module.exports = (req) => req.body;\n');
    const since = new Date(Date.now() - 1).toISOString();
    const api = await agentGuard();
    const first = api.proposeChanges({ agent: 'Revert Agent', files: [{ path: 'src/limits.js', edits: [{ oldText: 'maxUploadMb: 10', newText: 'maxUploadMb: 10000' }] }] });
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', (await pendingFrom('Revert Agent')).id);
    assert.equal((await first).state, 'approved');
    const second = api.proposeChanges({ agent: 'Revert Agent', files: [{ path: 'src/upload.js', content: 'module.exports = (req) => String(req.body).trim();\n' }, { path: 'src/limits.js', edits: [{ oldText: 'rateLimitPerMinute: 60', newText: 'rateLimitPerMinute: 0' }] }] });
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', (await pendingFrom('Revert Agent')).id);
    assert.equal((await second).state, 'approved');
    // A person fixes upload.js by hand after the agent's change.
    const personsUpload = 'module.exports = (req) => JSON.parse(req.body);\n';
    await writeWorkspaceFile('src/upload.js', personsUpload);

    const result = await vscode.commands.executeCommand<RevertSinceResult>('agentGuard.revertChangesSince', { since });
    assert.ok(result, 'the command returns its result');
    assert.equal(onDisk('src/limits.js'), LIMITS, 'both applies to limits.js are undone, newest first');
    assert.equal(onDisk('src/upload.js'), personsUpload, "the person's later edit is not overwritten");
    assert.deepEqual(result.conflicts.map((c) => [c.path, c.reason]), [['src/upload.js', 'changedSinceApply']]);
    assert.deepEqual(result.reverted.map((r) => r.files), [['src/limits.js'], ['src/limits.js']]);
  });

  test('lockdown makes the hook deny at once, holds an API proposal unapprovable and the guard in quarantine; release restores review', async () => {
    await writeWorkspaceFile('src/limits.js', LIMITS);
    // A hook request already waiting for review when the lockdown starts is answered too.
    const waiting = hookEdit('Waiting Hook Agent', 'src/limits.js', 'maxUploadMb: 10', 'maxUploadMb: 99');
    await pendingFrom('Waiting Hook Agent');
    const state = await vscode.commands.executeCommand<LockdownState>('agentGuard.lockdown', { reason: 'integration: suspicious burst' });
    assert.equal(state.locked, true);
    const waited = await waiting.exited;
    assert.equal(waited.answer.permissionDecision, 'deny');
    assert.match(waited.answer.permissionDecisionReason, /Agent Guard is in lockdown/);
    assert.equal(state.reason, 'integration: suspicious burst');
    const guard = await waitFor('the guard in quarantine', async () => {
      const s = await guardStatus();
      return s.enabled && s.lockdown ? s : undefined;
    });
    assert.equal(guard.mode, 'quarantine');
    // With VS Code closed, `agent-guard hook` would still deny: the marker beside the socket says so.
    await waitFor('the lockdown marker for agent hooks', () => findLockdownMarker(workspaceRoot().fsPath));

    // The hook: a real request through the socket, answered deny without anyone deciding.
    const started = Date.now();
    const { code, answer } = await hookEdit('Lockdown Hook Agent', 'src/limits.js', 'rateLimitPerMinute: 60', 'rateLimitPerMinute: 0').exited;
    assert.equal(code, 0);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /Agent Guard is in lockdown/);
    assert.ok(Date.now() - started < 10_000, 'answered at once, not after a review timeout');
    assert.equal((await changeSets()).filter((c) => c.sourceLabel.startsWith('Lockdown Hook Agent')).length, 0, 'nothing queued');
    assert.equal(onDisk('src/limits.js'), LIMITS);

    // The API: held. Approving is refused while locked, so it stays pending and nothing is written.
    const api = await agentGuard();
    const decision = api.proposeChanges({ agent: 'Held Agent', files: [{ path: 'src/limits.js', edits: [{ oldText: 'maxUploadMb: 10', newText: 'maxUploadMb: 20' }] }] });
    const held = await pendingFrom('Held Agent');
    assert.match(held.policyNote ?? '', /lockdown/);
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', held.id);
    assert.equal((await changeSets()).find((c) => c.id === held.id)?.state, 'pending');
    assert.equal(onDisk('src/limits.js'), LIMITS);

    // The guard cannot be turned off while locked.
    await vscode.commands.executeCommand('agentGuard.toggleGuard');
    assert.equal((await guardStatus()).enabled, true);

    const released = await vscode.commands.executeCommand<LockdownState>('agentGuard.releaseLockdown', { reason: 'integration: agent stopped, nothing leaked' });
    assert.equal(released.locked, false);
    assert.equal((await guardStatus()).lockdown, false);
    await waitFor('the lockdown marker to go', () => (findLockdownMarker(workspaceRoot().fsPath) ? undefined : true));
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', held.id);
    assert.equal((await decision).state, 'approved');
    assert.match(onDisk('src/limits.js') ?? '', /maxUploadMb: 20/);

    // The hook is reviewed again: it waits for a person, who approves.
    const hook = hookEdit('Released Hook Agent', 'src/limits.js', 'rateLimitPerMinute: 60', 'rateLimitPerMinute: 120');
    const queued = await pendingFrom('Released Hook Agent');
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', queued.id);
    const after = await hook.exited;
    assert.equal(after.answer.permissionDecision, 'allow');
  });

  test('the lockdown and revert steps are in an audit log whose chain verifies', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('agentGuard.verifyAuditLog'), true);
  });
});
