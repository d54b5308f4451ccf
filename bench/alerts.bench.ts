/**
 * The alert detector runs on every audit entry, in the extension host, right after the entry is written.
 * Measured: the cost per entry over a long session made of the recorded fixture streams (every kind of
 * entry, every detector path), and the worst case when every memory is full (5,000 rejected hunks and
 * denials remembered, a flood of sensitive-file proposals in the window).
 */
import type { AuditEntry } from '../src/core/audit/auditLog';
import { AlertDetector } from '../src/core/alerts/detector';
import { DEFAULT_ALERT_SETTINGS } from '../src/core/alerts/settings';
import { SCENARIOS, readFixture } from '../test/helpers/alertStreams';

function perEntry(entries: readonly AuditEntry[], detector: AlertDetector): { usPerEntry: number; alerts: number } {
  let alerts = 0;
  const started = performance.now();
  for (const entry of entries) alerts += detector.feed(entry).length;
  return { usPerEntry: ((performance.now() - started) * 1000) / entries.length, alerts };
}

/** The fixture streams played one after another, `rounds` times, each round an hour later with new seqs. */
async function session(rounds: number): Promise<AuditEntry[]> {
  const streams = await Promise.all(Object.keys(SCENARIOS).map((name) => readFixture(name)));
  const out: AuditEntry[] = [];
  let seq = 0;
  for (let round = 0; round < rounds; round++) {
    for (const stream of streams) {
      for (const e of stream) out.push({ ...e, seq: ++seq, time: new Date(Date.parse(e.time) + round * 3600_000).toISOString() });
    }
  }
  return out;
}

/** Every memory full: 5,000 rejected hunks and denied files, then a burst of 10,000 sensitive proposals in one minute. */
function worstCase(): AuditEntry[] {
  const out: AuditEntry[] = [];
  const base = Date.parse('2026-03-02T09:00:00Z');
  let seq = 0;
  const at = (ms: number) => new Date(base + ms).toISOString();
  for (let i = 0; i < 5000; i++) {
    const id = `cs-${i}`;
    const hash = i.toString(16).padStart(64, '0');
    out.push({ seq: ++seq, time: at(i), type: 'proposal', actor: 'Agent', data: { changeSetId: id, source: { channel: 'hook', agent: 'Agent' }, files: [{ path: `src/f${i}.ts`, afterSha256: hash, hunkHashes: [{ index: 1, sha256: hash }] }] }, prevHash: '', hash: '' });
    out.push({ seq: ++seq, time: at(i), type: 'decision', actor: 'user', data: { changeSetId: id, target: { kind: 'changeSet' }, verdict: 'rejected' }, prevHash: '', hash: '' });
  }
  for (let i = 0; i < 10_000; i++) {
    out.push({ seq: ++seq, time: at(6000 + i * 5), type: 'proposal', actor: 'Agent', data: { changeSetId: `burst-${i}`, source: { channel: 'guard', agent: 'Agent' }, files: [{ path: `.github/workflows/w${i}.yml`, afterSha256: `b${i}`, hunkHashes: [{ index: 1, sha256: `h${i}` }] }] }, prevHash: '', hash: '' });
  }
  return out;
}

export async function run(): Promise<void> {
  const entries = await session(200);
  perEntry(entries.slice(0, 2000), new AlertDetector());
  const normal = perEntry(entries, new AlertDetector({ settings: DEFAULT_ALERT_SETTINGS }));
  console.log(`session of ${entries.length.toLocaleString('en')} recorded entries: ${normal.usPerEntry.toFixed(2)} µs per entry, ${normal.alerts} alerts`);
  const worst = worstCase();
  const full = perEntry(worst, new AlertDetector({ settings: { ...DEFAULT_ALERT_SETTINGS, sensitiveBurst: { count: 5, seconds: 3600 } } }));
  console.log(`worst case, memories full (${worst.length.toLocaleString('en')} entries): ${full.usPerEntry.toFixed(2)} µs per entry, ${full.alerts} alerts`);
}
