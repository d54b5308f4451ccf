import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VulnerabilityDataStatus } from '../../../src/extension/advisories/advisoryData';
import type { ViewChangeSet, ViewFinding } from '../../../src/extension/review/protocol';
import { writeFixtureMirror } from '../../helpers/advisories';
import { agentGuard, closeAllEditors, writeWorkspaceFile } from './helpers';

const RULE = 'dependencies/known-vulnerability';
const pkg = (dependencies: Record<string, string>) => `${JSON.stringify({ name: 'fixture-app', version: '1.0.0', dependencies }, null, 2)}\n`;

async function waitForPending(agent: string, timeoutMs = 15_000): Promise<ViewChangeSet> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges');
    const found = all.find((c) => c.state === 'pending' && c.sourceLabel.startsWith(agent));
    if (found) return found;
    if (Date.now() > deadline) throw new Error(`no pending change set from ${agent} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function ruleFindings(changeSet: ViewChangeSet): ViewFinding[] {
  return changeSet.files.flatMap((f) => [...f.fileFindings, ...f.hunks.flatMap((h) => h.findings)]).filter((f) => f.ruleId === RULE);
}

/** Proposes a package.json through the API, returns the known-vulnerability findings, and rejects the change. */
async function propose(agent: string, dependencies: Record<string, string>): Promise<ViewFinding[]> {
  const api = await agentGuard();
  const decision = api.proposeChanges({ agent, message: 'add dependencies', files: [{ path: 'package.json', content: pkg(dependencies) }] });
  const changeSet = await waitForPending(agent);
  await vscode.commands.executeCommand('agentGuard.rejectChangeSet', changeSet.id, 'test over');
  await decision;
  return ruleFindings(changeSet);
}

suite('Agent Guard: vulnerable dependencies', () => {
  const config = () => vscode.workspace.getConfiguration('agentGuard');
  suiteSetup(async () => {
    await writeWorkspaceFile('package.json', pkg({ express: '^4.19.2' }));
  });
  suiteTeardown(async () => {
    await config().update('advisories.enabled', undefined, vscode.ConfigurationTarget.Global);
    await closeAllEditors();
  });

  test('off by default: an agent adding a dependency is told the check did not run', async () => {
    await config().update('advisories.enabled', undefined, vscode.ConfigurationTarget.Global);
    const findings = await propose('Off Agent', { express: '^4.19.2', minimist: '1.2.5' });
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.equal(findings[0].severity, 'low');
    assert.match(findings[0].message, /known-vulnerability check did not run for 1 dependency: the vulnerability check is off/);
  });

  test('Update Vulnerability Data (from a local mirror, no network) turns the check on; the review shows ids, severity and the fix', async () => {
    const mirror = mkdtempSync(path.join(tmpdir(), 'agent-guard-mirror-'));
    await writeFixtureMirror(mirror);
    const result = await vscode.commands.executeCommand<{ updated: string[]; failed: string[] }>('agentGuard.updateVulnerabilityData', { from: mirror, enable: true, silent: true });
    assert.deepEqual(result.failed, []);
    assert.equal(result.updated.length, 8);
    assert.equal(config().get('advisories.enabled'), true);

    const status = await vscode.commands.executeCommand<VulnerabilityDataStatus>('agentGuard.vulnerabilityDataStatus', { silent: true });
    assert.equal(status.status?.state, 'ready');
    assert.equal(Object.keys(status.ecosystems).length, 8);
    assert.match(status.ecosystems.npm.updated, /^\d{4}-\d\d-\d\dT/);

    const findings = await propose('Vulnerable Agent', { express: '^4.19.2', minimist: '1.2.5' });
    assert.equal(findings.length, 1, JSON.stringify(findings));
    assert.equal(findings[0].severity, 'critical');
    assert.equal(findings[0].message, 'minimist 1.2.5: GHSA-xvch-5gv4-984h, CVE-2021-44906 (critical): Prototype Pollution in minimist; first fixed in 1.2.6');
  });
});
