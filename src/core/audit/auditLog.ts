import { createHash } from 'node:crypto';
import { appendFile, mkdir, open, readdir, readFile, stat, unlink } from 'node:fs/promises';
import * as nodePath from 'node:path';
import { canonicalJson } from './canonicalJson';
import { maskAuditData } from './mask';

/** What an audit entry records. `rotate` starts a new file; `checkpoint` stands for purged history (issue 11). */
export type AuditEventType =
  | 'proposal'
  | 'finding'
  | 'policy'
  | 'decision'
  | 'apply'
  | 'revert'
  | 'refusal'
  | 'conflict'
  | 'alert'
  | 'lockdown'
  | 'rotate'
  | 'checkpoint'
  | 'retention';

/** One line of the log. `hash` is SHA-256 over the canonical JSON of every other field, prevHash included. */
export interface AuditEntry {
  seq: number;
  /** ISO 8601. */
  time: string;
  type: AuditEventType;
  /** Who: "user", a person's name, "policy", an agent's name, "agent-guard". */
  actor: string;
  data: Record<string, unknown>;
  /** The previous entry's hash; 64 zeros for the first entry ever. */
  prevHash: string;
  hash: string;
}

/** The previous hash of the first entry ever. */
export const GENESIS_HASH = '0'.repeat(64);

/** Options of AuditLog.open. */
export interface AuditLogOptions {
  /** A private folder (created 0700); files are 0600. */
  directory: string;
  /** Rotate to a new file past this size (default 5 MiB). */
  maxFileBytes?: number;
  /**
   * Keep at most this many files (default 20, so about 100 MiB); the oldest are removed at rotation.
   * The chain stays verifiable from the oldest file kept (it starts with a rotate entry). 0 keeps all.
   */
  maxFiles?: number;
  /** Clock, for tests. */
  now?: () => Date;
  /** Masks data before it is written; `maskAuditData` (contents hashed, secrets masked) by default. */
  mask?: (data: Record<string, unknown>) => Promise<Record<string, unknown>>;
}

/** The hash an entry must carry. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { seq, time, type, actor, data, prevHash } = entry;
  return createHash('sha256').update(canonicalJson({ seq, time, type, actor, data, prevHash })).digest('hex');
}

const FILE_PATTERN = /^audit-(\d{6,})\.jsonl$/;

/**
 * Appends of every AuditLog open on one folder in this process run one at a time, so retention (which
 * opens its own AuditLog to write a checkpoint and rewrite files) never races the gate's appends.
 */
const folderQueues = new Map<string, Promise<unknown>>();

function enqueue<T>(directory: string, task: () => Promise<T>): Promise<T> {
  const key = nodePath.resolve(directory);
  const run = (folderQueues.get(key) ?? Promise.resolve()).then(task);
  folderQueues.set(key, run.catch(() => undefined));
  return run;
}

function settledQueue(directory: string): Promise<unknown> {
  return folderQueues.get(nodePath.resolve(directory)) ?? Promise.resolve();
}

function fileName(index: number): string {
  return `audit-${String(index).padStart(6, '0')}.jsonl`;
}

/** The result of verifying the log. */
export interface VerifyResult {
  ok: boolean;
  /** Entries checked. */
  entries: number;
  /** The first broken entry: file, 1-based line, seq when readable, and what is wrong. */
  firstBroken?: { file: string; line: number; seq?: number; reason: string };
  /** Set when the oldest file starts after a rotation or checkpoint whose predecessor files are gone (purged): the chain is verified from there. */
  anchoredAt?: { seq: number; prevHash: string };
  lastHash: string;
}

/**
 * An append-only, hash-chained JSONL audit log in a private folder, rotated by size. The chain runs
 * across files: a new file starts with a `rotate` entry whose prevHash is the last hash of the previous
 * file, so verification still works when old files are removed by retention. Appends are serialized
 * within the process; one window owns a log (the pending store's lock makes sure).
 */
export class AuditLog {
  /** The inode of the current file when we last wrote: a rewrite by retention changes it. */
  private fileIno = 0;
  private readonly appendListeners = new Set<(entry: AuditEntry) => void>();

  private constructor(
    private readonly options: Required<Omit<AuditLogOptions, 'mask'>> & Pick<AuditLogOptions, 'mask'>,
    private fileIndex: number,
    private fileBytes: number,
    private lastSeq: number,
    private lastHash: string,
  ) {}

  /** Opens (or creates) the log in `options.directory`, reading the tail to continue the chain. */
  static async open(options: AuditLogOptions): Promise<AuditLog> {
    await mkdir(options.directory, { recursive: true, mode: 0o700 });
    const tail = await readTail(options.directory);
    return new AuditLog(
      { directory: options.directory, maxFileBytes: options.maxFileBytes ?? 5 * 1024 * 1024, maxFiles: options.maxFiles ?? 20, now: options.now ?? (() => new Date()), mask: options.mask },
      tail.index,
      tail.bytes,
      tail.lastSeq,
      tail.lastHash,
    );
  }

  /**
   * Another process appended since we last wrote (it should not: one window owns the log), so pick up
   * its tail rather than fork the chain.
   */
  private async resyncIfMoved(): Promise<void> {
    const { size, ino } = await stat(nodePath.join(this.options.directory, fileName(this.fileIndex))).then((s) => ({ size: s.size, ino: s.ino }), () => ({ size: 0, ino: 0 }));
    const newer = (await listLogFiles(this.options.directory)).some((f) => f.index > this.fileIndex);
    if (size === this.fileBytes && !newer && (this.fileIno === 0 || ino === this.fileIno)) return;
    await this.adoptTail();
  }

  /** Chains the next append onto the log's tail as it is on disk now. */
  private async adoptTail(): Promise<void> {
    const tail = await readTail(this.options.directory);
    this.fileIndex = tail.index;
    this.fileBytes = tail.bytes;
    this.lastSeq = tail.lastSeq;
    this.lastHash = tail.lastHash;
    this.fileIno = 0;
  }

  /** The folder holding the log files. */
  get directory(): string {
    return this.options.directory;
  }

  /**
   * Masks `data`, chains and appends one entry, rotating first when the file is full. Returns the entry
   * as written.
   */
  append(type: AuditEventType, actor: string, data: Record<string, unknown>): Promise<AuditEntry> {
    return enqueue(this.options.directory, () => this.appendNow(type, actor, data)).then((entry) => (this.notifyAppended(entry), entry));
  }

  /**
   * Runs `task` while no AuditLog of this process appends to the folder (retention rewrites files
   * here), then re-reads the tail so the next append chains onto what is on disk.
   */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    return enqueue(this.options.directory, async () => {
      try {
        return await task();
      } finally {
        await this.adoptTail();
      }
    });
  }

  /**
   * Calls `listener` with each entry once it is written, in log order (the suspicious-activity alerts
   * watch the stream this way). A listener's failure never fails the append. Returns the unsubscribe function.
   */
  onAppend(listener: (entry: AuditEntry) => void): () => void {
    this.appendListeners.add(listener);
    return () => this.appendListeners.delete(listener);
  }

  private notifyAppended(entry: AuditEntry): void {
    for (const listener of this.appendListeners) {
      try {
        listener(entry);
      } catch {
        // The entry is written; an observer's failure must not undo or fail it.
      }
    }
  }

  private async appendNow(type: AuditEventType, actor: string, data: Record<string, unknown>): Promise<AuditEntry> {
    const masked = this.options.mask ? await this.options.mask(data) : await maskAuditData(data);
    await this.resyncIfMoved();
    const entry = this.chain(type, actor, masked);
    const line = `${JSON.stringify(entry)}\n`;
    if (this.fileBytes > 0 && this.fileBytes + Buffer.byteLength(line) > this.options.maxFileBytes) {
      const previousFile = fileName(this.fileIndex);
      const previousHash = this.lastHash;
      this.fileIndex++;
      this.fileBytes = 0;
      // Undo the chaining of `entry`: the rotate entry goes first.
      this.lastSeq--;
      this.lastHash = entry.prevHash;
      const rotate = this.chain('rotate', 'agent-guard', { previousFile, previousHash });
      await this.write(`${JSON.stringify(rotate)}\n`);
      const rechained = this.chain(type, actor, masked);
      await this.write(`${JSON.stringify(rechained)}\n`);
      await this.dropOldFiles();
      return rechained;
    }
    await this.write(line);
    return entry;
  }

  private async dropOldFiles(): Promise<void> {
    if (this.options.maxFiles <= 0) return;
    const files = await listLogFiles(this.options.directory);
    for (const file of files.slice(0, Math.max(0, files.length - this.options.maxFiles))) {
      await unlink(nodePath.join(this.options.directory, file.name)).catch(() => undefined);
    }
  }

  private chain(type: AuditEventType, actor: string, data: Record<string, unknown>): AuditEntry {
    const partial = { seq: this.lastSeq + 1, time: this.options.now().toISOString(), type, actor, data, prevHash: this.lastHash };
    const entry: AuditEntry = { ...partial, hash: entryHash(partial) };
    this.lastSeq = entry.seq;
    this.lastHash = entry.hash;
    return entry;
  }

  private async write(line: string): Promise<void> {
    const path = nodePath.join(this.options.directory, fileName(this.fileIndex));
    // O_APPEND: each line lands whole at the end, even if another handle appended meanwhile.
    await appendFile(path, line, { mode: 0o600, flag: 'a' });
    this.fileBytes += Buffer.byteLength(line);
    this.fileIno = await stat(path).then((s) => s.ino, () => 0);
  }

  /** Every entry in order, across files. Lines that do not parse are skipped here (verify reports them). */
  async *entries(): AsyncGenerator<AuditEntry> {
    await settledQueue(this.options.directory);
    for (const file of await listLogFiles(this.options.directory)) {
      const text = await readFile(nodePath.join(this.options.directory, file.name), 'utf8');
      for (const line of text.split('\n')) {
        if (!line.trim()) continue;
        try {
          yield JSON.parse(line) as AuditEntry;
        } catch {
          continue;
        }
      }
    }
  }

  /** Verifies the whole chain; see verifyAuditDirectory. */
  async verify(): Promise<VerifyResult> {
    await settledQueue(this.options.directory);
    return verifyAuditDirectory(this.options.directory);
  }
}

/** The last file's index and size, and the seq and hash of its last whole entry. */
async function readTail(directory: string): Promise<{ index: number; bytes: number; lastSeq: number; lastHash: string }> {
  const files = await listLogFiles(directory);
  const tail = { index: 1, bytes: 0, lastSeq: 0, lastHash: GENESIS_HASH };
  if (!files.length) return tail;
  const last = files[files.length - 1];
  tail.index = last.index;
  const text = await readFile(nodePath.join(directory, last.name), 'utf8');
  tail.bytes = Buffer.byteLength(text);
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  for (let i = lines.length - 1; i >= 0; i--) {
    try {
      const entry = JSON.parse(lines[i]) as AuditEntry;
      tail.lastSeq = entry.seq;
      tail.lastHash = entry.hash;
      break;
    } catch {
      // A torn last line (crash mid-write) stays for verify() to report; the chain continues from the last whole entry.
    }
  }
  return tail;
}

export async function listLogFiles(directory: string): Promise<{ name: string; index: number }[]> {
  const names = await readdir(directory).catch(() => [] as string[]);
  return names
    .map((name) => ({ name, match: FILE_PATTERN.exec(name) }))
    .filter((f) => f.match)
    .map((f) => ({ name: f.name, index: Number(f.match![1]) }))
    .sort((a, b) => a.index - b.index);
}

/**
 * Verifies every log file in order: each line parses, seq counts up by one, prevHash is the previous
 * hash and hash is right. Reports the first broken entry. When the oldest file starts with a rotate or
 * checkpoint entry (older files purged), the chain is anchored there.
 */
export async function verifyAuditDirectory(directory: string): Promise<VerifyResult> {
  const files = await listLogFiles(directory);
  let previous: { seq: number; hash: string } | undefined;
  let count = 0;
  let anchoredAt: VerifyResult['anchoredAt'];
  // A log whose head was purged starts after a gap that a later checkpoint entry must vouch for.
  let unvouchedHead: { file: string; line: number; seq: number; prevHash: string } | undefined;
  const claims: CheckpointClaim[] = [];
  const prevHashBySeq = new Map<number, string>();
  for (const file of files) {
    const path = nodePath.join(directory, file.name);
    const info = await stat(path);
    if (info.size === 0) continue;
    const text = await readFile(path, 'utf8');
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '') lines.pop();
    for (let i = 0; i < lines.length; i++) {
      const broken = (reason: string, seq?: number): VerifyResult => ({ ok: false, entries: count, firstBroken: { file: file.name, line: i + 1, ...(seq !== undefined ? { seq } : {}), reason }, ...(anchoredAt ? { anchoredAt } : {}), lastHash: previous?.hash ?? GENESIS_HASH });
      let entry: AuditEntry;
      try {
        entry = JSON.parse(lines[i]) as AuditEntry;
      } catch {
        return broken('the line is not valid JSON (edited, or torn by a crash)');
      }
      if (!entry || typeof entry !== 'object' || typeof entry.seq !== 'number' || typeof entry.hash !== 'string' || typeof entry.prevHash !== 'string') {
        return broken('the line is not an audit entry');
      }
      if (!previous) {
        if (entry.seq !== 1 || entry.prevHash !== GENESIS_HASH) {
          anchoredAt = { seq: entry.seq, prevHash: entry.prevHash };
          if (entry.type !== 'rotate') unvouchedHead = { file: file.name, line: i + 1, seq: entry.seq, prevHash: entry.prevHash };
        }
      } else {
        if (entry.seq !== previous.seq + 1) return broken(`seq ${entry.seq} follows ${previous.seq}: entries are missing or reordered`, entry.seq);
        if (entry.prevHash !== previous.hash) return broken('prevHash does not match the previous entry: an entry before it was changed or removed', entry.seq);
      }
      if (entryHash(entry) !== entry.hash) return broken('the hash does not match the content: this entry was changed', entry.seq);
      if (unvouchedHead) {
        prevHashBySeq.set(entry.seq, entry.prevHash);
        const claim = checkpointClaim(entry);
        if (claim) claims.push(claim);
      }
      previous = { seq: entry.seq, hash: entry.hash };
      count++;
    }
  }
  if (unvouchedHead && !isVouched(unvouchedHead, claims, prevHashBySeq)) {
    const head = unvouchedHead;
    return { ok: false, entries: count, firstBroken: { file: head.file, line: head.line, seq: head.seq, reason: `the log starts at seq ${head.seq} without a rotate entry or a checkpoint that vouches for it: entries before it are missing` }, anchoredAt, lastHash: previous?.hash ?? GENESIS_HASH };
  }
  return { ok: true, entries: count, ...(anchoredAt ? { anchoredAt } : {}), lastHash: previous?.hash ?? GENESIS_HASH };
}

/** What a `checkpoint` entry written by retention says: entries up to `throughSeq` were purged, the last with hash `throughHash`. */
interface CheckpointClaim {
  throughSeq: number;
  throughHash: string;
}

function checkpointClaim(entry: AuditEntry): CheckpointClaim | undefined {
  if (entry.type !== 'checkpoint') return undefined;
  const { purgedThroughSeq, purgedThroughHash } = entry.data ?? {};
  if (typeof purgedThroughSeq !== 'number' || typeof purgedThroughHash !== 'string') return undefined;
  return { throughSeq: purgedThroughSeq, throughHash: purgedThroughHash };
}

/**
 * The head is vouched when a (hash-chained, so untampered) checkpoint names the entry just before it,
 * or, after a purge that stopped half-way, names an entry still present whose successor chains to it.
 */
function isVouched(head: { seq: number; prevHash: string }, claims: readonly CheckpointClaim[], prevHashBySeq: ReadonlyMap<number, string>): boolean {
  return claims.some((c) => (c.throughSeq === head.seq - 1 ? c.throughHash === head.prevHash : c.throughSeq >= head.seq && prevHashBySeq.get(c.throughSeq + 1) === c.throughHash));
}

/** Reads a log folder's files in order as raw text lines (for export of a log that may be broken). */
export async function readAuditLines(directory: string): Promise<string[]> {
  const out: string[] = [];
  for (const file of await listLogFiles(directory)) {
    const handle = await open(nodePath.join(directory, file.name), 'r');
    try {
      for (const line of (await handle.readFile('utf8')).split('\n')) if (line.trim()) out.push(line);
    } finally {
      await handle.close();
    }
  }
  return out;
}
