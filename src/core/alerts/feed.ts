import { readdir, readFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import type { AuditEntry } from '../audit/auditLog';
import type { Alert, AlertDetector } from './detector';
import type { AlertSettings } from './settings';

/** The same file name pattern as the audit log's. */
const LOG_FILE = /^audit-(\d{6,})\.jsonl$/;

/** How far back the detector's memory reaches with these settings (the critical-findings rise compares two windows). */
export function memorySeconds(settings: AlertSettings): number {
  return Math.max(settings.sensitiveBurst.seconds, settings.outsideWorkspace.seconds, 2 * settings.criticalFindings.seconds, settings.rejectedHunk.seconds, settings.denialBypass.seconds, settings.cooldownSeconds);
}

/**
 * The entries of the last `maxFiles` audit log files (5 MiB each by default) written at or after
 * `sinceMs`, in order. Lines that do not parse are skipped (verify reports them). Missing folder: none.
 */
export async function readRecentAuditEntries(directory: string, sinceMs: number, maxFiles = 2): Promise<AuditEntry[]> {
  const names = (await readdir(directory).catch(() => [] as string[]))
    .map((name) => ({ name, match: LOG_FILE.exec(name) }))
    .filter((f) => f.match)
    .sort((a, b) => Number(a.match![1]) - Number(b.match![1]))
    .slice(-maxFiles);
  const out: AuditEntry[] = [];
  for (const { name } of names) {
    const text = await readFile(nodePath.join(directory, name), 'utf8').catch(() => '');
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        const entry = JSON.parse(line) as AuditEntry;
        if (typeof entry?.seq === 'number' && Date.parse(entry.time) >= sinceMs) out.push(entry);
      } catch {
        continue;
      }
    }
  }
  return out;
}

/**
 * Feeds the detector the live audit stream, after priming it with the history written before this window
 * opened the log (so a hunk rejected before a reload is still recognised, and an episode that already
 * alerted does not alert again). History raises nothing; entries that arrive while the history is read
 * wait, then go through in order, each seq once.
 */
export class AlertFeed {
  private waiting: AuditEntry[] | undefined = [];
  private lastSeq = 0;

  constructor(
    private readonly detector: AlertDetector,
    private readonly onAlert: (alert: Alert) => void,
  ) {}

  /** A live entry, as the log writes it. */
  live(entry: AuditEntry): void {
    if (this.waiting) this.waiting.push(entry);
    else this.feed(entry, true, false);
  }

  /** The history (oldest first), once read; then the live entries that waited. Call once. */
  primed(history: readonly AuditEntry[]): void {
    for (const entry of history) this.feed(entry, false, true);
    const waiting = this.waiting ?? [];
    this.waiting = undefined;
    // The history read from disk may already hold some of the entries that waited.
    for (const entry of waiting) this.feed(entry, true, true);
  }

  private feed(entry: AuditEntry, raise: boolean, once: boolean): void {
    if (once && entry.seq <= this.lastSeq) return;
    this.lastSeq = entry.seq;
    if (entry.type === 'alert') return;
    const alerts = this.detector.feed(entry);
    if (raise) for (const alert of alerts) this.onAlert(alert);
  }
}
