import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { AlertDetector } from '../../../src/core/alerts/detector';
import { readRecentAuditEntries } from '../../../src/core/alerts/feed';
import { alertEvent, alertFromEntry, renderAlert } from '../../../src/core/alerts/render';
import { AuditLog } from '../../../src/core/audit/auditLog';
import { readFixture } from '../../helpers/alertStreams';

describe('alert document and audit entry', () => {
  it('an agent name and paths with Markdown or line breaks show as text in the Show document', async () => {
    const hostile = 'Evil](command:workbench.action.terminal.new)\n# Approved by security';
    const entries = (await readFixture('outsideWorkspace')).map((e) => ({ ...e, actor: hostile, data: { ...e.data, source: { channel: 'api', agent: hostile }, path: e.data.path === '../.bashrc' ? '![x](https://example.invalid/p.png)' : e.data.path } }));
    const detector = new AlertDetector();
    const [alert] = entries.flatMap((e) => detector.feed(e));
    assert.equal(alert.kind, 'outsideWorkspace');
    const text = renderAlert(alert, 8);
    assert.ok(!text.split('\n').some((line) => line.startsWith('# Approved')), 'no heading injected by a line break');
    assert.doesNotMatch(text, /[^\\]\]\(command:/, 'no link');
    assert.doesNotMatch(text, /[^\\]!\[x\]/, 'no image');
    assert.match(text, /- Audit entry: #8/);
    assert.match(text, /- Evidence \(audit entries\): #1, #5, #6/);
  });

  it('the audit entry data names the alert, its evidence and paths, and holds nothing else', async () => {
    const detector = new AlertDetector();
    const [alert] = (await readFixture('denialBypass')).flatMap((e) => detector.feed(e));
    const data = alertEvent(alert);
    assert.deepEqual(Object.keys(data).sort(), ['agent', 'alertId', 'changeSetIds', 'details', 'evidence', 'kind', 'paths', 'severity', 'title']);
    assert.equal(data.kind, 'denialBypass');
    assert.deepEqual(data.evidence, [4, 6]);
  });

  it('after a reload, the last alert is read back from the audit log as it was raised', async () => {
    const detector = new AlertDetector();
    const [alert] = (await readFixture('criticalRise')).flatMap((e) => detector.feed(e));
    const dir = await mkdtemp(path.join(tmpdir(), 'ag-alert-log-'));
    try {
      const log = await AuditLog.open({ directory: dir });
      await log.append('proposal', 'Aider', { changeSetId: 'cs-1', files: [] });
      const written = await log.append('alert', 'agent-guard', alertEvent(alert));
      await log.append('decision', 'user', { changeSetId: 'cs-1', closed: 'rejected' });
      const entries = await readRecentAuditEntries(dir, 0);
      const found = entries.map(alertFromEntry).filter((a) => a !== undefined);
      assert.equal(found.length, 1);
      assert.deepEqual(found[0], { ...alert, time: written.time });
      assert.equal(alertFromEntry({ ...written, data: { ...written.data, kind: 'made-up' } }), undefined, 'an unknown kind is not shown as an alert');
      assert.equal(alertFromEntry(entries[0]), undefined);
      assert.ok((await log.verify()).ok, 'alert entries keep the chain verifiable');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
