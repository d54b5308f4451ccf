import { createHash } from 'node:crypto';
import { lstat, readFile, readdir, rm } from 'node:fs/promises';
import * as path from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import * as vscode from 'vscode';
import { writeFileAtomic } from '../../core/fs/atomicWrite';
import { runGit } from '../../core/git/gitChanges';
import { BurstCoalescer } from '../../core/guard/burst';
import type { Baseline } from '../../core/guard/snapshotStore';
import { SnapshotStore } from '../../core/guard/snapshotStore';
import type { ContentChange } from '../../core/review/build';
import { DEFAULT_SKIPPED_DIRECTORIES, toPosix, walkFiles } from '../../core/scan/walk';
import type { ReviewGate } from '../review/reviewWiring';

export type GuardMode = 'quarantine' | 'review';

/** Reads a file's bytes at git's HEAD, or undefined when git does not track it (or there is no git). */
export type HeadReader = (relativePath: string) => Promise<Uint8Array | undefined>;

/** How long after our own write, or a person's save, an event for that path is taken as theirs. */
const OWN_WRITE_WINDOW_MS = 3000;
/** When the start-up comparisons run, while the new watcher begins to report. */
const RECONCILE_AFTER_MS = [1500, 5000, 15_000];
/** How many files the start-up snapshot remembers at most. */
const MAX_SNAPSHOT_FILES = 5000;
/** Files the guard keeps whole in a change set; larger ones are quarantined as blobs and reported. */
const MAX_REVIEW_BYTES = 1024 * 1024;

function sha(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

function sameBytes(a: Uint8Array | undefined, b: Uint8Array | undefined): boolean {
  return !!a && !!b && a.length === b.length && Buffer.compare(a, b) === 0;
}

/**
 * Catches writes to the workspace that did not come from a person's editor or from an approved apply:
 * agents that write straight to disk (Aider, Gemini CLI, background agents, scripts). In quarantine mode
 * the file goes back to its baseline at once and the agent's content waits as a pending change; in
 * review mode the write stays on disk, marked pending, and rejecting it restores the baseline.
 */
export class FileSystemGuard implements vscode.Disposable {
  private watcher: vscode.FileSystemWatcher | undefined;
  private readonly coalescer: BurstCoalescer;
  private readonly snapshots: SnapshotStore;
  private readonly personWrites = new Map<string, { time: number; sha?: string }>();
  private readonly pendingPaths = new Set<string>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly stateChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeState = this.stateChanged.event;
  private readonly decorationsChanged = new vscode.EventEmitter<vscode.Uri[]>();
  private processing: Promise<void> = Promise.resolve();
  /** Resolves once the files that git cannot restore have been remembered; batches wait for it. */
  private ready: Promise<void> = Promise.resolve();
  /** True until the start-up snapshot is done: writes before then cannot all be told from the baseline. */
  starting = false;
  mode: GuardMode = 'quarantine';
  private excluded: Ignore = ignore();
  /** The mode the settings ask for; a lockdown overrides it with quarantine until it is released. */
  private configuredMode: GuardMode = 'quarantine';
  private lockedDown = false;

  constructor(
    private readonly gate: ReviewGate,
    storageDirectory: string,
    private readonly headBytes: HeadReader,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.snapshots = new SnapshotStore(path.join(storageDirectory, 'guard-snapshots'));
    this.coalescer = new BurstCoalescer((paths) => {
      this.processing = this.processing
        .then(() => this.ready)
        .then(() => this.processBatch(paths))
        .catch((error) => this.log.error(`guard: ${(error as Error).message}`));
    });
    this.disposables.push(
      this.stateChanged,
      this.decorationsChanged,
      // A person's own edits and explorer operations are theirs, not an agent's.
      vscode.workspace.onDidSaveTextDocument((document) => this.markPerson(document.uri, Buffer.from(document.getText(), 'utf8'))),
      vscode.workspace.onDidCreateFiles((event) => event.files.forEach((uri) => this.markPerson(uri))),
      vscode.workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.markPerson(uri))),
      vscode.workspace.onDidRenameFiles((event) => event.files.forEach(({ oldUri, newUri }) => (this.markPerson(oldUri), this.markPerson(newUri)))),
      vscode.window.registerFileDecorationProvider({
        onDidChangeFileDecorations: this.decorationsChanged.event,
        provideFileDecoration: (uri) => {
          const relative = this.relative(uri);
          if (!relative || !this.pendingPaths.has(relative)) return undefined;
          return { badge: 'AG', tooltip: 'Written by an agent; waiting for your review in Agent Guard', color: new vscode.ThemeColor('list.warningForeground'), propagate: true };
        },
      }),
    );
  }

  get enabled(): boolean {
    return this.watcher !== undefined;
  }

  /** Events seen since the guard started. */
  get eventsSeen(): number {
    return this.coalescer.eventsSeen;
  }

  /** Waits until the start-up snapshot is done and every event seen so far has been handled. */
  async settled(): Promise<void> {
    await this.ready;
    this.coalescer.flush();
    await this.processing;
  }

  /** For the status bar and scripts: what the guard is doing. */
  status(): { enabled: boolean; starting: boolean; mode: GuardMode; eventsSeen: number; pendingPaths: number; lockdown: boolean } {
    return { enabled: this.enabled, starting: this.starting, mode: this.mode, eventsSeen: this.eventsSeen, pendingPaths: this.pendingPaths.size, lockdown: this.lockedDown };
  }

  /** Lockdown (issue 11): on, the guard runs in quarantine mode and cannot be turned off; off, the settings' mode is back. */
  setLockdown(on: boolean): void {
    this.lockedDown = on;
    this.mode = on ? 'quarantine' : this.configuredMode;
    if (on) this.enable();
    this.stateChanged.fire();
  }

  configure(mode: GuardMode, exclude: readonly string[]): void {
    this.configuredMode = mode;
    this.mode = this.lockedDown ? 'quarantine' : mode;
    this.excluded = ignore().add([...exclude]);
    this.stateChanged.fire();
  }

  enable(): void {
    if (this.watcher) return;
    const pattern = new vscode.RelativePattern(vscode.Uri.file(this.gate.workspaceRoot), '**/*');
    this.watcher = vscode.workspace.createFileSystemWatcher(pattern);
    this.watcher.onDidCreate((uri) => this.onEvent(uri, true));
    this.watcher.onDidChange((uri) => this.onEvent(uri, false));
    this.watcher.onDidDelete((uri) => this.onEvent(uri, false));
    this.log.info(`file-system guard on (${this.mode})`);
    this.stateChanged.fire();
    this.starting = true;
    this.ready = this.snapshotUntracked()
      .catch((error) => this.log.warn(`guard: snapshot of untracked files failed: ${(error as Error).message}`))
      .finally(() => {
        this.starting = false;
        this.stateChanged.fire();
      });
  }

  disable(): void {
    if (this.lockedDown) {
      this.log.warn('file-system guard: stays on during the lockdown');
      void vscode.window.showWarningMessage('Agent Guard is in lockdown: the file-system guard stays on, in quarantine mode, until the lockdown is released.');
      return;
    }
    this.watcher?.dispose();
    this.watcher = undefined;
    this.coalescer.flush();
    this.log.info('file-system guard off');
    this.stateChanged.fire();
  }

  private relative(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== 'file') return undefined;
    const relative = path.relative(this.gate.workspaceRoot, uri.fsPath);
    if (!relative || relative.startsWith('..') || path.isAbsolute(relative)) return undefined;
    return toPosix(relative);
  }

  private isSkipped(relative: string): boolean {
    const parts = relative.split('/');
    if (parts.some((part) => DEFAULT_SKIPPED_DIRECTORIES.includes(part))) return true;
    return this.excluded.ignores(relative);
  }

  private markPerson(uri: vscode.Uri, bytes?: Uint8Array): void {
    const relative = this.relative(uri);
    if (relative) this.personWrites.set(relative, { time: Date.now(), sha: bytes && sha(bytes) });
  }

  private onEvent(uri: vscode.Uri, created: boolean): void {
    const relative = this.relative(uri);
    if (!relative || this.isSkipped(relative)) return;
    this.coalescer.add(relative);
    // VS Code's watcher often misses files written into folders it has just seen created: look inside.
    if (created) void this.addFolderContents(uri.fsPath, 0);
  }

  private async addFolderContents(absolute: string, depth: number): Promise<void> {
    if (depth > 20) return;
    const info = await lstat(absolute).catch(() => undefined);
    if (!info?.isDirectory()) return;
    for (const entry of await readdir(absolute, { withFileTypes: true }).catch(() => [])) {
      const child = path.join(absolute, entry.name);
      const relative = this.relative(vscode.Uri.file(child));
      if (!relative || this.isSkipped(relative)) continue;
      if (entry.isDirectory()) await this.addFolderContents(child, depth + 1);
      else this.coalescer.add(relative);
    }
  }

  /**
   * Files whose trusted content git's HEAD does not hold (untracked files, and tracked files with a person's
   * saved but uncommitted work; every file when the folder is no repository) are remembered as they are
   * when the guard starts, so a later write puts back the person's version, never an older one.
   */
  private async snapshotUntracked(): Promise<void> {
    const candidates = await this.filesGitCannotRestore();
    let count = 0;
    for (const relative of candidates.slice(0, MAX_SNAPSHOT_FILES)) {
      if (this.isSkipped(relative) || (await this.snapshots.has(relative))) continue;
      const bytes = await readFile(path.join(this.gate.workspaceRoot, relative)).catch(() => undefined);
      if (bytes && bytes.length <= MAX_REVIEW_BYTES) {
        await this.snapshots.set(relative, bytes, 'snapshot');
        count++;
      }
    }
    if (candidates.length > MAX_SNAPSHOT_FILES) this.log.warn(`guard: remembered the first ${MAX_SNAPSHOT_FILES} of ${candidates.length} files git cannot restore`);
    if (count) this.log.info(`guard: remembered ${count} file${count === 1 ? '' : 's'} git cannot restore, as they are now`);
    // A new watcher takes a moment (longer on a busy machine) before it reports; a write in that moment is
    // found by comparing disk with what the guard remembers, a few times while the watcher settles.
    for (const delay of RECONCILE_AFTER_MS) {
      setTimeout(() => void this.reconcile().catch((error) => this.log.warn(`guard: reconcile failed: ${(error as Error).message}`)), delay);
    }
  }

  /** Modified and untracked files per git, or every file when the folder is no repository. */
  private async filesGitCannotRestore(): Promise<string[]> {
    try {
      const listed = await runGit(this.gate.workspaceRoot, ['ls-files', '-z', '--modified', '--others', '--exclude-standard'], { maxBytes: 16 * 1024 * 1024, signal: AbortSignal.timeout(10_000) });
      return [...new Set(listed.toString('utf8').split('\0').filter(Boolean))];
    } catch {
      return this.allFiles();
    }
  }

  /** Queues every file that differs from what the guard remembers, or that appeared since it started. */
  private async reconcile(): Promise<void> {
    if (!this.enabled) return;
    for (const relative of (await this.filesGitCannotRestore()).slice(0, MAX_SNAPSHOT_FILES)) {
      if (this.isSkipped(relative)) continue;
      const stored = await this.snapshots.get(relative);
      const current = await readFile(path.join(this.gate.workspaceRoot, relative)).catch(() => undefined);
      const unchanged = stored?.exists ? sameBytes(current, stored.bytes) : false;
      if (!unchanged) this.coalescer.add(relative);
    }
  }

  private async allFiles(): Promise<string[]> {
    const files: string[] = [];
    for await (const file of walkFiles(this.gate.workspaceRoot)) {
      files.push(file.relativePath);
      if (files.length > MAX_SNAPSHOT_FILES) break;
    }
    return files;
  }

  private async baselineOf(relative: string): Promise<Baseline | undefined> {
    const stored = await this.snapshots.get(relative);
    if (stored) return stored;
    const head = await this.headBytes(relative);
    return head ? { exists: true, bytes: head } : undefined;
  }

  /** Decides, for each path of a burst, whether an agent changed it, and queues what it did. */
  private async processBatch(paths: string[]): Promise<void> {
    const changes: ContentChange[] = [];
    const tooLarge: string[] = [];
    const now = Date.now();
    for (const relative of paths) {
      const absolute = path.join(this.gate.workspaceRoot, relative);
      const info = await lstat(absolute).catch(() => undefined);
      if (info?.isDirectory()) continue;
      const current = info?.isFile() ? await readFile(absolute).catch(() => undefined) : undefined;
      const ownWrite = this.gate.ownWrites.get(relative);
      if (ownWrite !== undefined && now - ownWrite < OWN_WRITE_WINDOW_MS) {
        await this.snapshots.set(relative, current ?? null, 'apply');
        continue;
      }
      const person = this.personWrites.get(relative);
      if (person && now - person.time < OWN_WRITE_WINDOW_MS && (!person.sha || (current && sha(current) === person.sha) || !current)) {
        await this.snapshots.set(relative, current ?? null, 'save');
        continue;
      }
      if (info?.isSymbolicLink()) {
        // A link an agent made could lead anywhere; it is never followed, only reported.
        this.log.warn(`guard: ${relative} is a symbolic link made outside the editor; review it by hand`);
        continue;
      }
      const baseline = await this.baselineOf(relative);
      const head = await this.headBytes(relative);
      if (current && sameBytes(current, head)) {
        // Checked out from git (checkout, pull, reset): HEAD is trusted.
        await this.snapshots.set(relative, current, 'snapshot');
        continue;
      }
      if (!baseline) {
        if (!current) continue;
        if (info && info.birthtimeMs < now - 60_000 && !(await this.snapshots.has(relative))) {
          // An old file the guard never saw: without a baseline it cannot be restored, only reported.
          this.log.warn(`guard: ${relative} changed outside the editor, but the guard has no earlier version of it`);
          await this.snapshots.set(relative, current, 'snapshot');
          continue;
        }
      }
      const before = baseline?.exists ? baseline.bytes : undefined;
      if (sameBytes(current, before) || (!current && !before)) continue;
      if ((current?.length ?? 0) > MAX_REVIEW_BYTES) {
        tooLarge.push(relative);
        continue;
      }
      changes.push({ path: relative, before: before ? { bytes: before } : undefined, after: current ? { bytes: current, mode: info?.mode ? info.mode & 0o777 : undefined } : undefined });
    }
    if (tooLarge.length) await this.quarantineLarge(tooLarge);
    if (changes.length) await this.queue(changes);
  }

  private async queue(changes: ContentChange[]): Promise<void> {
    const mode = this.mode;
    const { changeSet, decision } = await this.gate.service.proposeContents({ channel: 'guard', agent: 'Agent writing to disk' }, changes, 'write', {
      // In review mode the agent's content is still on disk: put the baseline back first, so that what is
      // written is exactly the baseline plus the approved hunks.
      beforeApply: mode === 'review' ? () => this.restore(changes, 'only-if-unchanged') : undefined,
    });
    for (const change of changes) this.pendingPaths.add(change.path);
    this.decorationsChanged.fire(changes.map((c) => vscode.Uri.file(path.join(this.gate.workspaceRoot, c.path))));
    if (mode === 'quarantine') await this.restore(changes, 'always');
    this.log.info(`guard: ${changes.length} file${changes.length === 1 ? '' : 's'} written outside the editor → ${changeSet.id} (${mode})`);
    void decision.then(async (result) => {
      // A policy denial is a rejection nobody can overturn: the agent's write goes in review mode too.
      if (mode === 'review' && (result.state === 'rejected' || result.state === 'denied')) await this.restore(changes, 'only-if-unchanged');
      for (const change of changes) this.pendingPaths.delete(change.path);
      this.decorationsChanged.fire(changes.map((c) => vscode.Uri.file(path.join(this.gate.workspaceRoot, c.path))));
    });
  }

  /**
   * Puts files back to their baselines. The agent's content is already safe in the pending change set.
   * `only-if-unchanged` leaves a file alone when someone changed it since the agent did.
   */
  private async restore(changes: readonly ContentChange[], when: 'always' | 'only-if-unchanged'): Promise<void> {
    for (const change of changes) {
      const absolute = path.join(this.gate.workspaceRoot, change.path);
      const current = await readFile(absolute).catch(() => undefined);
      if (when === 'only-if-unchanged' && !sameBytes(current, change.after?.bytes) && !(current === undefined && change.after === undefined)) {
        this.log.warn(`guard: ${change.path} changed again since the agent wrote it; left as it is`);
        continue;
      }
      if (current) await this.gate.backups.saveBlob(current);
      this.gate.ownWrites.set(change.path, Date.now());
      if (change.before) await writeFileAtomic(absolute, change.before.bytes);
      else await rm(absolute, { force: true });
    }
  }

  private async quarantineLarge(paths: string[]): Promise<void> {
    for (const relative of paths) {
      const absolute = path.join(this.gate.workspaceRoot, relative);
      const bytes = await readFile(absolute).catch(() => undefined);
      const blob = bytes ? await this.gate.backups.saveBlob(bytes) : undefined;
      const baseline = await this.baselineOf(relative);
      if (this.mode === 'quarantine') {
        await this.restore([{ path: relative, before: baseline?.exists ? { bytes: baseline.bytes } : undefined, after: bytes ? { bytes } : undefined }], 'always');
      }
      this.log.warn(`guard: ${relative} is too large to review (${bytes?.length ?? 0} bytes); the agent's version is kept as backup blob ${blob}`);
    }
    void vscode.window.showWarningMessage(`Agent Guard: ${paths.length} file${paths.length === 1 ? '' : 's'} written outside the editor ${paths.length === 1 ? 'is' : 'are'} too large to review${this.mode === 'quarantine' ? ' and were put back' : ''}: ${paths.slice(0, 3).join(', ')}. The agent's versions are kept in Agent Guard's backups (see Show Output).`);
  }

  dispose(): void {
    this.watcher?.dispose();
    this.coalescer.dispose();
    vscode.Disposable.from(...this.disposables).dispose();
  }
}
