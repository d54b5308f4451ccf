/**
 * Coalesces file events into bursts: an agent turn that touches 30 files becomes one change set.
 * A burst ends after `quietMs` without events, or `maxWaitMs` after it began, so a steady stream still
 * gets reviewed. Memory is bounded by the number of distinct paths, not the number of events, and a
 * burst over `maxPaths` is cut into several batches rather than dropped.
 */
export interface BurstOptions {
  quietMs: number;
  maxWaitMs: number;
  /** Most paths in one batch (one change set). */
  maxPaths: number;
}

export const DEFAULT_BURST: BurstOptions = { quietMs: 400, maxWaitMs: 3000, maxPaths: 200 };

export class BurstCoalescer {
  private readonly paths = new Set<string>();
  private quietTimer: NodeJS.Timeout | undefined;
  private maxTimer: NodeJS.Timeout | undefined;
  /** Events seen since the guard started, for the status and the flood test. */
  eventsSeen = 0;

  constructor(
    private readonly onBatch: (paths: string[]) => void,
    private readonly options: BurstOptions = DEFAULT_BURST,
  ) {}

  add(path: string): void {
    this.eventsSeen++;
    this.paths.add(path);
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(), this.options.quietMs);
    this.maxTimer ??= setTimeout(() => this.flush(), this.options.maxWaitMs);
  }

  /** Paths waiting in the current burst. */
  get pending(): number {
    return this.paths.size;
  }

  flush(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
    if (this.paths.size === 0) return;
    const all = [...this.paths].sort();
    this.paths.clear();
    for (let i = 0; i < all.length; i += this.options.maxPaths) this.onBatch(all.slice(i, i + this.options.maxPaths));
  }

  dispose(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.paths.clear();
  }
}
