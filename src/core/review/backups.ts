import { mkdir, readFile, readdir, stat, utimes } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';
import { sha256Hex } from './content';

/** One file's state before and after an apply. */
export interface AppliedFile {
  /** Where the content was before the apply (the old path of a rename). */
  sourcePath: string;
  /** Where the content is after the apply. */
  path: string;
  action: 'create' | 'write' | 'delete' | 'rename';
  /** What was replaced: its hash, mode and backup blob id; null when the path did not exist. */
  before: { sha256: string; mode: number } | null;
  /** What the apply left; null for a delete. */
  after: { sha256: string; mode?: number } | null;
}

/** The record of one apply, kept with backups of everything it replaced. */
export interface ApplyRecord {
  applyId: string;
  changeSetId: string;
  /** ISO 8601. */
  time: string;
  files: AppliedFile[];
  /** False while the apply runs; a record left false after a crash still allows a revert of what was done. */
  complete: boolean;
  /** Set when the apply was reverted. */
  revertedAt?: string;
  /** Paths (after the apply) already restored by a partial "Revert Agent Changes Since…"; the rest were conflicts. */
  revertedFiles?: string[];
}

/**
 * Where apply records and backup blobs live. Blobs are content-addressed by SHA-256, so a backup is
 * stored once however often it is replaced.
 */
export interface BackupStore {
  saveBlob(bytes: Uint8Array): Promise<string>;
  readBlob(sha256: string): Promise<Uint8Array>;
  /** Creates or replaces a record (atomically). */
  saveRecord(record: ApplyRecord): Promise<void>;
  /** Every record, oldest first. */
  listRecords(): Promise<ApplyRecord[]>;
}

/**
 * A BackupStore in a private folder (0700; files 0600), e.g. in the extension's workspace storage,
 * never in the repository. Writes are atomic.
 */
export class DirectoryBackupStore implements BackupStore {
  constructor(readonly directory: string) {}

  private async ensure(): Promise<void> {
    await mkdir(nodePath.join(this.directory, 'blobs'), { recursive: true, mode: 0o700 });
    await mkdir(nodePath.join(this.directory, 'records'), { recursive: true, mode: 0o700 });
  }

  async saveBlob(bytes: Uint8Array): Promise<string> {
    await this.ensure();
    const sha = sha256Hex(bytes);
    const target = nodePath.join(this.directory, 'blobs', sha);
    const existing = await stat(target).catch(() => undefined);
    if (!existing || existing.size !== bytes.length) await writeFileAtomic(target, bytes, { mode: 0o600 });
    // A blob saved again is fresh for retention (src/core/retention), which deletes old unreferenced blobs.
    else await utimes(target, new Date(), new Date()).catch(() => undefined);
    return sha;
  }

  async readBlob(sha256: string): Promise<Uint8Array> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new Error(`not a blob id: ${JSON.stringify(sha256)}`);
    const bytes = await readFile(nodePath.join(this.directory, 'blobs', sha256));
    // A backup that does not match its hash must never be restored over a file.
    if (sha256Hex(bytes) !== sha256) throw new Error(`backup blob ${sha256} is corrupt`);
    return bytes;
  }

  async saveRecord(record: ApplyRecord): Promise<void> {
    await this.ensure();
    if (!/^[\w.-]+$/.test(record.applyId)) throw new Error(`not an apply id: ${JSON.stringify(record.applyId)}`);
    await writeFileAtomic(nodePath.join(this.directory, 'records', `${record.applyId}.json`), JSON.stringify(record, null, 2), { mode: 0o600 });
  }

  async listRecords(): Promise<ApplyRecord[]> {
    const folder = nodePath.join(this.directory, 'records');
    const names = await readdir(folder).catch(() => [] as string[]);
    const records: ApplyRecord[] = [];
    for (const name of names.filter((n) => n.endsWith('.json'))) {
      try {
        records.push(JSON.parse(await readFile(nodePath.join(folder, name), 'utf8')) as ApplyRecord);
      } catch {
        // A damaged record is skipped, not deleted: a person may still want to look at it.
      }
    }
    return records.sort((a, b) => (a.time < b.time ? -1 : a.time > b.time ? 1 : a.applyId < b.applyId ? -1 : 1));
  }
}
