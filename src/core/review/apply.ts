import { randomBytes } from 'node:crypto';
import type { CurrentFile, WorkspaceFs } from '../fs/workspaceFs';
import { UnsafePathError } from '../fs/workspaceFs';
import type { AppliedFile, ApplyRecord, BackupStore } from './backups';
import { sha256Hex } from './content';
import { ApplyError } from './errors';
import type { ApplyPlan, ApplyStep } from './plan';

/** Options of `executePlan`. */
export interface ExecuteOptions {
  /**
   * What to do when the plan has conflicts: `abort` (default) writes nothing and throws
   * ApplyError('conflict'); `skipConflicting` applies the other files and leaves the conflicting ones.
   */
  onConflict?: 'abort' | 'skipConflicting';
  /** Clock, for tests. */
  now?: () => Date;
}

/** What an apply did. */
export interface ApplyResult {
  applyId: string;
  record: ApplyRecord;
  /** Conflicting files left alone (with skipConflicting). */
  conflicts: ApplyPlan['conflicts'];
  skipped: ApplyPlan['skipped'];
}

async function read(fs: WorkspaceFs, path: string): Promise<CurrentFile | undefined> {
  try {
    return await fs.read(path);
  } catch (error) {
    if (UnsafePathError.is(error)) throw new ApplyError('unsafePath', error.message, path);
    throw error;
  }
}

function sourceOf(step: ApplyStep): string {
  return step.kind === 'rename' ? step.from : step.path;
}

function describeStep(step: ApplyStep): string {
  return step.kind === 'rename' ? `${step.from} → ${step.path}` : step.path;
}

/**
 * Carries out a plan on disk: checks every file once more against what the plan expects (so an edit
 * made since planning is never overwritten), backs up everything it will replace, records the apply,
 * then writes each file atomically. If a write fails, the steps already done are rolled back from the
 * backups and ApplyError('writeFailed') is thrown.
 */
export async function executePlan(plan: ApplyPlan, fs: WorkspaceFs, backups: BackupStore, options: ExecuteOptions = {}): Promise<ApplyResult> {
  if (plan.conflicts.length > 0 && (options.onConflict ?? 'abort') === 'abort') {
    const first = plan.conflicts[0];
    throw new ApplyError('conflict', `${plan.conflicts.length} file(s) conflict, nothing was written; first: ${first.path}: ${first.reason}`, first.path);
  }
  const now = options.now ?? (() => new Date());
  // Check everything before writing anything.
  const currents = await mapLimit(plan.steps, IO_CONCURRENCY, async (step) => {
    const current = await read(fs, sourceOf(step));
    const sha = current ? sha256Hex(current.bytes) : null;
    if (sha !== step.expectedSha256) {
      throw new ApplyError('conflict', `${step.path} changed after the apply was planned; nothing was written. Review it again.`, step.path);
    }
    if (step.kind === 'rename' && (await read(fs, step.path))) throw new ApplyError('conflict', `${step.path} now exists; the rename will not replace it. Nothing was written.`, step.path);
    return current;
  });
  // Backups are written (and flushed) before any file they protect is touched.
  await mapLimit(currents, IO_CONCURRENCY, async (current) => (current ? backups.saveBlob(current.bytes) : undefined));
  const files: AppliedFile[] = plan.steps.map((step, i) => {
    const current = currents[i];
    return {
      sourcePath: sourceOf(step),
      path: step.path,
      action: step.kind === 'write' ? (step.creates ? 'create' : 'write') : step.kind,
      before: current ? { sha256: sha256Hex(current.bytes), mode: current.mode } : null,
      after: step.kind === 'delete' ? null : { sha256: sha256Hex(step.bytes), mode: step.mode },
    };
  });
  const applyId = `ap-${now().toISOString().replace(/[-:.]/g, '')}-${randomBytes(4).toString('hex')}`;
  const record: ApplyRecord = { applyId, changeSetId: plan.changeSetId, time: now().toISOString(), files, complete: false };
  // An apply that writes nothing (all rejected) leaves no record, so "revert last" never lands on it.
  if (plan.steps.length === 0) return { applyId, record: { ...record, complete: true }, conflicts: plan.conflicts, skipped: plan.skipped };
  await backups.saveRecord(record);

  // Paths in a plan are distinct (the builder refuses duplicates), so steps can run side by side.
  const done: number[] = [];
  const failures: { index: number; error: unknown }[] = [];
  await mapLimit(plan.steps, IO_CONCURRENCY, async (step, i) => {
    if (failures.length) return;
    try {
      if (step.kind === 'write') await fs.write(step.path, step.bytes, step.mode);
      else if (step.kind === 'delete') await fs.remove(step.path);
      else {
        await fs.write(step.path, step.bytes, step.mode);
        await fs.remove(step.from);
      }
      done.push(i);
    } catch (error) {
      failures.push({ index: i, error });
    }
  });
  if (failures.length) {
    const failed = plan.steps[failures[0].index];
    // A rename that wrote its target but failed to remove its source is undone too.
    const touched = [...done, ...failures.map((f) => f.index)].map((i) => files[i]).reverse();
    const restored = await restoreFiles(fs, backups, touched).then(() => true, () => false);
    throw new ApplyError('writeFailed', `writing ${describeStep(failed)} failed (${(failures[0].error as Error).message}); ${restored ? 'the files already written were restored from backup' : 'restoring the files already written failed too: use Revert Last Approved Change'}`, failed.path);
  }
  record.complete = true;
  await backups.saveRecord(record);
  return { applyId, record, conflicts: plan.conflicts, skipped: plan.skipped };
}

/** How many files are read or written at once: enough to overlap flushes, few enough for any disk. */
const IO_CONCURRENCY = 8;

/** Maps with at most `limit` calls in flight; results in input order; the first rejection rejects. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index], index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

async function restoreFiles(fs: WorkspaceFs, backups: BackupStore, files: readonly AppliedFile[]): Promise<void> {
  for (const file of files) {
    if (file.action === 'create') {
      await fs.remove(file.path);
      continue;
    }
    const bytes = await backups.readBlob(file.before!.sha256);
    await fs.write(file.sourcePath, bytes, file.before!.mode);
    if (file.action === 'rename') await fs.remove(file.path);
  }
}

/** What a revert did. */
export interface RevertResult {
  applyId: string;
  changeSetId: string;
  /** The files restored (for an apply cut short: only those it had reached). */
  files: string[];
}

/**
 * Reverts the most recent apply that has not been reverted: restores every file it replaced from the
 * backups, removes the files it created, and moves renamed files back. Refused with
 * ApplyError('changedSinceApply') naming the files when any of them changed since the apply (a person's
 * later work is never overwritten), and ApplyError('nothingToRevert') when there is nothing to revert.
 */
export async function revertLastApply(fs: WorkspaceFs, backups: BackupStore, now = new Date()): Promise<RevertResult> {
  const records = await backups.listRecords();
  const record = [...records].reverse().find((r) => !r.revertedAt && r.files.length > 0);
  if (!record) throw new ApplyError('nothingToRevert', 'there is no approved change to revert');
  const changed: string[] = [];
  const toRestore: AppliedFile[] = [];
  for (const file of record.files) {
    // Restored already by a partial revert-since.
    if (record.revertedFiles?.includes(file.path)) continue;
    const current = await read(fs, file.path);
    const currentSha = current ? sha256Hex(current.bytes) : null;
    const source = file.action === 'rename' ? await read(fs, file.sourcePath) : undefined;
    // An apply cut short by a crash: files it never reached still hold what they held before.
    if (!record.complete && file.action !== 'rename' && currentSha === (file.before?.sha256 ?? null)) continue;
    if (!record.complete && file.action === 'rename' && !current && source && sha256Hex(source.bytes) === file.before?.sha256) continue;
    if (currentSha !== (file.after?.sha256 ?? null)) changed.push(file.path);
    if (source) changed.push(file.sourcePath);
    toRestore.push(file);
  }
  if (changed.length > 0) {
    throw new ApplyError(
      'changedSinceApply',
      `cannot revert the change applied at ${record.time}: ${changed.map((p) => JSON.stringify(p)).join(', ')} changed since, and reverting would overwrite that work. Undo those edits first, or restore the files by hand.`,
      changed[0],
    );
  }
  await restoreFiles(fs, backups, [...toRestore].reverse());
  await backups.saveRecord({ ...record, revertedAt: now.toISOString() });
  return { applyId: record.applyId, changeSetId: record.changeSetId, files: toRestore.map((f) => f.path) };
}
