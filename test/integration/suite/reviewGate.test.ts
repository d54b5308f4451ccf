import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewChangeSet } from '../../../src/extension/review/protocol';
import { fakePem } from '../../helpers/fakeSecrets';
import { EXTENSION_ID, agentGuard, closeAllEditors, workspaceRoot, writeWorkspaceFile } from './helpers';

const USERS = [
  "'use strict';",
  "const db = require('./db');",
  '',
  'async function findUser(req, res) {',
  "  const rows = await db.query('SELECT id, name FROM users WHERE id = $1', [req.params.id]);",
  '  res.json(rows[0]);',
  '}',
  '',
  '// --- unrelated helpers below ---',
  'function clamp(n, lo, hi) {',
  '  return Math.min(Math.max(n, lo), hi);',
  '}',
  '',
  'function pageSize(req) {',
  '  return clamp(Number(req.query.size) || 20, 1, 100);',
  '}',
  '',
  'module.exports = { findUser, pageSize };',
  '',
].join('\r\n');

async function pending(): Promise<ViewChangeSet[]> {
  return (await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges')).filter((c) => c.state === 'pending');
}

/** Waits until a pending change set from `agent` is queued, and returns it. */
async function waitForPending(agent: string, timeoutMs = 15_000): Promise<ViewChangeSet> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await pending()).find((c) => c.sourceLabel.startsWith(agent));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no pending change set from ${agent} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function diskText(relativePath: string): Buffer {
  return readFileSync(path.join(workspaceRoot().fsPath, relativePath));
}

suite('Agent Guard: review gate', () => {
  teardown(closeAllEditors);

  test('API proposal: approve one hunk, reject the other; the file on disk is base plus the approved hunk, byte for byte', async () => {
    await writeWorkspaceFile('src/users.js', USERS);
    const api = await agentGuard();
    const withName = USERS.replace("'SELECT id, name FROM users WHERE id = $1'", "'SELECT id, name, email FROM users WHERE id = $1'");
    const proposed = withName.replace('module.exports = { findUser, pageSize };', `const SIGNING_KEY = \`${fakePem().split('\n').join('\\n')}\`;\r\nmodule.exports = { findUser, pageSize, SIGNING_KEY };`);
    const decision = api.proposeChanges({ agent: 'Integration Agent', message: 'Add email and a signing key', files: [{ path: 'src/users.js', content: proposed }] });

    const changeSet = await waitForPending('Integration Agent');
    assert.equal(diskText('src/users.js').toString('utf8'), USERS, 'nothing is written before a decision');
    const [file] = changeSet.files;
    assert.equal(file.hunks.length, 2);
    const keyHunk = file.hunks.find((h) => h.findings.some((f) => f.ruleId === 'secrets/private-key'));
    assert.ok(keyHunk, 'the key is a finding on its hunk');
    assert.equal(keyHunk.risk, 'critical');
    const cleanHunk = file.hunks.find((h) => h !== keyHunk)!;
    assert.equal(cleanHunk.findings.length, 0);

    await vscode.commands.executeCommand('agentGuard.approveHunk', changeSet.id, 'src/users.js', cleanHunk.index);
    await vscode.commands.executeCommand('agentGuard.rejectHunk', changeSet.id, 'src/users.js', keyHunk.index, 'No keys in code: read it from the environment.');
    const result = await decision;

    assert.equal(result.state, 'partial');
    assert.match(result.message, /No keys in code/);
    assert.deepEqual(diskText('src/users.js'), Buffer.from(withName, 'utf8'), 'CRLF line endings and every byte kept');
    assert.equal(result.applied.length, 1);
    const hunks = result.files[0].hunks.map((h) => h.verdict).sort();
    assert.deepEqual(hunks, ['approved', 'rejected']);
  });

  test('a rejected proposal leaves the workspace exactly as it was', async () => {
    await writeWorkspaceFile('src/users.js', USERS);
    const api = await agentGuard();
    const decision = api.proposeChanges({ agent: 'Rejected Agent', files: [{ path: 'src/users.js', edits: [{ oldText: 'LIMIT', newText: 'x' }] }] }).catch((e: Error) => e);
    const refused = await decision;
    assert.ok(refused instanceof Error && /not found|does not occur|oldText/i.test(refused.message), `an edit whose oldText is missing is refused: ${String(refused)}`);

    const second = api.proposeChanges({ agent: 'Rejected Agent', files: [{ path: 'src/new-file.js', content: 'module.exports = 1;\n' }, { path: 'src/users.js', edits: [{ oldText: '|| 20', newText: '|| 50' }] }] });
    const changeSet = await waitForPending('Rejected Agent');
    await vscode.commands.executeCommand('agentGuard.rejectChangeSet', changeSet.id, 'Not now.');
    const result = await second;
    assert.equal(result.state, 'rejected');
    assert.deepEqual(diskText('src/users.js'), Buffer.from(USERS, 'utf8'));
    assert.throws(() => diskText('src/new-file.js'), /ENOENT/);
  });

  test('paths outside the workspace are refused before anything is queued', async () => {
    const api = await agentGuard();
    for (const bad of ['../outside.js', '/etc/passwd', '.git/hooks/pre-commit', 'src/\u0000x.js']) {
      await assert.rejects(api.proposeChanges({ agent: 'Escaping Agent', files: [{ path: bad, content: 'x' }] }), Error, bad);
    }
    assert.equal((await pending()).filter((c) => c.sourceLabel.startsWith('Escaping Agent')).length, 0);
  });

  test('the language-model tool returns what was applied and what was rejected', async () => {
    await writeWorkspaceFile('src/users.js', USERS);
    const invocation = vscode.lm.invokeTool('agent_guard_apply_edits', {
      input: { agent: 'Tool Agent', files: [{ path: 'src/users.js', edits: [{ oldText: '|| 20', newText: '|| 25' }] }, { path: 'src/extra.js', content: 'module.exports = 2;\n' }] },
      toolInvocationToken: undefined,
    });
    const changeSet = await waitForPending('Tool Agent');
    await vscode.commands.executeCommand('agentGuard.approveFile', changeSet.id, 'src/users.js');
    await vscode.commands.executeCommand('agentGuard.rejectFile', changeSet.id, 'src/extra.js', 'Put it in src/lib instead.');
    const result = await invocation;
    const text = result.content.map((part) => (part instanceof vscode.LanguageModelTextPart ? part.value : '')).join('');
    assert.match(text, /src\/users\.js \(modified\): approved/);
    assert.match(text, /src\/extra\.js \(added\): rejected — Put it in src\/lib instead\./);
    assert.match(diskText('src/users.js').toString('utf8'), /\|\| 25/);
  });

  test('the pre-write hook round-trip through the socket: the agent is allowed only the approved content', async () => {
    await writeWorkspaceFile('src/users.js', USERS);
    const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
    const root = workspaceRoot().fsPath;
    const event = {
      session_id: 'integration-session',
      cwd: root,
      hook_event_name: 'PreToolUse',
      tool_name: 'Edit',
      tool_input: { file_path: path.join(root, 'src/users.js'), old_string: '|| 20', new_string: '|| 30', replace_all: false },
    };
    const child = spawn(process.execPath, [cli, 'hook', '--agent', 'Hook Agent'], { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    child.stdin.end(JSON.stringify(event));

    const changeSet = await waitForPending('Hook Agent');
    assert.equal(changeSet.sourceLabel, 'Hook Agent · hook');
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', changeSet.id);
    assert.equal(await exited, 0);
    const answer = JSON.parse(stdout).hookSpecificOutput;
    assert.equal(answer.permissionDecision, 'allow');
    // In hook mode the agent writes; the gate itself must not have.
    assert.deepEqual(diskText('src/users.js'), Buffer.from(USERS, 'utf8'));
  });

  test('every proposal and decision above is in an audit log whose hash chain verifies', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('agentGuard.verifyAuditLog'), true);
  });
});
