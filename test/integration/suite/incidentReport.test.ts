import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { IncidentReportResult } from '../../../src/extension/incident/incidentReportCommand';
import type { PurgeSummary } from '../../../src/extension/incident/purgeOldData';
import { ALNUM, fakePem, randomFrom } from '../../helpers/fakeSecrets';
import { agentGuard, closeAllEditors, guardEnabled, releaseLockdownRestoringGuard, waitForPending, writeWorkspaceFile } from './helpers';

const SETTINGS = ['export const settings = {', '  retries: 3,', '  timeoutMs: 5000,', '};', ''].join('\n');

suite('Agent Guard: incidentReport', () => {
  let out: string;
  suiteSetup(() => {
    out = mkdtempSync(path.join(tmpdir(), 'ag-incident-it-'));
  });
  suiteTeardown(() => rmSync(out, { recursive: true, force: true }));
  teardown(closeAllEditors);

  test('a report made through the command holds no secret value and opens with the integrity check', async () => {
    await writeWorkspaceFile('src/settings.ts', SETTINGS);
    const pem = fakePem();
    const token = `ghp_${randomFrom(ALNUM, 36)}`;
    const api = await agentGuard();
    const decision = api.proposeChanges({
      agent: 'Incident Agent',
      message: `Add the signing key; deploy with ${token}`,
      files: [{ path: 'src/settings.ts', content: SETTINGS.replace('};', `  signingKey: \`${pem.split('\n').join('\\n')}\`,\n};`) }],
    });
    const changeSet = await waitForPending('Incident Agent');
    await vscode.commands.executeCommand('agentGuard.rejectChangeSet', changeSet.id, 'Never commit keys.');
    assert.equal((await decision).state, 'rejected');

    for (const format of ['markdown', 'html'] as const) {
      const target = path.join(out, `incident.${format === 'html' ? 'html' : 'md'}`);
      const result = await vscode.commands.executeCommand<IncidentReportResult>('agentGuard.incidentReport', { agent: 'incident-agent', format, target });
      assert.ok(result, `${format}: the command returned a result`);
      assert.equal(result.path, target);
      assert.equal(result.integrityOk, true);
      const text = readFileSync(target, 'utf8');
      // The secret values, whole or in part, appear nowhere.
      for (const line of pem.split('\n').slice(1, -1)) assert.ok(!text.includes(line), `${format}: a line of the key body is in the report`);
      assert.ok(!text.includes(token) && !text.includes(token.slice(4, 24)), `${format}: the token is in the report`);
      // What an investigator needs is there: the integrity result first, the proposal, the finding, the rejection.
      const integrity = text.indexOf('Audit log integrity');
      assert.ok(integrity > 0 && integrity < text.indexOf('Timeline'), `${format}: integrity before the timeline`);
      assert.match(text, /Verified\./);
      assert.match(text, /Incident Agent proposed 1 file via api/);
      assert.match(text, /secrets\/private-key/);
      assert.match(text, /rejected the change set/);
      assert.match(text, /Never commit keys\./);
      if (format === 'html') {
        assert.match(text, /Content-Security-Policy" content="default-src 'none'/);
        assert.ok(!/<script/i.test(text));
      }
    }
  });

  test('Purge Old Data withdraws stale pending changes, drops old backups, purges the audit log behind a checkpoint; the log still verifies', async () => {
    const api = await agentGuard();
    // An approved change leaves a backup; a change nobody decides stays pending.
    const applied = api.proposeChanges({ agent: 'Tidy Agent', files: [{ path: 'src/settings.ts', content: SETTINGS.replace('retries: 3', 'retries: 5') }] });
    await vscode.commands.executeCommand('agentGuard.approveChangeSet', (await waitForPending('Tidy Agent')).id);
    assert.equal((await applied).state, 'approved');
    const stale = api.proposeChanges({ agent: 'Stale Agent', files: [{ path: 'src/settings.ts', content: SETTINGS.replace('5000', '9000') }] });
    const staleId = (await waitForPending('Stale Agent')).id;

    // Nothing is old yet: the defaults keep everything.
    const now = await vscode.commands.executeCommand<PurgeSummary>('agentGuard.purgeOldData');
    assert.deepEqual([now.pendingWithdrawn, now.backupRecords, now.audit.purgedEntries], [[], 0, 0]);

    // A clock a year and a half ahead makes everything older than the defaults (30, 30 and 365 days).
    const later = new Date(Date.now() + 540 * 24 * 60 * 60 * 1000).toISOString();
    // In lockdown the evidence stays: nothing is purged, and the waiting change stays held.
    const guardWasOn = await guardEnabled();
    await vscode.commands.executeCommand('agentGuard.lockdown', { reason: 'incidentReport suite' });
    try {
      const held = await vscode.commands.executeCommand<PurgeSummary>('agentGuard.purgeOldData', { now: later });
      assert.match(held.skipped ?? '', /lockdown/);
      assert.deepEqual([held.pendingWithdrawn, held.backupRecords, held.audit.purgedEntries], [[], 0, 0]);
    } finally {
      await releaseLockdownRestoringGuard('incidentReport suite done', guardWasOn);
    }
    const summary = await vscode.commands.executeCommand<PurgeSummary>('agentGuard.purgeOldData', { now: later });
    assert.ok(summary, 'the command returned a summary');
    assert.equal(summary.skipped, undefined);
    assert.deepEqual(summary.pendingWithdrawn, [staleId]);
    const told = await stale;
    assert.equal(told.state, 'denied');
    assert.match(told.message, /retention/, 'the waiting agent is told why');
    assert.ok(summary.backupRecords >= 1, 'the apply record is gone');
    assert.equal(summary.audit.status, 'purged');
    assert.ok(summary.audit.purgedEntries > 0);
    assert.equal(await vscode.commands.executeCommand<boolean>('agentGuard.verifyAuditLog'), true, 'Verify Audit Log accepts the purged log');

    const target = path.join(out, 'after-purge.md');
    const result = await vscode.commands.executeCommand<IncidentReportResult>('agentGuard.incidentReport', { format: 'markdown', target });
    assert.equal(result.integrityOk, true);
    const text = readFileSync(target, 'utf8');
    assert.match(text, /behind a checkpoint/);
    assert.match(text, /Checkpoint: \d+ older entr(y|ies) purged by retention/);
    assert.doesNotMatch(text, /Incident Agent proposed/, 'the purged proposal is gone');
  });
});
