import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { AuditLog } from '../../src/core/audit/auditLog';
import { NodeWorkspaceFs } from '../../src/core/fs/workspaceFs';
import { createIncidentReport, listIncidentAgents } from '../../src/core/incident/incidentReport';
import { escapeMarkdown } from '../../src/core/incident/render';
import { buildIncidentReport, foldAgentName } from '../../src/core/incident/timeline';
import { STRICT_DEFAULTS } from '../../src/core/policy/policy';
import { DirectoryBackupStore } from '../../src/core/review/backups';
import { ReviewGate } from '../../src/core/review/gate';
import { PendingStore } from '../../src/core/review/pendingStore';
import { purgeAuditLog } from '../../src/core/retention/auditPurge';
import { ALNUM, fakePem, randomFrom } from '../helpers/fakeSecrets';
import type { TempWorkspace } from '../helpers/tempWorkspace';
import { tempWorkspace } from '../helpers/tempWorkspace';

const CONFIG = ['export const config = {', '  port: 3000,', '  region: "eu-west-1",', '};', ''].join('\n');

describe('incident report', () => {
  let ws: TempWorkspace;
  let storage: string;
  let auditDir: string;
  let store: PendingStore;
  let audit: AuditLog;
  let gate: ReviewGate;
  let clock: number;
  const now = () => new Date(clock);
  let pem: string;
  let token: string;

  beforeEach(async () => {
    ws = await tempWorkspace();
    storage = await mkdtemp(path.join(tmpdir(), 'ag-incident-'));
    auditDir = path.join(storage, 'audit');
    await ws.write('src/config.ts', CONFIG);
    clock = Date.UTC(2026, 11, 4, 21, 0, 0);
    store = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
    audit = await AuditLog.open({ directory: auditDir, now });
    gate = new ReviewGate({ workspace: new NodeWorkspaceFs(ws.root), store, audit, backups: new DirectoryBackupStore(path.join(storage, 'backups')), policy: () => STRICT_DEFAULTS, now });
    pem = fakePem();
    token = `ghp_${randomFrom(ALNUM, 36)}`;
  });
  afterEach(async () => {
    await store.close();
    await ws.dispose();
    await rm(storage, { recursive: true, force: true });
  });

  /** An incident as it happens: Claude Code plants a key (rejected), Codex makes a clean change (applied), an escape is refused, a lockdown and an alert follow. */
  async function incident(): Promise<void> {
    const leaky = await gate.propose({
      source: { channel: 'hook', agent: 'Claude Code', message: `use token ${token} for the deploy <img src=x onerror=alert(1)>` },
      files: [{ path: 'src/config.ts', content: CONFIG.replace('};', `  signingKey: \`${pem}\`,\n};`) }],
    });
    clock += 60_000;
    await gate.decide(leaky.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'rejected', comment: 'No keys in code.' });
    await gate.close(leaky.changeSet.id, 'rejected');
    clock += 60_000;
    const clean = await gate.propose({ source: { channel: 'api', agent: 'Codex' }, files: [{ path: 'src/config.ts', content: CONFIG.replace('3000', '8080') }] });
    await gate.decide(clean.changeSet.id, { target: { kind: 'changeSet' }, verdict: 'approved' });
    await gate.apply(clean.changeSet.id);
    clock += 60_000;
    await assert.rejects(gate.propose({ source: { channel: 'api', agent: 'claude-code' }, files: [{ path: '../outside.ts', content: 'x' }] }));
    clock += 60_000;
    // Entry types other parts add: rendered generically.
    await audit.append('alert', 'agent-guard', { kind: 'burst', agent: 'Claude Code', message: 'Claude Code changed 6 sensitive files in 20 s', count: 6 });
    await audit.append('lockdown', 'user', { action: 'engage', reason: 'investigating a leaked key' });
  }

  it('opens with the integrity check, then a timeline of proposals, findings, decisions, applies, refusals, alerts and lockdowns', async () => {
    await incident();
    const { report, text } = await createIncidentReport(auditDir, {}, 'markdown');
    assert.equal(report.integrity.ok, true);
    const integrityAt = text.indexOf('## Audit log integrity');
    assert.ok(integrityAt > 0 && integrityAt < text.indexOf('## Timeline'), 'integrity comes before the timeline');
    assert.match(text, /\*\*Verified\.\*\* The audit log verifies: \d+ entries checked/);
    for (const type of ['proposal', 'finding', 'policy', 'decision', 'apply', 'refusal', 'alert', 'lockdown']) assert.ok(report.counts[type] > 0, `${type} in the timeline`);
    assert.match(text, /Claude Code proposed 1 file via hook/);
    assert.match(text, /secrets/, 'the finding names its rule');
    assert.match(text, /Alert: Claude Code changed 6 sensitive files in 20 s/);
    assert.match(text, /Lockdown: investigating a leaked key/);
    assert.deepEqual(report.agents, ['Claude Code', 'Codex']);
  });

  it('holds no secret value: not the key from the file, not the token in the agent’s message', async () => {
    await incident();
    for (const format of ['markdown', 'html'] as const) {
      const { text } = await createIncidentReport(auditDir, {}, format);
      const pemBody = pem.split('\n')[3];
      assert.ok(!text.includes(pemBody), `${format}: a line of the key body`);
      assert.ok(!text.includes(token), `${format}: the token`);
      assert.ok(!text.includes(token.slice(4, 20)), `${format}: part of the token`);
    }
  });

  it('masks again a secret that reached the log unmasked (an older version, a rule added since)', async () => {
    const raw = await AuditLog.open({ directory: auditDir, now, mask: async (d) => d });
    await raw.append('refusal', 'Aider', { source: { channel: 'api', agent: 'Aider' }, reason: 'invalid', message: `could not parse ${token}` });
    const { text } = await createIncidentReport(auditDir, {}, 'markdown');
    assert.ok(!text.includes(token));
    assert.match(text, /could not parse ghp\\_(\\\*){8}/);
  });

  it('one agent: its entries by folded name, its change sets’ findings and decisions, and lockdowns for context', async () => {
    await incident();
    const { report } = await createIncidentReport(auditDir, { agent: 'claude_code' }, 'markdown');
    assert.ok(report.items.length > 0);
    assert.ok(report.items.every((i) => (i.agent ? foldAgentName(i.agent) === 'claudecode' : i.context)), JSON.stringify(report.items.map((i) => [i.type, i.agent])));
    assert.ok(report.items.some((i) => i.type === 'finding'), 'findings carry the proposal’s agent');
    assert.ok(report.items.some((i) => i.type === 'decision' && /rejected/.test(i.title)));
    assert.ok(report.items.some((i) => i.type === 'refusal'), 'the escape attempt by "claude-code"');
    assert.ok(report.items.some((i) => i.type === 'lockdown' && i.context));
    assert.ok(!report.items.some((i) => i.type === 'apply'), 'Codex’s apply is not Claude Code’s');
  });

  it('one period: only entries inside it', async () => {
    await incident();
    const since = new Date(Date.UTC(2026, 11, 4, 21, 2, 0));
    const until = new Date(Date.UTC(2026, 11, 4, 21, 2, 30));
    const { report } = await createIncidentReport(auditDir, { since, until }, 'markdown');
    assert.ok(report.items.length > 0);
    assert.ok(report.items.every((i) => i.time >= since.toISOString() && i.time <= until.toISOString()));
    assert.ok(report.items.every((i) => i.agent === 'Codex'), 'that minute is Codex’s change');
  });

  it('HTML is self-contained and inert: CSP without scripts, every log string escaped', async () => {
    await incident();
    const { text } = await createIncidentReport(auditDir, {}, 'html');
    assert.match(text, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'/);
    assert.ok(!/<script|<img|<link|src=|href=/i.test(text.replace(/&lt;img src=x/g, '')), 'no active or remote content');
    assert.match(text, /&lt;img src=x onerror=alert\(1\)&gt;/, 'the agent’s markup is shown as text');
    assert.match(text, /<p class="integrity"><strong>Verified\.<\/strong>/);
  });

  it('Markdown escapes the agent’s markup and links', () => {
    assert.equal(escapeMarkdown('[x](javascript:alert(1)) <b>|'), '\\[x\\](javascript:alert(1)) \\<b\\>\\|');
    assert.equal(escapeMarkdown('**bold** `code` &lt;'), '\\*\\*bold\\*\\* \\`code\\` \\&lt;');
    assert.equal(escapeMarkdown('a\u202Eb'), 'a\\<U+202E RIGHT-TO-LEFT OVERRIDE\\>b');
  });

  it('a tampered log: the report says BROKEN and where, and still shows the timeline', async () => {
    await incident();
    const file = path.join(auditDir, 'audit-000001.jsonl');
    const text = await readFile(file, 'utf8');
    await writeFile(file, text.replace('No keys in code.', 'Looks fine.'));
    const md = await createIncidentReport(auditDir, {}, 'markdown');
    assert.equal(md.report.integrity.ok, false);
    assert.match(md.text, /\*\*BROKEN\.\*\* THE AUDIT LOG DOES NOT VERIFY: first broken entry in audit-000001\.jsonl line \d+ \(entry \d+\): the hash does not match/);
    assert.ok(md.report.items.length > 5);
    const html = await createIncidentReport(auditDir, {}, 'html');
    assert.match(html.text, /class="integrity broken"/);
  });

  it('after a retention purge, the report says the log verifies from the checkpoint and shows it', async () => {
    await incident();
    await purgeAuditLog(audit, new Date(Date.UTC(2026, 11, 4, 21, 1, 30)));
    const { report, text } = await createIncidentReport(auditDir, {}, 'markdown');
    assert.equal(report.integrity.ok, true);
    assert.match(text, /from entry \d+ \(older entries were purged or rotated out behind a checkpoint\)/);
    assert.match(text, /Checkpoint: \d+ older entries purged by retention/);
  });

  it('bad input is refused with the reason', async () => {
    const ok = { ok: true, entries: 0, lastHash: '' };
    assert.throws(() => buildIncidentReport([], ok, { since: new Date('2026-12-05'), until: new Date('2026-12-04') }), /`since` is after `until`/);
    assert.throws(() => buildIncidentReport([], ok, { agent: ' - ' }), /agent name is empty/);
    assert.throws(() => buildIncidentReport([], ok, { since: new Date('yesterday') }), /`since` is not a valid date/);
    await assert.rejects(createIncidentReport(auditDir, {}, 'pdf' as never), /format must be "markdown" or "html"/);
  });

  it('an empty or missing log gives a report that says so', async () => {
    const { report, text } = await createIncidentReport(path.join(storage, 'nowhere'), {}, 'markdown');
    assert.equal(report.items.length, 0);
    assert.match(text, /No audit entries match this scope/);
    assert.deepEqual(await listIncidentAgents(path.join(storage, 'nowhere')), []);
  });
});
