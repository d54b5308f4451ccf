/**
 * "Revert Agent Changes Since…" (issue 11, incident response): puts back the backups of every apply made
 * since a time, or since a change set was applied, newest first. Each file is checked against what the
 * apply left; a file edited since (by a person, or anything else) is a conflict: reported, left alone.
 */
import type { WorkspaceFs } from '../fs/workspaceFs';
import { UnsafePathError } from '../fs/workspaceFs';
import type { AppliedFile, ApplyRecord, BackupStore } from './backups';
import { sha256Hex } from './content';
import { ApplyError } from './errors';

/** What to revert: every apply at or after `since`, or the apply of a change set and every later one. */
export type RevertTarget = { since: Date } | { changeSetId: string };

/** Why one file was left alone. */
export type RevertConflictReason = 'changedSinceApply' | 'pathTaken' | 'backupMissing' | 'unsafePath' | 'writeFailed';

/** A file the revert left alone, and why (one line a person can act on). */
export interface RevertConflict {
  applyId: string;
  changeSetId: string;
  path: string;
  reason: RevertConflictReason;
  message: string;
}

/** One apply the revert touched. */
export interface RevertedApply {
  applyId: string;
  changeSetId: string;
  /** When it was applied (ISO 8601). */
  time: string;
  /** The files restored by this revert. */
  files: string[];
  /** True when every file of the apply is now reverted (the record is marked reverted). */
  complete: boolean;
}

/** What a revert-since did. */
export interface RevertSinceResult {
  /** The cut-off (ISO 8601): applies at or after it were considered. */
  since: string;
  /** The change set the cut-off came from, when one was picked. */
  changeSetId?: string;
  /** Applies touched, newest first. */
  reverted: RevertedApply[];
  conflicts: RevertConflict[];
}

/** What `revertSince` works on. */
export interface RevertSinceOptions {
  workspace: WorkspaceFs;
  backups: BackupStore;
  /** Marks the records (default: now). */
  now?: Date;
}

/** Applies that a revert would consider for `target`, newest first (nothing reverted yet, nothing empty). */
export async function appliesSince(backups: BackupStore, target: RevertTarget): Promise<{ since: string; records: ApplyRecord[] }> {
  const records = (await backups.listRecords()).filter((r) => !r.revertedAt && r.files.length > 0);
  let since: string;
  if ('changeSetId' in target) {
    if (typeof target.changeSetId !== 'string' || !target.changeSetId) throw new ApplyError('invalidInput', 'no change set given');
    const own = records.filter((r) => r.changeSetId === target.changeSetId);
    if (!own.length) throw new ApplyError('nothingToRevert', `change set ${JSON.stringify(target.changeSetId)} has no applied change left to revert`);
    since = own[0].time;
  } else {
    if (!(target.since instanceof Date) || Number.isNaN(target.since.getTime())) throw new ApplyError('invalidInput', 'the time to revert from is not a valid date');
    since = target.since.toISOString();
  }
  // Record times are ISO 8601 in UTC, so they compare as text.
  return { since, records: records.filter((r) => r.time >= since).reverse() };
}

/**
 * Reverts every apply since `target`, newest first, file by file: a file is restored only when it still
 * holds exactly what its apply wrote (by hash), so a later edit is never overwritten; otherwise it is
 * reported as a conflict and left alone, and the rest go on. An apply whose files are all restored is
 * marked reverted; a partly reverted one remembers which files are done, so a second run retries only
 * the conflicts. Throws ApplyError('nothingToRevert') when nothing was applied since then.
 */
export async function revertSince(target: RevertTarget, options: RevertSinceOptions): Promise<RevertSinceResult> {
  const { workspace: fs, backups } = options;
  const now = options.now ?? new Date();
  const { since, records } = await appliesSince(backups, target);
  if (!records.length) throw new ApplyError('nothingToRevert', `no approved change was applied since ${since}`);
  const result: RevertSinceResult = { since, ...('changeSetId' in target ? { changeSetId: target.changeSetId } : {}), reverted: [], conflicts: [] };

  for (const record of records) {
    const done = new Set(record.revertedFiles ?? []);
    const restored: string[] = [];
    const conflict = (file: AppliedFile, reason: RevertConflictReason, message: string) => result.conflicts.push({ applyId: record.applyId, changeSetId: record.changeSetId, path: file.path, reason, message });
    // Within one apply the paths are distinct; the reverse order undoes a rename's write before its source.
    for (const file of [...record.files].reverse()) {
      if (done.has(file.path)) continue;
      try {
        const outcome = await revertFile(fs, backups, record, file);
        if (outcome === 'restored') restored.push(file.path);
        if (outcome !== 'conflict') done.add(file.path);
        else conflict(file, 'changedSinceApply', `${JSON.stringify(file.path)} changed after the apply of ${record.time}; left as it is so that later work is not overwritten`);
      } catch (error) {
        if (error instanceof RevertFileError) conflict(file, error.reason, error.message);
        else if (UnsafePathError.is(error)) conflict(file, 'unsafePath', `${JSON.stringify(file.path)}: ${error.message}`);
        else conflict(file, 'writeFailed', `${JSON.stringify(file.path)} could not be restored: ${(error as Error).message}`);
      }
    }
    const complete = record.files.every((f) => done.has(f.path));
    if (complete) {
      const { revertedFiles: _ignored, ...rest } = record;
      await backups.saveRecord({ ...rest, revertedAt: now.toISOString() });
    } else if (restored.length) {
      await backups.saveRecord({ ...record, revertedFiles: [...done] });
    }
    if (restored.length || complete) result.reverted.push({ applyId: record.applyId, changeSetId: record.changeSetId, time: record.time, files: restored, complete });
  }
  return result;
}

class RevertFileError extends Error {
  constructor(
    readonly reason: RevertConflictReason,
    message: string,
  ) {
    super(message);
  }
}

/** Restores one file of an apply: 'restored', 'notReached' (an apply cut short never wrote it), or 'conflict'. */
async function revertFile(fs: WorkspaceFs, backups: BackupStore, record: ApplyRecord, file: AppliedFile): Promise<'restored' | 'notReached' | 'conflict'> {
  const current = await fs.read(file.path);
  const currentSha = current ? sha256Hex(current.bytes) : null;
  const source = file.action === 'rename' ? await fs.read(file.sourcePath) : undefined;
  // An apply cut short by a crash: files it never reached still hold what they held before.
  if (!record.complete && file.action !== 'rename' && currentSha === (file.before?.sha256 ?? null)) return 'notReached';
  if (!record.complete && file.action === 'rename' && !current && source && sha256Hex(source.bytes) === file.before?.sha256) return 'notReached';
  if (currentSha !== (file.after?.sha256 ?? null)) return 'conflict';
  if (source) throw new RevertFileError('pathTaken', `${JSON.stringify(file.sourcePath)} exists again, so ${JSON.stringify(file.path)} cannot be renamed back; left as it is`);

  let bytes: Uint8Array | undefined;
  if (file.before) {
    try {
      bytes = await backups.readBlob(file.before.sha256);
    } catch (error) {
      throw new RevertFileError('backupMissing', `the backup of ${JSON.stringify(file.sourcePath)} from ${record.time} is gone or damaged (${(error as Error).message}); left as it is`);
    }
  }
  if (file.action === 'create') await fs.remove(file.path);
  else {
    await fs.write(file.sourcePath, bytes!, file.before!.mode);
    if (file.action === 'rename') await fs.remove(file.path);
  }
  return 'restored';
}

/** Presets of the command's time picker. */
export type SincePreset = '15m' | '1h' | 'today';

/** The cut-off of a preset: 15 minutes or an hour before `now`, or the start of `now`'s local day. */
export function sinceOfPreset(preset: SincePreset, now: Date): Date {
  if (preset === '15m') return new Date(now.getTime() - 15 * 60_000);
  if (preset === '1h') return new Date(now.getTime() - 60 * 60_000);
  const start = new Date(now);
  start.setHours(0, 0, 0, 0);
  return start;
}

// Linear: anchored, no nested or overlapping quantifiers.
const ISO_PATTERN = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})?)?$/;

/**
 * A cut-off typed by a person: an ISO 8601 date or date-time ("2026-12-04", "2026-12-04T22:15",
 * "2026-12-04T22:15:00Z"); without a zone it is local time. Refused with a clear message when it does
 * not parse or lies in the future.
 */
export function parseSince(text: unknown, now: Date): Date {
  if (typeof text !== 'string' || !ISO_PATTERN.test(text.trim())) {
    throw new ApplyError('invalidInput', `${JSON.stringify(typeof text === 'string' ? text.slice(0, 60) : text)} is not an ISO 8601 date or time, e.g. 2026-12-04T22:15`);
  }
  const trimmed = text.trim();
  // A date alone is UTC midnight to Date.parse; a person means their own midnight.
  const date = trimmed.length === 10 ? new Date(`${trimmed}T00:00:00`) : new Date(trimmed.replace(' ', 'T'));
  if (Number.isNaN(date.getTime())) throw new ApplyError('invalidInput', `${JSON.stringify(trimmed)} is not a real date or time`);
  if (date.getTime() > now.getTime()) throw new ApplyError('invalidInput', `${JSON.stringify(trimmed)} is in the future`);
  return date;
}

/** The audit data of a revert-since: applies and files restored, conflicts left alone (paths and reasons, no contents). */
export function revertSinceEvent(result: RevertSinceResult): Record<string, unknown> {
  return {
    kind: 'since',
    since: result.since,
    changeSetId: result.changeSetId,
    reverted: result.reverted.map((r) => ({ applyId: r.applyId, changeSetId: r.changeSetId, files: r.files, complete: r.complete })),
    conflicts: result.conflicts.map((c) => ({ applyId: c.applyId, changeSetId: c.changeSetId, path: c.path, reason: c.reason })),
  };
}
