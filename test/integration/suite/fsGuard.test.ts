import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ViewChangeSet } from '../../../src/extension/review/protocol';
import { fakePem } from '../../helpers/fakeSecrets';
import { closeAllEditors, waitFor, workspaceRoot, writeWorkspaceFile } from './helpers';

const BASELINE = ["'use strict';", '', 'module.exports = {', '  port: Number(process.env.PORT) || 3000,', "  logLevel: 'info',", '};', ''].join('\n');

type GuardStatus = { enabled: boolean; mode: string; eventsSeen: number; pendingPaths: number };

/** Writes a file the way an agent without hooks does: from another process, straight to disk. */
function agentWrites(relativePath: string, content: string): void {
  const target = path.join(workspaceRoot().fsPath, relativePath);
  execFileSync(process.execPath, ['-e', 'require("fs").mkdirSync(require("path").dirname(process.argv[1]), { recursive: true }); require("fs").writeFileSync(process.argv[1], process.argv[2])', target, content], { env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
}

function onDisk(relativePath: string): string | undefined {
  const target = path.join(workspaceRoot().fsPath, relativePath);
  return existsSync(target) ? readFileSync(target, 'utf8') : undefined;
}

async function guardChangeSet(pathInSet: string): Promise<ViewChangeSet> {
  return waitFor(`a guard change set holding ${pathInSet}`, async () =>
    (await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges')).find((c) => c.state === 'pending' && c.sourceLabel.endsWith('guard') && c.files.some((f) => f.path === pathInSet)),
  );
}

suite('Agent Guard: file-system guard', () => {
  suiteSetup(async () => {
    await writeWorkspaceFile('src/settings.js', BASELINE);
    await vscode.workspace.getConfiguration('agentGuard').update('guard.mode', 'quarantine', vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('agentGuard').update('guard.enabled', true, vscode.ConfigurationTarget.Workspace);
    const status = await waitFor('the guard to start', async () => {
      const s = await vscode.commands.executeCommand<GuardStatus>('agentGuard.guardStatus', { settle: true });
      return s.enabled ? s : undefined;
    });
    assert.equal(status.mode, 'quarantine');
  });

  suiteTeardown(async () => {
    await vscode.workspace.getConfiguration('agentGuard').update('guard.enabled', undefined, vscode.ConfigurationTarget.Workspace);
    await vscode.workspace.getConfiguration('agentGuard').update('guard.mode', undefined, vscode.ConfigurationTarget.Workspace);
    // Later suites write files from the extension host, which a running guard would rightly catch.
    await waitFor('the guard to stop', async () => ((await vscode.commands.executeCommand<GuardStatus>('agentGuard.guardStatus', { settle: true })).enabled ? undefined : true));
    await closeAllEditors();
  });

  test('quarantine: an agent writing a key to disk is put back at once, shown with its finding, and rejecting keeps the baseline', async () => {
    const agentContent = BASELINE.replace("  logLevel: 'info',", `  logLevel: 'info',\n  signingKey: \`${fakePem()}\`,`);
    agentWrites('src/settings.js', agentContent);

    const changeSet = await guardChangeSet('src/settings.js');
    await waitFor('the baseline back on disk', () => (onDisk('src/settings.js') === BASELINE ? true : undefined));
    const file = changeSet.files.find((f) => f.path === 'src/settings.js')!;
    const findings = file.hunks.flatMap((h) => h.findings);
    assert.ok(findings.some((f) => f.ruleId === 'secrets/private-key'), 'the key is a finding on the change');

    await vscode.commands.executeCommand('agentGuard.rejectFile', changeSet.id, 'src/settings.js', 'Keys do not go in settings.js.');
    await waitFor('the change set to be decided', async () => ((await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges')).find((c) => c.id === changeSet.id)?.state === 'rejected' ? true : undefined));
    assert.equal(onDisk('src/settings.js'), BASELINE, 'rejecting leaves the baseline');
  });

  test('quarantine: a new file from an agent disappears until approved, then appears with the agent content', async () => {
    const content = "module.exports = function health(req, res) { res.json({ ok: true }); };\n";
    agentWrites('src/routes/health.js', content);
    const changeSet = await guardChangeSet('src/routes/health.js');
    await waitFor('the new file to be taken back', () => (onDisk('src/routes/health.js') === undefined ? true : undefined));
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', changeSet.id);
    await waitFor('the approved file on disk', () => (onDisk('src/routes/health.js') === content ? true : undefined));
    // The gate's own apply is not caught again.
    await vscode.commands.executeCommand('agentGuard.guardStatus', { settle: true });
    const again = (await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges')).filter((c) => c.state === 'pending' && c.files.some((f) => f.path === 'src/routes/health.js'));
    assert.deepEqual(again, []);
  });

  test("a person's own save is not caught", async () => {
    const uri = vscode.Uri.joinPath(workspaceRoot(), 'src/settings.js');
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '// edited by hand\n'));
    await document.save();
    await new Promise((resolve) => setTimeout(resolve, 1500));
    await vscode.commands.executeCommand('agentGuard.guardStatus', { settle: true });
    const caught = (await vscode.commands.executeCommand<ViewChangeSet[]>('agentGuard.pendingChanges')).filter((c) => c.state === 'pending' && c.files.some((f) => f.path === 'src/settings.js'));
    assert.deepEqual(caught, []);
    assert.match(onDisk('src/settings.js')!, /^\/\/ edited by hand\n/);
  });
});
