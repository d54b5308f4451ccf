import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { writeFileAtomic } from '../../fs/atomicWrite';
import { canonicalName } from '../names';
import type { Ecosystem } from '../types';
import type { AdvisoryEntry, AdvisorySource, AdvisoryStatus } from './types';
import { OSV_ECOSYSTEMS } from './types';

/**
 * The local advisory index, one folder:
 *   meta.json                 { format, updated, ecosystems: { npm: { updated, advisories, packages } } }
 *   <ecosystem>/<shard>.json  { "<canonical package name>": AdvisoryEntry[] }
 * A package's advisories sit in one of 64 shards chosen by a hash of its name, so a check reads a few
 * kilobytes to a few megabytes, never the whole ecosystem (npm's data is hundreds of megabytes).
 */
export const INDEX_FORMAT = 1;
export const SHARDS = 64;
export const META_FILE = 'meta.json';

/** Advisory data older than this many days is reported as stale (the check still runs). */
export const DEFAULT_MAX_AGE_DAYS = 7;

export interface IndexMeta {
  format: number;
  /** When the newest ecosystem was downloaded, ISO 8601. */
  updated: string;
  ecosystems: Partial<Record<Ecosystem, { updated: string; advisories: number; packages: number }>>;
}

/** The shard file of a package name (FNV-1a of the canonical name). */
export function shardOf(key: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return (hash % SHARDS).toString(16).padStart(2, '0');
}

/** Reads meta.json; undefined when absent, throws when it is there but not ours. */
export async function readIndexMeta(directory: string): Promise<IndexMeta | undefined> {
  let text: string;
  try {
    text = await readFile(nodePath.join(directory, META_FILE), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  const meta = JSON.parse(text) as IndexMeta;
  if (typeof meta !== 'object' || meta === null || meta.format !== INDEX_FORMAT || typeof meta.updated !== 'string' || typeof meta.ecosystems !== 'object') {
    throw new Error(`${META_FILE} is not an Agent Guard advisory index (format ${INDEX_FORMAT})`);
  }
  return meta;
}

/**
 * Writes one ecosystem's index: the shards go to a fresh folder that then replaces the old one, and
 * meta.json is rewritten last (atomically), so a reader sees the old data or the new.
 */
export async function writeEcosystemIndex(directory: string, ecosystem: Ecosystem, index: ReadonlyMap<string, AdvisoryEntry[]>, updated: Date): Promise<void> {
  await mkdir(directory, { recursive: true });
  const byShard = new Map<string, Record<string, AdvisoryEntry[]>>();
  for (let i = 0; i < SHARDS; i++) byShard.set(i.toString(16).padStart(2, '0'), {});
  let advisories = 0;
  for (const [key, entries] of index) {
    byShard.get(shardOf(key))![key] = entries;
    advisories += entries.length;
  }
  const suffix = randomBytes(6).toString('hex');
  const target = nodePath.join(directory, ecosystem);
  const fresh = `${target}.new-${suffix}`;
  await mkdir(fresh, { recursive: true });
  try {
    for (const [shard, content] of byShard) await writeFile(nodePath.join(fresh, `${shard}.json`), JSON.stringify(content));
    const old = `${target}.old-${suffix}`;
    await rename(target, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(fresh, target);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(fresh, { recursive: true, force: true }).catch(() => undefined);
    throw error;
  }
  const meta: IndexMeta = (await readIndexMeta(directory).catch(() => undefined)) ?? { format: INDEX_FORMAT, updated: updated.toISOString(), ecosystems: {} };
  meta.ecosystems[ecosystem] = { updated: updated.toISOString(), advisories, packages: index.size };
  meta.updated = updated.toISOString();
  await writeFileAtomic(nodePath.join(directory, META_FILE), `${JSON.stringify(meta, null, 2)}\n`);
}

export interface AdvisoryDatabaseOptions {
  /** The index folder (global storage in VS Code, `--advisories DIR` in the CLI). */
  directory: string;
  /** Whether the user turned the check on; asked on every status(), so a settings change takes effect at once. */
  enabled?: () => boolean;
  /** Data older than this is reported stale (default 7 days). */
  maxAgeDays?: number;
  now?: () => number;
  /** What to tell the person to do when there is no data: the command or CLI call that downloads it. */
  updateHint?: string;
}

/**
 * Opens the local index for reading. Shards are read on first use and kept until meta.json changes
 * (a new download); nothing is read at open time.
 */
export function openAdvisoryDatabase(options: AdvisoryDatabaseOptions): AdvisorySource {
  const now = options.now ?? Date.now;
  const maxAgeDays = options.maxAgeDays ?? DEFAULT_MAX_AGE_DAYS;
  const hint = options.updateHint ?? 'run "agent-guard advisories update"';
  let cachedMeta: { mtimeMs: number; meta: IndexMeta } | undefined;
  const shards = new Map<string, Promise<Record<string, AdvisoryEntry[]>>>();

  async function meta(): Promise<IndexMeta | undefined> {
    let info;
    try {
      info = await stat(nodePath.join(options.directory, META_FILE));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    if (!cachedMeta || cachedMeta.mtimeMs !== info.mtimeMs) {
      const read = await readIndexMeta(options.directory);
      if (!read) return undefined;
      cachedMeta = { mtimeMs: info.mtimeMs, meta: read };
      shards.clear();
    }
    return cachedMeta.meta;
  }

  return {
    async status(): Promise<AdvisoryStatus> {
      if (options.enabled && !options.enabled()) return { state: 'disabled', detail: `the vulnerability check is off (turn it on, then ${hint})` };
      let current;
      try {
        current = await meta();
      } catch (error) {
        return { state: 'unreadable', detail: `the advisory data in ${options.directory} can't be read (${(error as Error).message}); ${hint}` };
      }
      if (!current) return { state: 'missing', detail: `no advisory data has been downloaded yet (${hint})` };
      const ecosystems = (Object.keys(current.ecosystems) as Ecosystem[]).filter((e) => e in OSV_ECOSYSTEMS);
      const oldest = Math.min(...ecosystems.map((e) => Date.parse(current.ecosystems[e]!.updated)).filter((t) => !Number.isNaN(t)), Date.parse(current.updated));
      const ageDays = Math.max(0, Math.floor((now() - oldest) / 86_400_000));
      return { state: 'ready', updated: new Date(Date.parse(current.updated)), ecosystems, stale: ageDays > maxAgeDays, ageDays };
    },
    async lookup(ecosystem, name) {
      const current = await meta();
      if (!current?.ecosystems[ecosystem]) return [];
      const key = canonicalName(ecosystem, name);
      const file = nodePath.join(options.directory, ecosystem, `${shardOf(key)}.json`);
      let shard = shards.get(file);
      if (!shard) {
        shard = readFile(file, 'utf8').then((text) => JSON.parse(text) as Record<string, AdvisoryEntry[]>);
        shards.set(file, shard);
        shard.catch(() => shards.delete(file));
      }
      const content = await shard;
      return Object.prototype.hasOwnProperty.call(content, key) ? content[key] : [];
    },
  };
}
