import * as assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { VulnerabilityDataStatus } from '../../../src/extension/advisories/advisoryData';
import type { ViewChangeSet, ViewFinding } from '../../../src/extension/review/protocol';
import type { ScanCommandResult } from '../../../src/extension/scanWorkerJobs';
import { writeFixtureMirror } from '../../helpers/advisories';
import { agentGuard, agentGuardDiagnostics, closeAllEditors, waitForPending, writeWorkspaceFile } from './helpers';

const RULE = 'dependencies/known-vulnerability';
const pkg = (dependencies: Record<string, string>) => `${JSON.stringify({ name: 'fixture-app', version: '1.0.0', dependencies }, null, 2)}\n`;

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

  test('Scan Workspace with the check on reports the vulnerable dependency in the Problems panel, with the quick fix; off, it says nothing', async function () {
    this.timeout(120_000);
    assert.equal(config().get('advisories.enabled'), true, 'the test above turned the check on and downloaded the data');
    const manifest = await writeWorkspaceFile('vulnerable-app/package.json', pkg({ express: '^4.19.2', minimist: '1.2.5' }));
    const ruleDiagnostics = () => agentGuardDiagnostics(manifest).filter((d) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code)) === RULE);
    try {
      const result = await vscode.commands.executeCommand<ScanCommandResult>('agentGuard.scanWorkspace', { silent: true });
      assert.ok(result && !result.cancelled, 'the scan returned nothing or was cancelled');
      const diagnostics = ruleDiagnostics();
      assert.equal(diagnostics.length, 1, JSON.stringify(diagnostics.map((d) => d.message)));
      assert.match(diagnostics[0].message, /minimist 1\.2\.5: GHSA-xvch-5gv4-984h, CVE-2021-44906 \(critical\): Prototype Pollution in minimist; first fixed in 1\.2\.6/);
      assert.equal(diagnostics[0].severity, vscode.DiagnosticSeverity.Error);

      // Asked where the finding starts, as the light bulb does (the document is opened, not shown).
      await vscode.workspace.openTextDocument(manifest);
      const at = new vscode.Range(diagnostics[0].range.start, diagnostics[0].range.start);
      let actions: vscode.CodeAction[] = [];
      for (let attempt = 0; attempt < 20 && !actions.some((a) => a.title === 'Use minimist 1.2.6'); attempt++) {
        if (attempt) await new Promise((resolve) => setTimeout(resolve, 250));
        actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', manifest, at, vscode.CodeActionKind.QuickFix.value)) ?? [];
      }
      const fix = actions.find((a) => a.title === 'Use minimist 1.2.6');
      assert.ok(fix?.edit, `no quick fix among: ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      const document = await vscode.workspace.openTextDocument(manifest);
      assert.equal((JSON.parse(document.getText()) as { dependencies: Record<string, string> }).dependencies.minimist, '1.2.6');
      assert.ok(await document.save());

      // Back to the vulnerable version: with the check off, the scan must still say nothing about it.
      await writeWorkspaceFile('vulnerable-app/package.json', pkg({ express: '^4.19.2', minimist: '1.2.5' }));
      await config().update('advisories.enabled', undefined, vscode.ConfigurationTarget.Global);
      const off = await vscode.commands.executeCommand<ScanCommandResult>('agentGuard.scanWorkspace', { silent: true });
      assert.ok(off && !off.cancelled);
      assert.deepEqual(ruleDiagnostics().map((d) => d.message), [], 'with the check off a workspace scan neither reports nor notes it');
    } finally {
      await closeAllEditors();
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(manifest, '..'), { recursive: true, useTrash: false });
    }
  });
});
