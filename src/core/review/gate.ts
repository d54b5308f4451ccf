import type { AuditLog } from '../audit/auditLog';
import { applyEvent, decisionEvent, findingsEvent, policyEvent, policyRefusalEvent, proposalEvent, refusalEvent } from '../audit/events';
import type { WorkspaceFs } from '../fs/workspaceFs';
import { attemptedFiles, LOCKDOWN_MESSAGE, LOCKDOWN_RULE, lockdownPolicy } from '../lockdown/lockdown';
import type { PolicyVerdict } from '../policy/evaluate';
import { evaluatePolicy } from '../policy/evaluate';
import type { EffectivePolicy } from '../policy/policy';
import type { SensitivePathMatcher } from '../policy/sensitivePaths';
import type { FileScanOptions } from '../scan/scanFiles';
import type { ApplyResult, ExecuteOptions, RevertResult } from './apply';
import { executePlan, revertLastApply } from './apply';
import type { BackupStore } from './backups';
import type { ChangeSetInput, ContentChange } from './build';
import { buildChangeSetFromContents, resolveProposal } from './build';
import type { DecideRequest, Decisions, ReviewOutcome } from './decisions';
import { autoApprove, decide, decisionProgress, describeOutcome, emptyDecisions } from './decisions';
import { ApplyError, ChangeSetError, DecisionError } from './errors';
import type { ChangeSet, ChangeSource } from './model';
import type { PendingEntry, PendingStore } from './pendingStore';
import { StoreError } from './pendingStore';
import type { ApplyPlan } from './plan';
import { planApply } from './plan';
import type { RevertSinceResult, RevertTarget } from './revertSince';
import { revertSince, revertSinceEvent } from './revertSince';

/** What the gate needs; the VS Code layer builds these once per workspace folder. */
export interface ReviewGateOptions {
  workspace: WorkspaceFs;
  store: PendingStore;
  audit: AuditLog;
  backups: BackupStore;
  /** The policy in force now (it can change while the window is open). */
  policy: () => EffectivePolicy;
  /** The sensitive-path matcher; the built-in conservative list when absent. */
  sensitive?: SensitivePathMatcher;
  /** Engine options for the diff-mode scan; the full registry when absent. */
  scan?: FileScanOptions;
  /** Who the person is in the audit log (default "user"). */
  actor?: string;
  now?: () => Date;
  /**
   * True while Agent Guard is in lockdown (issue 11): hook requests are refused at once, other roads are
   * held (queued, under a policy with auto-approve off and every allow an ask), approvals and applies are
   * refused. Reverts and rejections still work.
   */
  locked?: () => boolean;
}

/** What became of a proposal. */
export interface ProposalResult {
  /**
   * `pending`: queued for review; `autoApproved`: the policy approved every unit (the caller applies it,
   * or lets the agent write); `denied`: a policy rule refused it, nothing queued; `unchanged`: every file
   * already has the proposed content, nothing to review or queue.
   */
  status: 'pending' | 'autoApproved' | 'denied' | 'unchanged';
  changeSet: ChangeSet;
  verdict: PolicyVerdict;
  decisions: Decisions;
}

/** Why a change set leaves the queue without an apply by the gate. */
export type CloseReason = 'appliedByAgent' | 'rejected' | 'withdrawn';

/** A change to the queue, for the UI (tree, badge, status bar) to refresh. */
export type GateEvent =
  | { kind: 'added'; changeSetId: string }
  | { kind: 'decided'; changeSetId: string }
  | { kind: 'removed'; changeSetId: string };

/**
 * The review gate's core workflow, the same for every road: build and scan a proposal, evaluate the
 * policy, queue it, record decisions, apply, revert, and write every step to the audit log. Refusals
 * (bad paths, limits, invalid input) are logged too, then rethrown as they are. In a window that does
 * not own the folder's pending store (a second window), every changing call throws
 * StoreError('readOnly') before it writes anything, so two windows never fork the audit chain.
 */
export class ReviewGate {
  private readonly listeners = new Set<(event: GateEvent) => void>();
  private readonly waiters = new Map<string, Set<(outcome: ReviewOutcome) => void>>();

  constructor(private readonly options: ReviewGateOptions) {}

  private get actor(): string {
    return this.options.actor ?? 'user';
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private locked(): boolean {
    return this.options.locked?.() === true;
  }

  /** Subscribes to queue changes; returns the unsubscribe function. */
  onChange(listener: (event: GateEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private fire(event: GateEvent): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // A listener's failure must not undo a recorded step.
      }
    }
  }

  /**
   * Resolves with the outcome once every unit of the change set is decided, or when it leaves the queue
   * (applied or closed); at once if that is already so. Rejects with the signal's reason when `signal`
   * aborts (the hook's timeout), and with DecisionError('unknownTarget') for an unknown id.
   */
  async whenDecided(changeSetId: string, signal?: AbortSignal): Promise<ReviewOutcome> {
    signal?.throwIfAborted();
    const { changeSet, decisions } = await this.entry(changeSetId);
    if (decisionProgress(changeSet, decisions).complete) return describeOutcome(changeSet, decisions);
    // The signal may have fired while the store was read.
    signal?.throwIfAborted();
    return new Promise<ReviewOutcome>((resolve, reject) => {
      const set = this.waiters.get(changeSetId) ?? new Set();
      this.waiters.set(changeSetId, set);
      const onAbort = () => {
        set.delete(settle);
        reject(signal!.reason);
      };
      const settle = (outcome: ReviewOutcome) => {
        signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };
      set.add(settle);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  private settle(changeSetId: string, outcome: ReviewOutcome): void {
    const set = this.waiters.get(changeSetId);
    if (!set) return;
    this.waiters.delete(changeSetId);
    for (const settle of set) settle(outcome);
  }

  /** Only the window that owns the pending store may change the queue or write the log. */
  private assertOwner(): void {
    if (this.options.store.readOnly) {
      const holder = this.options.store.heldBy;
      throw new StoreError('readOnly', `another window owns this folder's review queue${holder ? ` (pid ${holder.pid} on ${holder.hostname})` : ''}; review there`);
    }
  }

  /** Proposal from the API, the LM tool or the hook: full contents or oldText/newText edits against the workspace. */
  async propose(input: ChangeSetInput): Promise<ProposalResult> {
    this.assertOwner();
    // The hook's agent waits for an answer: in a lockdown it gets a denial at once, before any work.
    if (input?.source?.channel === 'hook' && this.locked()) {
      const error = new ChangeSetError('locked', `${LOCKDOWN_MESSAGE}: every agent edit is refused until a person releases the lockdown. Nothing was written.`);
      await this.options.audit.append('refusal', input.source.agent ?? 'hook', { ...refusalEvent(input.source, error), files: attemptedFiles(input.files) });
      throw error;
    }
    let changes: ContentChange[];
    try {
      changes = await resolveProposal(input, this.options.workspace, this.options.policy().limits);
    } catch (error) {
      if (ChangeSetError.is(error)) await this.options.audit.append('refusal', input?.source?.agent ?? input?.source?.channel ?? 'unknown', refusalEvent(input?.source, error));
      throw error;
    }
    return this.proposeContents(input.source, changes);
  }

  /** Proposal from a road that already has both sides as bytes (the file-system guard). */
  async proposeContents(source: ChangeSource, changes: readonly ContentChange[]): Promise<ProposalResult> {
    this.assertOwner();
    const locked = this.locked();
    const policy = locked ? lockdownPolicy(this.options.policy()) : this.options.policy();
    let changeSet: ChangeSet;
    try {
      changeSet = await buildChangeSetFromContents(source, changes, { scan: this.options.scan, limits: policy.limits, now: () => this.now() });
    } catch (error) {
      if (ChangeSetError.is(error)) await this.options.audit.append('refusal', source.agent ?? source.channel, refusalEvent(source, error));
      throw error;
    }
    const agent = source.agent ?? source.channel;
    await this.options.audit.append('proposal', agent, proposalEvent(changeSet));
    if (changeSet.stats.findings > 0) await this.options.audit.append('finding', 'agent-guard', findingsEvent(changeSet));
    let verdict = evaluatePolicy(changeSet, policy, this.options.sensitive);
    // Held, not refused: the change waits in the queue until the lockdown is released and a person decides.
    if (locked && verdict.action !== 'deny') verdict = heldByLockdown(verdict);
    await this.options.audit.append('policy', 'policy', policyEvent(changeSet, verdict));
    let decisions = emptyDecisions(changeSet);
    if (verdict.action === 'deny') {
      // Never queued, so never approvable; the refusal names the rule for the log's readers.
      await this.options.audit.append('refusal', agent, policyRefusalEvent(changeSet, verdict));
      return { status: 'denied', changeSet, verdict, decisions };
    }
    if (changeSet.files.length === 0) return { status: 'unchanged', changeSet, verdict, decisions };
    if (verdict.action === 'autoApprove') {
      decisions = autoApprove(changeSet, decisions, verdict.rule, verdict.reasons.join('; '), this.now());
      await this.options.audit.append('decision', 'policy', { changeSetId: changeSet.id, target: { kind: 'changeSet' }, verdict: 'approved', auto: { rule: verdict.rule, reasons: verdict.reasons } });
    }
    // Stored even when auto-approved, until it is applied or closed: a pending change is never lost.
    await this.options.store.save(changeSet, decisions, this.now());
    this.fire({ kind: 'added', changeSetId: changeSet.id });
    return { status: verdict.action === 'autoApprove' ? 'autoApproved' : 'pending', changeSet, verdict, decisions };
  }

  /** Every queued change set with its decisions, oldest first. */
  async pending(): Promise<PendingEntry[]> {
    return (await this.options.store.list()).entries;
  }

  private async entry(changeSetId: string): Promise<PendingEntry> {
    const found = (await this.pending()).find((e) => e.changeSet.id === changeSetId);
    if (!found) throw new DecisionError('unknownTarget', `no pending change set ${JSON.stringify(changeSetId)}`);
    return found;
  }

  /** Records a decision (see `decide`), saves it and logs it. The confirmation threshold comes from the policy. */
  async decide(changeSetId: string, request: Omit<DecideRequest, 'actor'> & { actor?: string }): Promise<Decisions> {
    this.assertOwner();
    const { changeSet, decisions } = await this.entry(changeSetId);
    if (request.verdict === 'approved' && this.locked()) {
      const error = new DecisionError('locked', `${LOCKDOWN_MESSAGE}: nothing can be approved until it is released (rejecting still works)`);
      await this.options.audit.append('refusal', request.actor ?? this.actor, { action: 'approve', changeSetId, reason: error.reason, message: error.message });
      throw error;
    }
    const full: DecideRequest = { ...request, actor: request.actor ?? this.actor, now: request.now ?? this.now() };
    const next = decide(changeSet, decisions, full, { confirmSeverity: this.options.policy().confirmSeverity });
    await this.options.store.save(changeSet, next, this.now());
    await this.options.audit.append('decision', full.actor, decisionEvent(changeSet, full));
    this.fire({ kind: 'decided', changeSetId });
    if (decisionProgress(changeSet, next).complete) this.settle(changeSetId, describeOutcome(changeSet, next));
    return next;
  }

  /** What applying the current decisions would do, as data (for a WorkspaceEdit, or a preview). */
  async plan(changeSetId: string): Promise<ApplyPlan> {
    const { changeSet, decisions } = await this.entry(changeSetId);
    return planApply(changeSet, decisions, this.options.workspace);
  }

  /** The outcome so far, for the agent. */
  async outcome(changeSetId: string): Promise<ReviewOutcome> {
    const { changeSet, decisions } = await this.entry(changeSetId);
    return describeOutcome(changeSet, decisions);
  }

  /**
   * Applies the approved units on disk, logs the apply with the resulting hashes and removes the change
   * set from the queue. Conflicts are logged and thrown (ApplyError 'conflict'), and the change set stays
   * queued so the person can look again.
   */
  async apply(changeSetId: string, options: ExecuteOptions = {}): Promise<{ result: ApplyResult; outcome: ReviewOutcome }> {
    this.assertOwner();
    const { changeSet, decisions } = await this.entry(changeSetId);
    if (this.locked()) {
      const error = new ApplyError('locked', `${LOCKDOWN_MESSAGE}: nothing is applied until it is released; the change set stays queued`);
      await this.options.audit.append('refusal', this.actor, { action: 'apply', changeSetId, reason: error.reason, message: error.message });
      throw error;
    }
    const plan = await planApply(changeSet, decisions, this.options.workspace);
    let result: ApplyResult;
    try {
      result = await executePlan(plan, this.options.workspace, this.options.backups, { now: () => this.now(), ...options });
    } catch (error) {
      if (ApplyError.is(error)) await this.options.audit.append('conflict', 'agent-guard', { changeSetId, reason: error.reason, message: error.message, conflicts: plan.conflicts.map((c) => ({ path: c.path, reason: c.reason, hunks: c.hunks })) });
      throw error;
    }
    await this.options.audit.append('apply', this.actor, applyEvent(result.record));
    await this.options.store.remove(changeSetId);
    this.fire({ kind: 'removed', changeSetId });
    const outcome = describeOutcome(changeSet, decisions);
    this.settle(changeSetId, outcome);
    return { result, outcome };
  }

  /** Removes a change set from the queue without the gate writing anything (the hook road's agent writes itself; or a rejection). */
  async close(changeSetId: string, reason: CloseReason): Promise<ReviewOutcome> {
    this.assertOwner();
    const { changeSet, decisions } = await this.entry(changeSetId);
    const outcome = describeOutcome(changeSet, decisions);
    await this.options.audit.append('decision', this.actor, { changeSetId, closed: reason, state: outcome.state });
    await this.options.store.remove(changeSetId);
    this.fire({ kind: 'removed', changeSetId });
    this.settle(changeSetId, outcome);
    return outcome;
  }

  /** Reverts the last apply (refused with an explanation if a file changed since) and logs it. */
  async revertLast(): Promise<RevertResult> {
    this.assertOwner();
    try {
      const result = await revertLastApply(this.options.workspace, this.options.backups, this.now());
      await this.options.audit.append('revert', this.actor, { applyId: result.applyId, changeSetId: result.changeSetId, files: result.files });
      return result;
    } catch (error) {
      if (ApplyError.is(error)) await this.options.audit.append('refusal', this.actor, { action: 'revert', reason: error.reason, message: error.message });
      throw error;
    }
  }

  /**
   * Reverts every apply since a time or a change set, newest first (see revertSince): files edited since
   * are conflicts, reported and left alone. Logged as a `revert` entry; allowed during a lockdown.
   */
  async revertSince(target: RevertTarget): Promise<RevertSinceResult> {
    this.assertOwner();
    try {
      const result = await revertSince(target, { workspace: this.options.workspace, backups: this.options.backups, now: this.now() });
      await this.options.audit.append('revert', this.actor, revertSinceEvent(result));
      return result;
    } catch (error) {
      if (ApplyError.is(error)) await this.options.audit.append('refusal', this.actor, { action: 'revertSince', reason: error.reason, message: error.message });
      throw error;
    }
  }

  /** Writes a lockdown engage or release to the audit log (the switch itself lives with the caller). */
  async recordLockdown(actor: string, data: Record<string, unknown>): Promise<void> {
    this.assertOwner();
    await this.options.audit.append('lockdown', actor, data);
  }
}

/** A verdict under lockdown: nothing is auto-approved, whatever rule said so; the lockdown is named as the deciding rule. */
function heldByLockdown(verdict: PolicyVerdict): PolicyVerdict {
  const held = `${LOCKDOWN_MESSAGE}: held until a person releases it`;
  return {
    ...verdict,
    action: 'review',
    rule: LOCKDOWN_RULE,
    reasons: [held, ...verdict.reasons],
    files: verdict.files.map((f) => (f.action === 'autoApprove' ? { ...f, action: 'review', rule: LOCKDOWN_RULE, reasons: [held, ...f.reasons] } : f)),
  };
}
