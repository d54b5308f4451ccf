import * as vscode from 'vscode';
import type { Finding } from '../../core/model/finding';
import type { ChangeSetInput, ContentChange } from '../../core/review/build';
import type { DecideRequest, Decisions, ReviewOutcome } from '../../core/review/decisions';
import { decisionProgress, describeOutcome, formatOutcomeForAgent } from '../../core/review/decisions';
import type { PolicyVerdict } from '../../core/policy/evaluate';
import type { ProposalResult, ReviewGate as CoreReviewGate } from '../../core/review/gate';
import type { RevertSinceResult, RevertTarget } from '../../core/review/revertSince';
import type { ChangeSet } from '../../core/review/model';
import type { PendingStore } from '../../core/review/pendingStore';
import { approvedFileResult } from '../../core/review/plan';
import type { ChangeSetState, ViewChangeSet, ViewToHost } from './protocol';
import type { ProposedContentSource } from './proposedContent';
import type { ReviewPanelActions } from './reviewPanel';
import type { ReviewQueueView } from './reviewTree';
import { sourceLabel, toViewChangeSet } from './toViewModel';

/**
 * Who writes the approved result: the gate itself (`write`: API, tool, guard), or the agent after it
 * hears the decision (`answer`: the pre-write hook, whose agent writes only what was approved).
 */
export type ApplyMode = 'write' | 'answer';

/** What a proposal comes to once a person (or the policy) has decided. */
export interface ReviewResult {
  changeSetId: string;
  state: 'approved' | 'partial' | 'rejected' | 'denied';
  /** For the agent: what was applied, what was rejected and why. */
  message: string;
  outcome?: ReviewOutcome;
  /** Per file with an approved part: the content it ends up with (undefined: deleted). */
  approvedContents: Map<string, string | undefined>;
  /** Files written by the gate (write mode), with the resulting hashes. */
  applied: { path: string; sha256: string | null }[];
}

/** Options of a proposal. */
export interface ProposeOptions {
  signal?: AbortSignal;
  /** Runs right before the apply (the guard puts baselines back in review mode). */
  beforeApply?: () => Promise<void>;
}

interface Entry {
  changeSet: ChangeSet;
  decisions: Decisions;
  state: ChangeSetState;
  mode: ApplyMode;
  conflicts: Map<string, string>;
  policyNote?: string;
  /** The policy's verdict at proposal time (absent for change sets restored after a reload). */
  verdict?: PolicyVerdict;
  beforeApply?: () => Promise<void>;
  waiters: ((result: ReviewResult) => void)[];
}

/** A recent proposal and the policy's verdict on it, denied ones included, for "Explain Decision". No contents: only ids, names and paths. */
export interface RecentVerdict {
  changeSetId: string;
  source: ChangeSet['source'];
  createdAt: string;
  paths: string[];
  verdict: PolicyVerdict;
  status: ProposalResult['status'];
}

/** How many recent verdicts "Explain Decision" can answer for from memory (older ones come from the audit log). */
const VERDICTS_KEPT = 200;

/** At most one arrival notification in this long, while the previous one is still open. */
const ANNOUNCE_HOLD_MS = 15_000;

/** How many decided change sets stay visible under the pending ones, for context. */
const DECIDED_KEPT = 10;

/**
 * The review queue as VS Code shows it. The core gate (engine bundle, loaded on first use) builds and
 * scans proposals, applies the policy, stores pending change sets, writes the audit log and applies;
 * this service keeps what the views need in memory, asks the person the questions only a person can
 * answer (confirming a critical finding, applying around a conflict) and tells waiting agents the result.
 */
export class ReviewService implements ReviewPanelActions, ReviewQueueView, ProposedContentSource, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly verdicts = new Map<string, RecentVerdict>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private gatePromise: Promise<CoreReviewGate> | undefined;
  /** True while an arrival notification is on screen, since `announcedAt`. */
  private announcing = false;
  private announcedAt = 0;
  /** Set by the extension: opens the panel on a change set. */
  reveal: (changeSetId: string, path?: string, hunk?: number) => void = () => undefined;
  /** Set by the extension: opens the native diff of one file. */
  openDiff: (changeSetId: string, path: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly openStore: () => Promise<PendingStore>,
    private readonly openGate: (store: PendingStore) => Promise<CoreReviewGate>,
    private readonly log: vscode.LogOutputChannel,
  ) {}

  private gate(): Promise<CoreReviewGate> {
    this.gatePromise ??= this.openStore().then((store) => this.openGate(store));
    return this.gatePromise;
  }

  /**
   * Shows change sets left pending by a reload or a crash, reading only the store (the engine is not
   * loaded). Their agents are gone, so the gate applies them itself when they are decided.
   */
  async restore(): Promise<number> {
    const store = await this.openStore();
    const { entries, problems } = await store.list();
    for (const problem of problems) this.log.warn(`a stored pending change could not be read (${problem.file}): ${problem.message}; it was moved aside`);
    for (const entry of entries) {
      if (this.entries.has(entry.changeSet.id)) continue;
      this.entries.set(entry.changeSet.id, { changeSet: entry.changeSet, decisions: entry.decisions, state: 'pending', mode: 'write', conflicts: new Map(), waiters: [] });
    }
    if (store.readOnly) this.log.warn('another window owns this folder\'s review queue; this window shows it read-only');
    if (entries.length) this.changed.fire();
    return entries.length;
  }

  /**
   * Builds a change set from an agent's proposal, queues it, and resolves when it is decided (and, in
   * write mode, the approved parts are applied). Bad input throws ChangeSetError (logged by the gate).
   */
  async propose(input: ChangeSetInput, mode: ApplyMode, options: ProposeOptions = {}): Promise<ReviewResult> {
    const gate = await this.gate();
    return (await this.accept(await gate.propose(input), mode, options)).decision;
  }

  /**
   * Queues changes given as bytes (the file-system guard's road). Resolves once the change set is stored,
   * so the caller may then restore the files; `decision` resolves when it is decided.
   */
  async proposeContents(source: ChangeSetInput['source'], changes: readonly ContentChange[], mode: ApplyMode, options: ProposeOptions = {}): Promise<{ changeSet: ChangeSet; decision: Promise<ReviewResult> }> {
    const gate = await this.gate();
    return this.accept(await gate.proposeContents(source, changes), mode, options);
  }

  private async accept(proposal: ProposalResult, mode: ApplyMode, options: ProposeOptions): Promise<{ changeSet: ChangeSet; decision: Promise<ReviewResult> }> {
    const { changeSet, verdict } = proposal;
    this.verdicts.set(changeSet.id, { changeSetId: changeSet.id, source: changeSet.source, createdAt: changeSet.createdAt, paths: changeSet.files.map((f) => f.path), verdict, status: proposal.status });
    if (this.verdicts.size > VERDICTS_KEPT) this.verdicts.delete(this.verdicts.keys().next().value!);
    const policyNote = verdict.rule ? `Policy rule ${verdict.rule}: ${verdict.reasons.join('; ')}` : undefined;
    if (proposal.status === 'unchanged') {
      return { changeSet, decision: Promise.resolve(empty(changeSet.id, 'approved', 'Nothing to change: every file already has the proposed content.')) };
    }
    if (proposal.status === 'denied') {
      this.log.warn(`${changeSet.id}: denied by ${policyNote ?? 'policy'}`);
      return { changeSet, decision: Promise.resolve(empty(changeSet.id, 'denied', `Agent Guard's policy refused this change (rule ${verdict.rule}: ${verdict.reasons.join('; ')}). Nothing was written, and it was not queued for review.`)) };
    }
    const entry: Entry = { changeSet, decisions: proposal.decisions, state: 'pending', mode, conflicts: new Map(), policyNote, verdict, beforeApply: options.beforeApply, waiters: [] };
    this.entries.set(changeSet.id, entry);
    const decision = new Promise<ReviewResult>((resolve) => entry.waiters.push(resolve));
    options.signal?.addEventListener('abort', () => this.log.info(`${changeSet.id}: the agent stopped waiting; the change stays pending`));
    this.changed.fire();
    if (proposal.status === 'autoApproved') {
      this.log.info(`${changeSet.id}: approved by ${policyNote}`);
      await this.finalize(entry);
    } else {
      this.announce(changeSet);
    }
    return { changeSet, decision };
  }

  private announce(changeSet: ChangeSet): void {
    const label = sourceLabel(changeSet);
    const files = changeSet.files.length;
    this.log.info(`${changeSet.id}: ${label} proposes ${files} file${files === 1 ? '' : 's'} (risk ${changeSet.risk})`);
    // One notification at a time: an agent proposing five edits in a row must not stack five toasts. Later
    // arrivals while one is open are counted in the status bar and the queue, which the one toast opens.
    // A toast that hid itself into the notification centre never resolves, so the hold also ends after a while.
    if (this.announcing && Date.now() - this.announcedAt < ANNOUNCE_HOLD_MS) return;
    this.announcing = true;
    this.announcedAt = Date.now();
    // An information message does not take focus from the editor.
    void vscode.window
      .showInformationMessage(`Agent Guard: ${label} proposes changes to ${files} file${files === 1 ? '' : 's'} (risk ${changeSet.risk.toUpperCase()}).`, 'Review')
      .then((choice) => {
        this.announcing = false;
        if (!choice) return;
        // Open the oldest change set still pending: that is where the person's review starts.
        const oldest = [...this.entries.values()].find((e) => e.state === 'pending');
        this.reveal(oldest?.changeSet.id ?? changeSet.id);
      });
  }

  snapshot(): ViewChangeSet[] {
    const all = [...this.entries.values()];
    const pending = all.filter((e) => e.state === 'pending' || e.state === 'applying');
    const decided = all.filter((e) => e.state !== 'pending' && e.state !== 'applying').slice(-DECIDED_KEPT);
    return [...pending, ...decided].map((e) => toViewChangeSet(e.changeSet, e.decisions, e.state, { policyNote: e.policyNote, conflicts: e.conflicts, verdict: e.verdict }));
  }

  /** The policy's verdict on a recent proposal (denied ones included), or undefined when it is not in memory. */
  verdictOf(changeSetId: string): RecentVerdict | undefined {
    return this.verdicts.get(changeSetId);
  }

  /** Recent proposals with their verdicts, newest first. */
  recentVerdicts(): RecentVerdict[] {
    return [...this.verdicts.values()].reverse();
  }

  get(changeSetId: string): ChangeSet | undefined {
    return this.entries.get(changeSetId)?.changeSet;
  }

  text(changeSetId: string, path: string, side: 'before' | 'after'): string | undefined {
    const file = this.entries.get(changeSetId)?.changeSet.files.find((f) => f.path === path);
    return side === 'before' ? file?.before?.text : file?.after?.text;
  }

  findings(changeSetId: string, path: string): readonly Finding[] {
    const file = this.entries.get(changeSetId)?.changeSet.files.find((f) => f.path === path);
    return file ? [...file.hunks.flatMap((h) => h.findings), ...file.fileFindings] : [];
  }

  async handle(message: Exclude<ViewToHost, { type: 'ready' }>): Promise<void> {
    switch (message.type) {
      case 'decideHunk':
        if (message.decision === 'pending') return;
        return this.decideOn(message.changeSetId, message.hunkIndex === 0 ? { kind: 'operation', path: message.path } : { kind: 'hunk', path: message.path, hunk: message.hunkIndex }, message.decision, message.comment);
      case 'decideFile':
        return this.decideOn(message.changeSetId, { kind: 'file', path: message.path }, message.decision, message.comment);
      case 'decideChangeSet':
        if (message.decision === 'approveClean') return this.decideOn(message.changeSetId, { kind: 'changeSet' }, 'approved', message.comment, true);
        return this.decideOn(message.changeSetId, { kind: 'changeSet' }, message.decision, message.comment);
      case 'openDiff':
        return this.openDiff(message.changeSetId, message.path);
      case 'openCwe':
        // Only on the person's click, and only to the fixed CWE site: nothing agent-supplied becomes a URL.
        await vscode.env.openExternal(vscode.Uri.parse(`https://cwe.mitre.org/data/definitions/${message.cwe}.html`));
        return;
    }
  }

  /** Records a decision; approving a finding at the confirmation severity asks once more, naming it, and records the reason. */
  async decideOn(changeSetId: string, target: DecideRequest['target'], verdict: 'approved' | 'rejected', comment?: string, onlyWithoutFindings = false): Promise<void> {
    const entry = this.requirePending(changeSetId);
    const gate = await this.gate();
    let confirmation: { reason: string } | undefined;
    for (;;) {
      try {
        entry.decisions = await gate.decide(changeSetId, { target, verdict, comment, confirmation, onlyWithoutFindings });
        break;
      } catch (error) {
        if (!isConfirmationRequired(error) || confirmation) throw error;
        const reason = await this.confirmCritical(entry.changeSet, error.message);
        if (reason === undefined) return;
        confirmation = { reason };
      }
    }
    this.changed.fire();
    if (decisionProgress(entry.changeSet, entry.decisions).complete) await this.finalize(entry);
  }

  private async confirmCritical(changeSet: ChangeSet, detail: string): Promise<string | undefined> {
    const choice = await vscode.window.showWarningMessage(
      `Approve a change with a critical finding from ${sourceLabel(changeSet)}?`,
      { modal: true, detail: `${detail}\n\nApproving writes this into your workspace. Your reason is recorded in the audit log.` },
      'Approve anyway…',
    );
    if (choice !== 'Approve anyway…') return undefined;
    const reason = await vscode.window.showInputBox({
      title: 'Why approve despite the critical finding?',
      prompt: 'Recorded in the audit log with your decision.',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim().length < 3 ? 'Give a reason (at least 3 characters).' : undefined),
    });
    return reason?.trim() || undefined;
  }

  /** Every unit is decided: apply (or, in answer mode, work out what the agent may write) and tell whoever waits. */
  private async finalize(entry: Entry): Promise<void> {
    const gate = await this.gate();
    const id = entry.changeSet.id;
    const outcome = describeOutcome(entry.changeSet, entry.decisions);
    if (outcome.state === 'rejected') {
      await gate.close(id, 'rejected');
      this.complete(entry, 'rejected', { ...empty(id, 'rejected', formatOutcomeForAgent(outcome)), outcome });
      return;
    }
    entry.state = 'applying';
    this.changed.fire();
    try {
      if (entry.mode === 'answer') {
        const approvedContents = new Map<string, string | undefined>();
        for (const file of entry.changeSet.files) {
          const result = approvedFileResult(file, entry.decisions);
          if (result.exists) approvedContents.set(result.path, result.text ?? Buffer.from(result.bytes).toString('utf8'));
          else if (file.status === 'deleted' && outcome.files.find((f) => f.path === file.path)?.state === 'approved') approvedContents.set(file.path, undefined);
        }
        await gate.close(id, 'appliedByAgent');
        this.complete(entry, outcome.state === 'approved' ? 'applied' : 'partially-applied', { changeSetId: id, state: outcome.state === 'approved' ? 'approved' : 'partial', outcome, message: formatOutcomeForAgent(outcome), approvedContents, applied: [] });
        return;
      }
      await entry.beforeApply?.();
      const plan = await gate.plan(id);
      entry.conflicts = new Map(plan.conflicts.map((c) => [c.path, `Changed since the proposal; not applied: ${c.reason}`]));
      if (plan.conflicts.length) {
        const proceed = await vscode.window.showWarningMessage(
          `Agent Guard: ${plan.conflicts.length} file${plan.conflicts.length === 1 ? '' : 's'} changed since the agent proposed this, and the approved hunks no longer apply cleanly.`,
          { modal: true, detail: plan.conflicts.map((c) => `${c.path}: ${c.reason}`).join('\n') },
          'Apply the other files',
        );
        if (proceed !== 'Apply the other files') {
          entry.state = 'pending';
          this.changed.fire();
          return;
        }
      }
      const { result } = await gate.apply(id, { onConflict: 'skipConflicting' });
      const applied = result.record.files.map((f) => ({ path: f.path, sha256: f.after?.sha256 ?? null }));
      const conflictNote = plan.conflicts.length ? `\nNot applied because the file changed since the proposal: ${plan.conflicts.map((c) => c.path).join(', ')}.` : '';
      const complete = outcome.state === 'approved' && plan.conflicts.length === 0;
      this.complete(entry, complete ? 'applied' : 'partially-applied', { changeSetId: id, state: complete ? 'approved' : 'partial', outcome, message: formatOutcomeForAgent(outcome) + conflictNote, approvedContents: new Map(), applied });
    } catch (error) {
      entry.state = 'pending';
      this.changed.fire();
      throw error;
    }
  }

  private complete(entry: Entry, state: ChangeSetState, result: ReviewResult): void {
    entry.state = state;
    for (const resolve of entry.waiters.splice(0)) resolve(result);
    this.log.info(`${entry.changeSet.id}: ${result.state}`);
    this.changed.fire();
  }

  /** Reverts the last approved apply through the gate (audited); refused with the reason when a file changed since. */
  async revertLast(): Promise<{ changeSetId: string; files: string[] }> {
    return (await this.gate()).revertLast();
  }

  /** Reverts every apply since a time or a change set through the gate (audited); conflicts are reported, not overwritten. */
  async revertSince(target: RevertTarget): Promise<RevertSinceResult> {
    return (await this.gate()).revertSince(target);
  }

  /** Writes a lockdown engage or release to the audit log. */
  async recordLockdown(actor: string, data: Record<string, unknown>): Promise<void> {
    await (await this.gate()).recordLockdown(actor, data);
  }

  /** Refuses every pending change set whose agent waits for an answer (the hook road), for a lockdown; returns their ids. */
  async denyWaiting(reason: string): Promise<string[]> {
    const waiting = [...this.entries.values()].filter((e) => e.state === 'pending' && e.mode === 'answer').map((e) => e.changeSet.id);
    for (const id of waiting) await this.deny(id, reason);
    return waiting;
  }

  /** Refuses a pending change set on the person's behalf (lockdown), telling whoever waits. */
  async deny(changeSetId: string, reason: string): Promise<void> {
    const entry = this.entries.get(changeSetId);
    if (!entry || entry.state !== 'pending') return;
    await (await this.gate()).close(changeSetId, 'withdrawn');
    this.complete(entry, 'denied', empty(changeSetId, 'denied', reason));
  }

  private requirePending(changeSetId: string): Entry {
    const entry = this.entries.get(changeSetId);
    if (!entry) throw new Error(`no change set ${changeSetId}`);
    if (entry.state !== 'pending') throw new Error(`${changeSetId} is already ${entry.state}`);
    return entry;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

/**
 * The gate runs in the engine bundle, whose DecisionError is not this bundle's class, so `instanceof`
 * cannot see it: the error's name and reason say what it is.
 */
function isConfirmationRequired(error: unknown): error is Error {
  return error instanceof Error && error.name === 'DecisionError' && (error as { reason?: unknown }).reason === 'confirmationRequired';
}

function empty(changeSetId: string, state: ReviewResult['state'], message: string): ReviewResult {
  return { changeSetId, state, message, approvedContents: new Map(), applied: [] };
}
