import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { writeFileAtomic } from '../fs/atomicWrite';

/** What the guard knows a file should look like: its bytes, or that it should not exist. */
export type Baseline = { exists: true; bytes: Uint8Array; mode?: number } | { exists: false };

interface IndexEntry {
  sha256: string | null;
  mode?: number;
  /** Where the baseline came from, for the log: a person's save, an approved apply, the snapshot at start. */
  source: 'save' | 'apply' | 'snapshot' | 'restore';
  time: string;
}

/**
 * The guard's record of each file's last trusted content, for files git's HEAD does not cover or where a
 * person's save or an approved apply is newer than HEAD. Blobs are content-addressed in a private folder
 * (0700, files 0600) in the extension's workspace storage, never in the repository.
 */
export class SnapshotStore {
  private index = new Map<string, IndexEntry>();
  private loaded = false;

  constructor(readonly directory: string) {}

  private get indexFile(): string {
    return path.join(this.directory, 'index.json');
  }

  private async load(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    try {
      const data = JSON.parse(await readFile(this.indexFile, 'utf8')) as Record<string, IndexEntry>;
      this.index = new Map(Object.entries(data));
    } catch {
      this.index = new Map();
    }
  }

  async has(relativePath: string): Promise<boolean> {
    await this.load();
    return this.index.has(relativePath);
  }

  /** The recorded baseline, or undefined when the store knows nothing of the path. */
  async get(relativePath: string): Promise<Baseline | undefined> {
    await this.load();
    const entry = this.index.get(relativePath);
    if (!entry) return undefined;
    if (entry.sha256 === null) return { exists: false };
    try {
      return { exists: true, bytes: await readFile(path.join(this.directory, 'blobs', entry.sha256)), mode: entry.mode };
    } catch {
      return undefined;
    }
  }

  /** Records trusted content (null bytes: the file should not exist). */
  async set(relativePath: string, bytes: Uint8Array | null, source: IndexEntry['source'], mode?: number): Promise<void> {
    await this.load();
    let sha256: string | null = null;
    if (bytes) {
      sha256 = createHash('sha256').update(bytes).digest('hex');
      await mkdir(path.join(this.directory, 'blobs'), { recursive: true, mode: 0o700 });
      await writeFileAtomic(path.join(this.directory, 'blobs', sha256), bytes, { mode: 0o600 });
    }
    this.index.set(relativePath, { sha256, mode, source, time: new Date().toISOString() });
    await this.persist();
  }

  private async persist(): Promise<void> {
    await mkdir(this.directory, { recursive: true, mode: 0o700 });
    await writeFileAtomic(this.indexFile, JSON.stringify(Object.fromEntries(this.index)), { mode: 0o600 });
  }
}
