import { createReadStream } from 'node:fs';
import { inflateRawSync } from 'node:zlib';
import * as nodePath from 'node:path';
import type { Ecosystem } from '../types';
import type { CvssScorer, OsvRecord } from './osv';
import { indexRecord } from './osv';
import { writeEcosystemIndex } from './store';
import type { AdvisoryEntry } from './types';
import { OSV_ECOSYSTEMS } from './types';

/** Where OSV publishes one zip of every advisory per ecosystem. */
export const OSV_BUCKET = 'https://osv-vulnerabilities.storage.googleapis.com';

/** One advisory file larger than this is skipped (the largest real ones are a few hundred kilobytes). */
const MAX_RECORD_BYTES = 8 * 1024 * 1024;

/** Bytes handed to the unzipper at a time. */
const PUSH_BYTES = 4096;

/**
 * Inflates one zip entry with Node's native zlib once its compressed bytes are in: about five times faster
 * than fflate's JavaScript inflater on OSV's many small entries. Entries over the record limit are dropped.
 */
class ZlibInflate {
  static readonly compression = 8;
  ondata: (error: Error | null, data: Uint8Array, final: boolean) => void = () => undefined;
  private parts: Uint8Array[] = [];
  private size = 0;

  push(chunk: Uint8Array, final: boolean): void {
    if (this.size <= MAX_RECORD_BYTES) {
      this.parts.push(chunk.slice());
      this.size += chunk.length;
    }
    if (!final) return;
    if (this.size > MAX_RECORD_BYTES) {
      this.ondata(new Error('entry too large'), new Uint8Array(0), true);
      return;
    }
    let data: Uint8Array;
    try {
      data = inflateRawSync(Buffer.concat(this.parts, this.size), { maxOutputLength: MAX_RECORD_BYTES });
    } catch (error) {
      this.ondata(error as Error, new Uint8Array(0), true);
      return;
    }
    this.parts = [];
    this.ondata(null, data, true);
  }
}

/** A downloaded body, as chunks. */
export type ZipSource = (ecosystem: Ecosystem) => Promise<AsyncIterable<Uint8Array>>;

export interface UpdateOptions {
  /** The index folder. */
  directory: string;
  /** Which ecosystems (default: all eight). */
  ecosystems?: readonly Ecosystem[];
  /** Where the zips come from: the OSV bucket by default; tests and offline mirrors pass a folder or a fake. */
  source?: ZipSource;
  now?: () => Date;
  /** Called as each ecosystem starts and ends, for a progress notification. */
  onProgress?: (message: string) => void;
  signal?: AbortSignal;
}

export interface EcosystemUpdate {
  ecosystem: Ecosystem;
  advisories: number;
  packages: number;
  /** Records that could not be read (bad JSON, too large); the rest are indexed. */
  skipped: number;
}

/** What fetch needs to be, so tests can pass a fake and never touch the network. */
export type DownloadFetcher = (url: string, init: { signal?: AbortSignal }) => Promise<{ status: number; body: AsyncIterable<Uint8Array> | null }>;

/** Downloads from OSV's bucket: `<bucket>/<Ecosystem>/all.zip`. */
export function bucketSource(fetcher: DownloadFetcher = (url, init) => fetch(url, init) as never, base = OSV_BUCKET, signal?: AbortSignal): ZipSource {
  return async (ecosystem) => {
    const url = `${base}/${encodeURIComponent(OSV_ECOSYSTEMS[ecosystem])}/all.zip`;
    const response = await fetcher(url, { signal });
    if (response.status !== 200 || !response.body) throw new Error(`${url} answered HTTP ${response.status}`);
    return response.body;
  };
}

/** Reads `<folder>/<Ecosystem>/all.zip`: an offline mirror, or the fixtures of a test. */
export function folderSource(folder: string): ZipSource {
  return async (ecosystem) => createReadStream(nodePath.join(folder, OSV_ECOSYSTEMS[ecosystem], 'all.zip'));
}

/** Scores CVSS vectors with ae-cvss-calculator, loaded only here (the download), never by a scan. */
export async function loadCvssScorer(): Promise<CvssScorer> {
  const cvss = await import('ae-cvss-calculator');
  return (vector) => {
    try {
      const v = vector.startsWith('CVSS:4.0/') ? new cvss.Cvss4P0(vector)
        : vector.startsWith('CVSS:3.1/') ? new cvss.Cvss3P1(vector)
          : vector.startsWith('CVSS:3.0/') ? new cvss.Cvss3P0(vector)
            : /^\(?AV:[LAN]\//.test(vector) ? new cvss.Cvss2(vector) : undefined;
      const score = v?.calculateScores().base;
      return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
    } catch {
      return undefined;
    }
  };
}

/**
 * Builds one ecosystem's index from its zip, streaming: entries are inflated and indexed one at a time,
 * so memory holds the index, not the zip.
 */
export async function indexZip(chunks: AsyncIterable<Uint8Array>, ecosystem: Ecosystem, scoreCvss: CvssScorer, signal?: AbortSignal): Promise<{ index: Map<string, AdvisoryEntry[]>; advisories: number; skipped: number }> {
  const { Unzip } = await import('fflate');
  const index = new Map<string, AdvisoryEntry[]>();
  let advisories = 0;
  let skipped = 0;
  let failure: Error | undefined;
  let files = 0;
  let unfinished = 0;
  const decoder = new TextDecoder();
  const unzip = new Unzip((file) => {
    if (!file.name.endsWith('.json')) return;
    files++;
    unfinished++;
    const parts: Uint8Array[] = [];
    let size = 0;
    let tooLarge = false;
    file.ondata = (error, data, final) => {
      if (error) {
        unfinished--;
        if (error.message === 'entry too large') skipped++;
        else failure ??= error;
        return;
      }
      size += data.length;
      if (size > MAX_RECORD_BYTES) tooLarge = true;
      else parts.push(data);
      if (!final) return;
      unfinished--;
      if (tooLarge) {
        skipped++;
        return;
      }
      let record: OsvRecord;
      try {
        record = JSON.parse(decoder.decode(concat(parts, size))) as OsvRecord;
      } catch {
        skipped++;
        return;
      }
      let counted = false;
      for (const item of indexRecord(record, scoreCvss)) {
        if (item.ecosystem !== ecosystem) continue;
        const list = index.get(item.key);
        if (list) list.push(item.entry);
        else index.set(item.key, [item.entry]);
        if (!counted) advisories++;
        counted = true;
      }
    };
    file.start();
  });
  unzip.register(ZlibInflate);
  const damaged = (error: unknown) => new Error(`the ${OSV_ECOSYSTEMS[ecosystem]} zip is damaged: ${(error as Error).message}`);
  for await (const chunk of chunks) {
    if (signal?.aborted) throw new Error('cancelled');
    const bytes = chunk instanceof Uint8Array ? chunk : new Uint8Array(chunk);
    // fflate's Unzip handles the entries of one pushed chunk recursively and copies the rest of the chunk for
    // each: small pieces keep both the stack and the copying small (OSV's entries are a few hundred bytes).
    for (let i = 0; i < bytes.length; i += PUSH_BYTES) {
      try {
        unzip.push(bytes.subarray(i, i + PUSH_BYTES));
      } catch (error) {
        throw damaged(error);
      }
      if (failure) throw damaged(failure);
    }
  }
  try {
    unzip.push(new Uint8Array(0), true);
  } catch (error) {
    throw damaged(error);
  }
  if (failure) throw damaged(failure);
  // A cut-off download ends inside an entry; an error page or an empty body has none. Either way the
  // previous data is better than an empty index.
  if (unfinished > 0) throw new Error(`the ${OSV_ECOSYSTEMS[ecosystem]} zip is cut off (download incomplete)`);
  if (files === 0) throw new Error(`the ${OSV_ECOSYSTEMS[ecosystem]} zip holds no advisories`);
  for (const list of index.values()) list.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return { index, advisories, skipped };
}

/**
 * Downloads and indexes the advisories of each ecosystem. One ecosystem failing (offline, a damaged zip)
 * leaves its previous data in place and is reported in `failed`; the others are still updated.
 */
export async function updateAdvisories(options: UpdateOptions): Promise<{ updated: EcosystemUpdate[]; failed: { ecosystem: Ecosystem; message: string }[] }> {
  const ecosystems = options.ecosystems ?? (Object.keys(OSV_ECOSYSTEMS) as Ecosystem[]);
  const source = options.source ?? bucketSource(undefined, undefined, options.signal);
  const scoreCvss = await loadCvssScorer();
  const updated: EcosystemUpdate[] = [];
  const failed: { ecosystem: Ecosystem; message: string }[] = [];
  for (const ecosystem of ecosystems) {
    if (options.signal?.aborted) break;
    options.onProgress?.(`downloading ${OSV_ECOSYSTEMS[ecosystem]} advisories`);
    try {
      const chunks = await source(ecosystem);
      const { index, advisories, skipped } = await indexZip(chunks, ecosystem, scoreCvss, options.signal);
      await writeEcosystemIndex(options.directory, ecosystem, index, options.now?.() ?? new Date());
      updated.push({ ecosystem, advisories, packages: index.size, skipped });
      options.onProgress?.(`${OSV_ECOSYSTEMS[ecosystem]}: ${advisories} advisories about ${index.size} packages`);
    } catch (error) {
      failed.push({ ecosystem, message: (error as Error).message });
    }
  }
  return { updated, failed };
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}
