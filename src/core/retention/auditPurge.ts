import { readFile, unlink } from 'node:fs/promises';
import * as nodePath from 'node:path';
import type { AuditEntry, AuditLog } from '../audit/auditLog';
import { listLogFiles } from '../audit/auditLog';
import { writeFileAtomic } from '../fs/atomicWrite';

/** What an audit purge did. */
export interface AuditPurgeResult {
  /**
   * `purged`: entries were removed and a checkpoint vouches for them; `nothing`: no entry was old enough;
   * `refused`: the log did not verify before the purge, so nothing was removed (the evidence stays).
   */
  status: 'purged' | 'nothing' | 'refused';
  /** Entries removed. */
  purgedEntries: number;
  /** The seq and hash of the last removed entry, as the checkpoint records them. */
  throughSeq?: number;
  throughHash?: string;
  /** The checkpoint entry written. */
  checkpoint?: AuditEntry;
  /** Log files removed whole, and files rewritten without their old head. */
  removedFiles: string[];
  rewrittenFiles: string[];
  /** Why the purge was refused. */
  reason?: string;
}

/**
 * Removes the audit entries older than `before`, keeping the log verifiable: first a `checkpoint` entry is
 * appended (hash-chained like any other) naming the seq and hash of the last entry to go; then, with
 * appends held, whole old files are deleted oldest first and the file holding the cut is rewritten
 * atomically. `verifyAuditDirectory` accepts a log that starts after a gap only when such a checkpoint
 * vouches for it, so removing any further entry, or editing the checkpoint, is still detected. A crash
 * half-way leaves a log that verifies too (the checkpoint also vouches for a head that was not yet cut).
 *
 * Entries are removed as a prefix: the log is in time order, so the cut is the last entry older than
 * `before` that comes before every newer one. A log that does not verify is not purged.
 */
export async function purgeAuditLog(log: AuditLog, before: Date, options: { actor?: string; reason?: string } = {}): Promise<AuditPurgeResult> {
  if (Number.isNaN(before.getTime())) throw new RangeError('purgeAuditLog: `before` is not a valid date');
  const verification = await log.verify();
  if (!verification.ok) {
    const broken = verification.firstBroken;
    return { status: 'refused', purgedEntries: 0, removedFiles: [], rewrittenFiles: [], reason: `the audit log does not verify (${broken ? `${broken.file} line ${broken.line}: ${broken.reason}` : 'unknown'}); nothing was purged, so the evidence stays` };
  }
  const cutoff = before.toISOString();
  let last: AuditEntry | undefined;
  let first: AuditEntry | undefined;
  let count = 0;
  for await (const entry of log.entries()) {
    if (!(typeof entry.time === 'string' && entry.time < cutoff)) break;
    first ??= entry;
    last = entry;
    count++;
  }
  if (!last || !first) return { status: 'nothing', purgedEntries: 0, removedFiles: [], rewrittenFiles: [] };
  const throughSeq = last.seq;
  const throughHash = last.hash;
  const checkpoint = await log.append('checkpoint', options.actor ?? 'agent-guard', {
    purgedThroughSeq: throughSeq,
    purgedThroughHash: throughHash,
    purgedFromSeq: first.seq,
    purgedEntries: count,
    purgedFromTime: first.time,
    purgedToTime: last.time,
    before: cutoff,
    reason: options.reason ?? 'retention',
  });
  const removedFiles: string[] = [];
  const rewrittenFiles: string[] = [];
  await log.exclusive(async () => {
    for (const file of await listLogFiles(log.directory)) {
      const path = nodePath.join(log.directory, file.name);
      const lines = (await readFile(path, 'utf8')).split('\n').filter((l) => l.trim() !== '');
      const kept = lines.filter((line) => {
        try {
          return (JSON.parse(line) as AuditEntry).seq > throughSeq;
        } catch {
          return true; // verify() passed, so this is a line torn by a crash at the tail: not ours to drop
        }
      });
      if (lines.length === 0) continue;
      if (kept.length === lines.length) break; // files are in order: nothing older follows
      if (kept.length === 0) {
        await unlink(path);
        removedFiles.push(file.name);
      } else {
        await writeFileAtomic(path, `${kept.join('\n')}\n`, { mode: 0o600 });
        rewrittenFiles.push(file.name);
      }
    }
  });
  return { status: 'purged', purgedEntries: count, throughSeq, throughHash, checkpoint, removedFiles, rewrittenFiles };
}
