/**
 * Retention of what Agent Guard keeps on disk: pending change sets (agent content not yet decided),
 * apply backups (the content approved changes replaced) and audit entries. Nothing here imports the
 * rule tables, so the extension can check cheaply whether a purge has anything to do.
 */
import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import * as nodePath from 'node:path';

/** How many days each kind of data is kept; 0 keeps it for ever. */
export interface RetentionSettings {
  /** Pending change sets older than this are withdrawn (the waiting agent is told) and their contents deleted. */
  pendingDays: number;
  /** Apply records and backup blobs older than this are deleted; a revert cannot reach further back. */
  backupsDays: number;
  /** Audit entries older than this are purged, behind a checkpoint entry that keeps the log verifiable. */
  auditDays: number;
}

/** The defaults of package.json's agentGuard.retention.* settings. */
export const DEFAULT_RETENTION: RetentionSettings = { pendingDays: 30, backupsDays: 30, auditDays: 365 };

/** The longest retention a setting takes (100 years); longer values are refused, not clamped silently. */
export const MAX_RETENTION_DAYS = 36_500;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * Checks one retention value: a whole number of days from 0 (keep for ever) to MAX_RETENTION_DAYS.
 * Returns an error message naming the setting, or undefined when the value is fine.
 */
export function retentionValueError(key: keyof RetentionSettings, value: unknown): string | undefined {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > MAX_RETENTION_DAYS) {
    return `agentGuard.retention.${key} must be a whole number of days from 0 (keep for ever) to ${MAX_RETENTION_DAYS}; got ${JSON.stringify(value)}`;
  }
  return undefined;
}

/**
 * Reads retention settings from raw values: a bad value falls back to its default and is reported,
 * so a typo never deletes data early.
 */
export function resolveRetention(raw: Partial<Record<keyof RetentionSettings, unknown>>): { settings: RetentionSettings; problems: string[] } {
  const settings = { ...DEFAULT_RETENTION };
  const problems: string[] = [];
  for (const key of Object.keys(DEFAULT_RETENTION) as (keyof RetentionSettings)[]) {
    if (raw[key] === undefined) continue;
    const error = retentionValueError(key, raw[key]);
    if (error) problems.push(`${error}; using ${DEFAULT_RETENTION[key]}`);
    else settings[key] = raw[key] as number;
  }
  return { settings, problems };
}

/** The instant before which data of this kind goes, or undefined when it is kept for ever (0 days). */
export function retentionCutoff(days: number, now: Date): Date | undefined {
  return days > 0 ? new Date(now.getTime() - days * DAY_MS) : undefined;
}

/** What a backup purge removed. */
export interface BackupPurgeResult {
  /** Apply ids whose records were removed. */
  records: string[];
  /** Backup blobs removed (no longer referenced by a kept record, and not written since the cut-off). */
  blobs: number;
}

const BLOB_NAME = /^[0-9a-f]{64}$/;
const RECORD_NAME = /^[\w.-]+\.json$/;

/**
 * Deletes apply records older than `before`, then every blob that no kept record refers to and that was
 * not written (or re-saved) since `before`. A blob the file-system guard kept for a quarantined file has
 * no record; it goes with age alone. A record that cannot be read is kept (a person may want it) and
 * its blobs cannot be told apart, so nothing newer than it is lost.
 */
export async function purgeBackups(directory: string, before: Date): Promise<BackupPurgeResult> {
  const cutoff = before.toISOString();
  const recordsDir = nodePath.join(directory, 'records');
  const blobsDir = nodePath.join(directory, 'blobs');
  const referenced = new Set<string>();
  const removed: string[] = [];
  for (const name of (await readdir(recordsDir).catch(() => [] as string[])).filter((n) => RECORD_NAME.test(n))) {
    const path = nodePath.join(recordsDir, name);
    let record: { applyId?: unknown; time?: unknown; revertedAt?: unknown; files?: { before?: { sha256?: unknown } | null; after?: { sha256?: unknown } | null }[] };
    try {
      record = JSON.parse(await readFile(path, 'utf8')) as typeof record;
    } catch {
      continue;
    }
    const last = typeof record.revertedAt === 'string' && record.revertedAt > String(record.time) ? record.revertedAt : record.time;
    if (typeof last === 'string' && last < cutoff) {
      await unlink(path);
      removed.push(typeof record.applyId === 'string' ? record.applyId : name.slice(0, -'.json'.length));
      continue;
    }
    for (const file of Array.isArray(record.files) ? record.files : []) {
      for (const side of [file?.before, file?.after]) if (side && typeof side.sha256 === 'string') referenced.add(side.sha256);
    }
  }
  let blobs = 0;
  for (const name of (await readdir(blobsDir).catch(() => [] as string[])).filter((n) => BLOB_NAME.test(n))) {
    if (referenced.has(name)) continue;
    const path = nodePath.join(blobsDir, name);
    const info = await stat(path).catch(() => undefined);
    if (!info || info.mtimeMs >= before.getTime()) continue;
    await unlink(path).catch(() => undefined);
    blobs++;
  }
  return { records: removed, blobs };
}

/** The audit log's file names (as src/core/audit/auditLog.ts writes them); repeated so this module loads no rules. */
const AUDIT_FILE = /^audit-(\d{6,})\.jsonl$/;

/**
 * True when the oldest audit entry on disk is older than `before`: a look at one line, so the automatic
 * purge loads nothing (no engine, no rules) when there is nothing to do.
 */
export async function auditHasEntriesBefore(directory: string, before: Date): Promise<boolean> {
  const files = (await readdir(directory).catch(() => [] as string[]))
    .map((name) => ({ name, match: AUDIT_FILE.exec(name) }))
    .filter((f) => f.match)
    .sort((a, b) => Number(a.match![1]) - Number(b.match![1]));
  for (const file of files) {
    const text = await readFile(nodePath.join(directory, file.name), 'utf8').catch(() => '');
    if (!text.trim()) continue;
    const newline = text.indexOf('\n');
    try {
      const entry = JSON.parse(newline < 0 ? text : text.slice(0, newline)) as { time?: unknown };
      return typeof entry.time === 'string' && entry.time < before.toISOString();
    } catch {
      return false;
    }
  }
  return false;
}

/** The ids of pending change sets created before `before` (they are withdrawn by the purge). */
export function expiredPending(entries: readonly { id: string; createdAt: string }[], before: Date): string[] {
  const cutoff = before.toISOString();
  return entries.filter((e) => typeof e.createdAt === 'string' && e.createdAt < cutoff).map((e) => e.id);
}
