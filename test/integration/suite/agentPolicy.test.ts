import * as assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { DecisionExplanation } from '../../../src/core/policy/explain';
import type { ViewChangeSet } from '../../../src/extension/review/protocol';
import { EXTENSION_ID, agentGuard, closeAllEditors, waitFor, workspaceRoot, writeWorkspaceFile } from './helpers';

const TARGET = 'src/policy-target.js';
const ORIGINAL = "module.exports = { limit: 20 };\n";

/** The user's policy for these tests: one agent may not touch src/**, whatever its name's spelling. */
const POLICY = {
  agents: [{ agent: 'policy-agent', rules: [{ id: 'policy-agent-docs-only', action: 'deny', paths: ['src/**'], reason: 'Policy Agent may only change docs' }] }],
};

async function queuedFrom(agentLabel: string): Promise<ViewChangeSet[]> {
  const all = await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges');
  return all.filter((c) => c.sourceLabel.startsWith(agentLabel));
}

function diskText(relativePath: string): string {
  return readFileSync(path.join(workspaceRoot().fsPath, relativePath), 'utf8');
}

/** Runs `agent-guard hook` the way Claude Code does, with one Edit (or Write) tool call, and returns its answer. */
async function hookEdit(agent: string, relativePath: string, oldText: string, newText: string, tool: 'Edit' | 'Write' = 'Edit'): Promise<{ code: number; answer: { permissionDecision: string; permissionDecisionReason: string } }> {
  const cli = path.join(vscode.extensions.getExtension(EXTENSION_ID)!.extensionPath, 'dist', 'cli.js');
  const root = workspaceRoot().fsPath;
  const event = {
    session_id: 'agent-policy-session',
    cwd: root,
    hook_event_name: 'PreToolUse',
    tool_name: tool,
    tool_input: tool === 'Edit' ? { file_path: path.join(root, relativePath), old_string: oldText, new_string: newText, replace_all: false } : { file_path: path.join(root, relativePath), content: newText },
  };
  const child = spawn(process.execPath, [cli, 'hook', '--agent', agent], { cwd: root, env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
  child.stdin.end(JSON.stringify(event));
  const code = await exited;
  return { code, answer: JSON.parse(stdout).hookSpecificOutput };
}

type GuardStatus = { enabled: boolean; mode: string };

suite('Agent Guard: agentPolicy (per-agent least privilege)', () => {
  suiteSetup(async () => {
    await agentGuard();
    await vscode.workspace.getConfiguration('agentGuard').update('policy', POLICY, vscode.ConfigurationTarget.Global);
  });
  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('agentGuard').update('policy', undefined, vscode.ConfigurationTarget.Global);
  });
  setup(() => writeWorkspaceFile(TARGET, ORIGINAL));
  teardown(closeAllEditors);

  test('a per-agent deny rule blocks an API proposal: the agent hears the rule and why, nothing is queued or written', async () => {
    const api = await agentGuard();
    const result = await api.proposeChanges({ agent: 'Policy Agent', files: [{ path: TARGET, content: "module.exports = { limit: 200 };\n" }] });
    assert.equal(result.state, 'denied');
    assert.match(result.message, /policy-agent-docs-only/);
    assert.match(result.message, /Policy Agent may only change docs/);
    assert.deepEqual(await queuedFrom('Policy Agent'), [], 'a denied change never reaches the review queue');
    assert.equal(diskText(TARGET), ORIGINAL);

    const explained = await vscode.commands.executeCommand<DecisionExplanation>('agentGuard.explainDecision', result.changeSetId);
    assert.equal(explained.action, 'deny');
    assert.equal(explained.rule, 'user:policy-agent-docs-only');
    assert.deepEqual(explained.files.map((f) => [f.path, f.action, f.rule]), [[TARGET, 'deny', 'user:policy-agent-docs-only']]);
  });

  test('the same rule blocks a hook request, whatever the spelling of the agent name', async () => {
    const { code, answer } = await hookEdit('POLICY_AGENT', TARGET, 'limit: 20', 'limit: 2000');
    assert.equal(code, 0);
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /policy-agent-docs-only/);
    assert.match(answer.permissionDecisionReason, /Policy Agent may only change docs/);
    assert.deepEqual(await queuedFrom('POLICY_AGENT'), [], 'a denied change never reaches the review queue');
    assert.equal(diskText(TARGET), ORIGINAL);
  });

  test('other agents are not bound by it: their change to src/ waits for review', async () => {
    const api = await agentGuard();
    const decision = api.proposeChanges({ agent: 'Other Agent', files: [{ path: TARGET, content: "module.exports = { limit: 25 };\n" }] });
    let queued: ViewChangeSet[] = [];
    for (let i = 0; i < 150 && queued.length === 0; i++) {
      queued = (await queuedFrom('Other Agent')).filter((c) => c.state === 'pending');
      if (queued.length === 0) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(queued.length, 1);
    assert.equal(queued[0].files[0].policy?.rule, 'default:review', 'the panel says which rule decided each file');
    await vscode.commands.executeCommand('agentGuard.rejectChangeSet', queued[0].id, 'not now');
    assert.equal((await decision).state, 'rejected');
  });

  test('the shipped defaults deny .env to every agent on every road, with no policy of its own', async () => {
    const api = await agentGuard();
    const result = await api.proposeChanges({ agent: 'Helpful Agent', files: [{ path: 'SRC/../.env', content: 'DB_PASSWORD=changed\n' }] });
    assert.equal(result.state, 'denied');
    assert.match(result.message, /default:deny-env-files/);
    const { answer } = await hookEdit('Helpful Agent', '.agent-guard/policy.json', '', '{ "defaults": false }\n', 'Write');
    assert.equal(answer.permissionDecision, 'deny');
    assert.match(answer.permissionDecisionReason, /default:deny-agent-guard-files/);
  });

  test('guard road, review mode: an agent writing .env.local straight to disk is denied, put back and never queued', async () => {
    const config = vscode.workspace.getConfiguration('agentGuard');
    await config.update('guard.mode', 'review', vscode.ConfigurationTarget.Workspace);
    await config.update('guard.enabled', true, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor('the guard to start in review mode', async () => {
        const status = await vscode.commands.executeCommand<GuardStatus>('agentGuard.guardStatus', { settle: true });
        return status.enabled && status.mode === 'review' ? true : undefined;
      });
      const target = path.join(workspaceRoot().fsPath, '.env.local');
      // From another process, as an agent without hooks writes.
      execFileSync(process.execPath, ['-e', 'require("fs").writeFileSync(process.argv[1], process.argv[2])', target, 'STRIPE_KEY=changed-by-agent\n'], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
      await waitFor('the denied write to be put back', () => (existsSync(target) ? undefined : true));
      const all = await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges');
      assert.deepEqual(all.filter((c) => c.files.some((f) => f.path === '.env.local')).map((c) => c.state), [], 'a denied write never reaches the review queue');
    } finally {
      await config.update('guard.enabled', undefined, vscode.ConfigurationTarget.Workspace);
      await config.update('guard.mode', undefined, vscode.ConfigurationTarget.Workspace);
      await waitFor('the guard to stop', async () => ((await vscode.commands.executeCommand<GuardStatus>('agentGuard.guardStatus', { settle: true })).enabled ? undefined : true));
    }
  });

  test('every denial is in an audit log whose hash chain verifies', async () => {
    assert.equal(await vscode.commands.executeCommand<boolean>('agentGuard.verifyAuditLog'), true);
  });
});
