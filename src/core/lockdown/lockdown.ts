/**
 * Lockdown (issue 11, incident response): one switch that stops every agent at once. While it is on,
 * the review gate answers hook requests with a denial at once, holds proposals from every other road
 * without letting anyone approve or apply them, turns auto-approve off and makes every per-agent allow
 * an ask. This module holds the state, its persistence and the policy transform; it imports no vscode.
 */
import type { EffectivePolicy } from '../policy/policy';
import { sha256Hex } from '../review/content';

/** The first words an agent and a person read while Agent Guard is locked down. */
export const LOCKDOWN_MESSAGE = 'Agent Guard is in lockdown';

/** The policy rule id shown for changes held by the lockdown ("Policy rule lockdown: …"). */
export const LOCKDOWN_RULE = 'lockdown';

/** Longest reason kept for an engage or a release; longer text is cut, not refused. */
export const MAX_REASON_LENGTH = 500;

/** The persisted state. `since`, `actor` and `reason` describe the engage while locked. */
export interface LockdownState {
  locked: boolean;
  /** ISO 8601 time of the engage. */
  since?: string;
  /** Who engaged it: "user", or "alert" when an alert's button did. */
  actor?: string;
  /** Why, when one was given (an alert's summary, or the person's words). */
  reason?: string;
}

/** Why a lockdown step was refused. */
export type LockdownErrorReason = 'invalidReason' | 'notLocked';

/** A refused engage or release; the state is unchanged. */
export class LockdownError extends Error {
  constructor(
    readonly reason: LockdownErrorReason,
    message: string,
  ) {
    super(message);
    this.name = 'LockdownError';
  }

  static is(error: unknown, reason?: LockdownErrorReason): error is LockdownError {
    return error instanceof LockdownError && (reason === undefined || error.reason === reason);
  }
}

/** Where the state lives between windows (VS Code's workspace state, or memory in tests). */
export interface LockdownStateStore {
  /** The stored value as it was saved, or undefined when nothing was ever saved. */
  load(): unknown;
  save(state: LockdownState): Promise<void>;
}

/**
 * Reads a stored value. A value that is not a state object but says it is locked stays locked: a
 * damaged record must never open the gate by itself.
 */
export function parseLockdownState(raw: unknown): LockdownState {
  if (typeof raw !== 'object' || raw === null) return { locked: false };
  const value = raw as Record<string, unknown>;
  if (value.locked !== true) return { locked: false };
  const text = (key: string): string | undefined => (typeof value[key] === 'string' ? (value[key] as string).slice(0, MAX_REASON_LENGTH) : undefined);
  const since = text('since');
  return { locked: true, since: since && !Number.isNaN(Date.parse(since)) ? since : undefined, actor: text('actor'), reason: text('reason') };
}

/** An optional engage reason: trimmed and cut to MAX_REASON_LENGTH; refused when it is not text. */
function optionalReason(reason: unknown): string | undefined {
  if (reason === undefined || reason === null) return undefined;
  if (typeof reason !== 'string') throw new LockdownError('invalidReason', `the lockdown reason must be text, not ${typeof reason}`);
  return reason.trim().slice(0, MAX_REASON_LENGTH) || undefined;
}

/** A release reason: required, at least 3 characters after trimming, cut to MAX_REASON_LENGTH. */
export function validateReleaseReason(reason: unknown): string {
  if (typeof reason !== 'string') throw new LockdownError('invalidReason', 'releasing the lockdown needs a reason (text)');
  const trimmed = reason.trim();
  if (trimmed.length < 3) throw new LockdownError('invalidReason', 'releasing the lockdown needs a reason of at least 3 characters');
  return trimmed.slice(0, MAX_REASON_LENGTH);
}

/** What an engage or release did, for the audit log and the caller. */
export interface LockdownChange {
  state: LockdownState;
  /** False when the call found the state already as asked (engage while locked). */
  changed: boolean;
  /** For a release: how long the lockdown lasted, in whole seconds (undefined when its start is unknown). */
  durationSeconds?: number;
}

/**
 * The lockdown switch. `locked` is read synchronously on every proposal, so the state is kept in memory
 * and saved on each change. Listeners hear every change (the status bar, the guard).
 */
export class Lockdown {
  private state: LockdownState;
  private readonly listeners = new Set<(state: LockdownState) => void>();

  constructor(
    private readonly store: LockdownStateStore,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.state = parseLockdownState(store.load());
  }

  get locked(): boolean {
    return this.state.locked;
  }

  /** A copy of the current state. */
  current(): LockdownState {
    return { ...this.state };
  }

  onChange(listener: (state: LockdownState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Locks down. Already locked: nothing changes (the first engage's time and reason stay). */
  async engage(options: { actor?: string; reason?: unknown } = {}): Promise<LockdownChange> {
    const reason = optionalReason(options.reason);
    if (this.state.locked) return { state: this.current(), changed: false };
    const next: LockdownState = { locked: true, since: this.now().toISOString(), actor: options.actor ?? 'user', ...(reason ? { reason } : {}) };
    await this.store.save(next);
    this.set(next);
    return { state: this.current(), changed: true };
  }

  /** Releases the lockdown with a reason (see validateReleaseReason). Refused when not locked. */
  async release(options: { reason: unknown }): Promise<LockdownChange & { releaseReason: string; previous: LockdownState }> {
    const releaseReason = validateReleaseReason(options.reason);
    if (!this.state.locked) throw new LockdownError('notLocked', 'Agent Guard is not in lockdown');
    const previous = this.current();
    const started = previous.since ? Date.parse(previous.since) : Number.NaN;
    const durationSeconds = Number.isNaN(started) ? undefined : Math.max(0, Math.round((this.now().getTime() - started) / 1000));
    await this.store.save({ locked: false });
    this.set({ locked: false });
    return { state: this.current(), changed: true, releaseReason, previous, ...(durationSeconds !== undefined ? { durationSeconds } : {}) };
  }

  private set(state: LockdownState): void {
    this.state = state;
    for (const listener of this.listeners) {
      try {
        listener(this.current());
      } catch {
        // A listener's failure must not undo a saved state.
      }
    }
  }
}

/** A store in memory, for tests and for a window without a workspace. */
export function memoryLockdownStore(initial?: unknown): LockdownStateStore & { saved: LockdownState[] } {
  let value = initial;
  const saved: LockdownState[] = [];
  return {
    saved,
    load: () => value,
    save: async (state) => {
      value = JSON.parse(JSON.stringify(state)) as unknown;
      saved.push(state);
    },
  };
}

/**
 * The policy in force during a lockdown: auto-approve off, and every per-agent allow becomes an ask, so
 * nothing reaches the workspace without a person once the lockdown is released. Denies and asks stay.
 */
export function lockdownPolicy(policy: EffectivePolicy): EffectivePolicy {
  return {
    ...policy,
    autoApprove: { ...policy.autoApprove, enabled: false },
    agents: policy.agents.map((agent) => ({
      ...agent,
      rules: agent.rules.map((rule) => (rule.action === 'allow' ? { ...rule, action: 'ask' as const, reason: `${LOCKDOWN_MESSAGE}: this allow rule asks until it is released${rule.reason ? ` (${rule.reason})` : ''}` } : rule)),
    })),
  };
}

/** The audit data of an engage. */
export function engageEvent(change: LockdownChange, held: { pending: number; hooksDenied: number }): Record<string, unknown> {
  return { action: 'engage', since: change.state.since, reason: change.state.reason, pending: held.pending, hooksDenied: held.hooksDenied, guard: 'quarantine', autoApprove: false };
}

/** The audit data of a release. */
export function releaseEvent(change: { releaseReason: string; previous: LockdownState; durationSeconds?: number }): Record<string, unknown> {
  return { action: 'release', reason: change.releaseReason, lockedSince: change.previous.since, engagedBy: change.previous.actor, engageReason: change.previous.reason, durationSeconds: change.durationSeconds };
}

/** How many attempted files a refusal entry lists at most. */
const MAX_ATTEMPTED_FILES = 50;

/**
 * What a refused hook request tried to change, for the audit log: each path and, for full contents, the
 * content's hash (so a later write of the same content by another road can be matched), never the content.
 */
export function attemptedFiles(files: unknown): { path: string; afterSha256?: string; delete?: true }[] {
  if (!Array.isArray(files)) return [];
  return files.slice(0, MAX_ATTEMPTED_FILES).flatMap((file: unknown) => {
    if (typeof file !== 'object' || file === null) return [];
    const { path, content, delete: remove } = file as { path?: unknown; content?: unknown; delete?: unknown };
    if (typeof path !== 'string') return [];
    return [{ path: path.slice(0, 1000), ...(typeof content === 'string' ? { afterSha256: sha256Hex(content) } : {}), ...(remove === true ? { delete: true as const } : {}) }];
  });
}
