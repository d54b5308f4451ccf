import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/core/audit/auditLog';
import type { Alert } from '../../../src/core/alerts/detector';
import { AlertDetector, displayText } from '../../../src/core/alerts/detector';
import { AlertFeed, readRecentAuditEntries } from '../../../src/core/alerts/feed';
import type { AlertSettings } from '../../../src/core/alerts/settings';
import { DEFAULT_ALERT_SETTINGS } from '../../../src/core/alerts/settings';
import { FIXTURE_DIR, SCENARIOS, parseStream, readFixture, recordScenario } from '../../helpers/alertStreams';

/** Replays a stream through a fresh detector and returns every alert raised. */
function replay(entries: readonly AuditEntry[], settings: Partial<AlertSettings> = {}): Alert[] {
  const detector = new AlertDetector({ settings: { ...DEFAULT_ALERT_SETTINGS, ...settings } });
  return entries.flatMap((e) => detector.feed(e));
}

/** A compact view of the alerts: kind@seq of the entry that raised it. */
function summary(alerts: readonly Alert[]): string[] {
  return alerts.map((a) => `${a.kind}@${a.evidence[a.evidence.length - 1]}`);
}

/** The stream with every time moved by `seconds` (a second session later in the day). */
function shifted(entries: readonly AuditEntry[], seconds: number, seqOffset: number): AuditEntry[] {
  return entries.map((e) => ({ ...e, seq: e.seq + seqOffset, time: new Date(Date.parse(e.time) + seconds * 1000).toISOString() }));
}

describe('alerts on recorded audit streams', () => {
  it('a normal session (reviews, one rejected hunk then a different fix, one workflow edit, one stray path) raises nothing', async () => {
    const entries = await readFixture('benign');
    assert.ok(entries.length > 15, 'the benign stream is a real session');
    assert.deepEqual(summary(replay(entries)), []);
  });

  it('six changes to sensitive files in 40 s raise one burst alert, at the fifth, naming the agent and files', async () => {
    const alerts = replay(await readFixture('sensitiveBurst'));
    assert.deepEqual(summary(alerts), ['sensitiveBurst@14']);
    const [alert] = alerts;
    assert.equal(alert.agent, 'Claude Code');
    assert.equal(alert.severity, 'high');
    assert.deepEqual(alert.paths, ['.github/workflows/ci.yml', '.env', '.vscode/tasks.json', '.npmrc', '.husky/pre-commit']);
    assert.match(alert.title, /5 changes to sensitive files in 60 s by Claude Code/);
    assert.equal(alert.changeSetIds.length, 5);
  });

  it("paths the policy lists as sensitive count toward a burst too", async () => {
    // The benign session's edits of src/app.ts and test/app.test.ts, with src/** made sensitive by the policy, plus the workflow: not five.
    const entries = await readFixture('benign');
    const detector = new AlertDetector({ settings: { ...DEFAULT_ALERT_SETTINGS, sensitiveBurst: { count: 3, seconds: 600 } }, extraSensitive: () => ['src/**', 'test/**'] });
    assert.deepEqual(summary(entries.flatMap((e) => detector.feed(e))), ['sensitiveBurst@10']);
    assert.deepEqual(summary(replay(entries, { sensitiveBurst: { count: 3, seconds: 600 } })), [], 'without the policy globs, one sensitive file');
    const broken = new AlertDetector({ settings: { ...DEFAULT_ALERT_SETTINGS, sensitiveBurst: { count: 1, seconds: 600 } }, extraSensitive: () => ['src/{unclosed'] });
    assert.deepEqual(summary(entries.flatMap((e) => broken.feed(e))), ['sensitiveBurst@10'], 'a malformed policy glob leaves the built-in list working');
  });

  it('the burst threshold and window are settings: a higher count or a shorter window raises nothing', async () => {
    const entries = await readFixture('sensitiveBurst');
    assert.deepEqual(summary(replay(entries, { sensitiveBurst: { count: 7, seconds: 60 } })), []);
    assert.deepEqual(summary(replay(entries, { sensitiveBurst: { count: 5, seconds: 20 } })), []);
    assert.deepEqual(summary(replay(entries, { sensitiveBurst: { count: 3, seconds: 20 } })), ['sensitiveBurst@8']);
  });

  it('one episode is one alert; the same burst again after the cool-down is a second alert', async () => {
    const entries = await readFixture('sensitiveBurst');
    const soon = [...entries, ...shifted(entries, 120, entries.length)];
    assert.deepEqual(summary(replay(soon)), ['sensitiveBurst@14'], 'two minutes later is the same episode');
    const later = [...entries, ...shifted(entries, 3600, entries.length)];
    assert.deepEqual(summary(replay(later)), ['sensitiveBurst@14', `sensitiveBurst@${14 + entries.length}`]);
  });

  it('repeated writes outside the workspace raise one alert at the third; lockdown refusals in between do not count', async () => {
    const entries = await readFixture('outsideWorkspace');
    assert.equal(entries.filter((e) => e.data.reason === 'locked').length, 3, 'the stream holds lockdown refusals');
    const alerts = replay(entries);
    assert.deepEqual(summary(alerts), ['outsideWorkspace@6']);
    assert.deepEqual(alerts[0].evidence, [1, 5, 6]);
    assert.equal(alerts[0].agent, 'Cursor Agent');
    assert.deepEqual(alerts[0].paths, ['../.bashrc', '/etc/cron.d/job', 'linked-out/authorized_keys']);
    // Even at a threshold of two, the locked refusals (seq 2-4) never complete a count.
    assert.deepEqual(summary(replay(entries, { outsideWorkspace: { count: 2, seconds: 300 } })), ['outsideWorkspace@5']);
  });

  it('outside-workspace attempts are counted per agent', async () => {
    // The last two attempts come from another agent: two each, below the threshold of three.
    const entries = (await readFixture('outsideWorkspace')).map((e) => (e.seq < 6 ? e : { ...e, actor: 'Other Agent', data: { ...e.data, source: { channel: 'api', agent: 'Other Agent' } } }));
    assert.deepEqual(summary(replay(entries)), []);
  });

  it('a rejected hunk proposed again, same lines, raises an alert pointing at the rejection', async () => {
    const alerts = replay(await readFixture('rejectedHunk'));
    assert.deepEqual(summary(alerts), ['rejectedHunkReproposed@7']);
    assert.deepEqual(alerts[0].evidence, [5, 7], 'the rejection decision and the new proposal');
    assert.equal(alerts[0].paths[0], 'src/app.ts');
    assert.equal(alerts[0].changeSetIds.length, 2);
  });

  it('a rejected hunk is remembered only as long as the setting says', async () => {
    const entries = await readFixture('rejectedHunk');
    assert.deepEqual(summary(replay(entries, { rejectedHunk: { seconds: 60 } })), [], 'the second proposal came 90 s after the rejection');
  });

  it('a hook edit the person rejected, then written to disk with the same content, is a critical bypass alert', async () => {
    const alerts = replay(await readFixture('denialBypass'));
    assert.deepEqual(summary(alerts), ['denialBypass@6']);
    assert.equal(alerts[0].severity, 'critical');
    assert.match(alerts[0].title, /^Claude Code took another road \(guard\) around a rejection on hook/);
    assert.equal(alerts[0].agent, 'Claude Code', 'the denied agent, not the guard\'s nameless writer');
    assert.deepEqual(alerts[0].evidence, [4, 6]);
  });

  it('a policy-denied API edit, then the same file written to disk (other bytes), is a high bypass alert', async () => {
    const alerts = replay(await readFixture('policyBypass'));
    assert.deepEqual(summary(alerts), ['denialBypass@4']);
    assert.equal(alerts[0].severity, 'high');
    assert.match(alerts[0].details[0], /deploy\/release\.sh: the same file as policy denial #3 \(api, Copilot\)/);
    assert.deepEqual(summary(replay(await readFixture('policyBypass'), { denialBypass: { seconds: 120 } })), [], 'the write came 200 s later');
  });

  it('a hook edit refused by lockdown, then the same content written to disk, is a critical bypass alert', async () => {
    const alerts = replay(await readFixture('lockdownBypass'));
    assert.deepEqual(summary(alerts), ['denialBypass@2']);
    assert.equal(alerts[0].severity, 'critical');
    assert.match(alerts[0].title, /around a lockdown refusal on hook: src\/app\.ts/);
    assert.deepEqual(alerts[0].evidence, [1, 2]);
  });

  it('a policy refusal entry that lists the denied files counts as a denial too', async () => {
    // The policy part writes a 'policyDenied' refusal naming the denied files and their content hashes.
    const entries = await readFixture('lockdownBypass');
    const asPolicy = entries.map((e) => (e.seq === 1 ? { ...e, data: { ...e.data, reason: 'policyDenied', changeSetId: 'cs-x' } } : e));
    const alerts = replay(asPolicy);
    assert.deepEqual(summary(alerts), ['denialBypass@2']);
    assert.match(alerts[0].title, /around a policy denial on hook/);
  });

  it('three new critical findings within minutes of a calm period raise a critical-rise alert', async () => {
    const alerts = replay(await readFixture('criticalRise'));
    assert.deepEqual(summary(alerts), ['criticalFindingsRise@13']);
    assert.equal(alerts[0].severity, 'critical');
    assert.match(alerts[0].title, /3 critical findings in 10 min \(1 the period before\)/);
    // A steady level is not a rise: with the calm-period finding inside the earlier window counted twice over, no alert.
    assert.deepEqual(summary(replay(await readFixture('criticalRise'), { criticalFindings: { count: 4, seconds: 600 } })), []);
  });

  it('the same critical finding proposed again counts once', async () => {
    // The rejected-hunk stream proposes the same eval endpoint twice: one distinct critical finding.
    const alerts = replay(await readFixture('rejectedHunk'), { criticalFindings: { count: 2, seconds: 600 } });
    assert.deepEqual(summary(alerts.filter((a) => a.kind === 'criticalFindingsRise')), []);
  });

  it('alerts hold no file content and no secret: only paths, names, rule ids and seq numbers', async () => {
    const entries = await readFixture('criticalRise');
    const text = JSON.stringify(replay(entries));
    assert.doesNotMatch(text, /-----BEGIN/);
    assert.doesNotMatch(text, /[A-Za-z0-9+/]{40,}/, 'no key material');
  });

  it('turned off, it raises nothing; garbage entries are skipped, never thrown on', async () => {
    assert.deepEqual(replay(await readFixture('sensitiveBurst'), { enabled: false }), []);
    const detector = new AlertDetector();
    const junk = [null, {}, { type: 'proposal', data: null }, { seq: 1, type: 'proposal', time: 'yesterday', actor: 'x', data: { files: 'many', source: 7 } }, { seq: 2, type: 'decision', time: '', actor: 'x', data: { verdict: 'rejected', target: { kind: 'hunk' } } }, { seq: 3, type: 'refusal', data: { reason: 'pathOutsideWorkspace' } }, { seq: 4, type: 'proposal', data: { files: [{ path: '.env', hunkHashes: [null, { index: 'x' }] }] } }, { seq: 5, type: 'finding', data: { findings: [null, { severity: 'critical' }] } }];
    for (const entry of junk) assert.deepEqual(detector.feed(entry as unknown as AuditEntry), []);
  });

  it('agent-supplied names are shown as text: control and bidirectional characters are escaped, long names cut', () => {
    assert.equal(displayText('evil\u202Egpj.exe'), 'evil\\u202egpj.exe');
    assert.equal(displayText('a\nb'), 'a\\u000ab');
    assert.equal(displayText('x'.repeat(200), 10), `${'x'.repeat(10)}…`);
  });

  it('the stored fixtures still match what the real gate writes today (re-recorded, they raise the same alerts)', async () => {
    for (const name of Object.keys(SCENARIOS)) {
      const fresh = parseStream((await recordScenario(name)).join('\n'));
      const stored = await readFixture(name);
      assert.deepEqual(fresh.map((e) => e.type), stored.map((e) => e.type), `${name}: entry types`);
      assert.deepEqual(summary(replay(fresh)), summary(replay(stored)), `${name}: alerts`);
    }
  });
});

describe('alert feed: history before a reload, then the live stream', () => {
  it('a hunk rejected before the reload is still recognised after it; the history itself raises nothing', async () => {
    const entries = await readFixture('rejectedHunk');
    const raised: Alert[] = [];
    const feed = new AlertFeed(new AlertDetector(), (a) => raised.push(a));
    // Live entries arrive while the history is read; the history on disk already holds some of them.
    for (const e of entries.slice(4)) feed.live(e);
    assert.deepEqual(raised, [], 'nothing goes through before the history is in');
    feed.primed(entries.slice(0, 6));
    assert.deepEqual(summary(raised), ['rejectedHunkReproposed@7'], 'each entry once, in order');
  });

  it('history counts toward a burst, and an episode that alerted before the reload does not alert again after it', async () => {
    const entries = await readFixture('sensitiveBurst');
    const raised: Alert[] = [];
    const feed = new AlertFeed(new AlertDetector(), (a) => raised.push(a));
    // Four sensitive proposals before the reload, the fifth after it.
    feed.primed(entries.slice(0, 13));
    for (const e of entries.slice(13)) feed.live(e);
    assert.deepEqual(summary(raised), ['sensitiveBurst@14']);

    // The same burst two minutes later: without the history it would be a new alert; with it, the same episode.
    const again = shifted(entries, 120, entries.length);
    const fresh: Alert[] = [];
    const freshFeed = new AlertFeed(new AlertDetector(), (a) => fresh.push(a));
    freshFeed.primed([]);
    for (const e of again) freshFeed.live(e);
    assert.equal(fresh.length, 1);
    const primedRaised: Alert[] = [];
    const primedFeed = new AlertFeed(new AlertDetector(), (a) => primedRaised.push(a));
    primedFeed.primed(entries);
    for (const e of again) primedFeed.live(e);
    assert.deepEqual(primedRaised, []);
  });

  it('reads the recent entries of the last log files, skipping torn lines and older entries', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'ag-alert-feed-'));
    try {
      const lines = (await readFile(path.join(FIXTURE_DIR, 'criticalRise.jsonl'), 'utf8')).trim().split('\n');
      await writeFile(path.join(dir, 'audit-000001.jsonl'), `${lines.slice(0, 5).join('\n')}\n`);
      await writeFile(path.join(dir, 'audit-000002.jsonl'), `${lines.slice(5).join('\n')}\n{"seq": 15, "ti`);
      await writeFile(path.join(dir, 'notes.txt'), 'not a log');
      const all = await readRecentAuditEntries(dir, 0);
      assert.deepEqual(all.map((e) => e.seq), [...Array(14).keys()].map((i) => i + 1));
      const recent = await readRecentAuditEntries(dir, Date.parse('2026-03-02T09:16:00.000Z'));
      assert.deepEqual(recent.map((e) => e.seq), [6, 7, 8, 9, 10, 11, 12, 13, 14]);
      assert.deepEqual(await readRecentAuditEntries(path.join(dir, 'missing'), 0), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
