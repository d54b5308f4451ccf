import * as vscode from 'vscode';
import type { Finding } from '../../core/model/finding';
import type { ChangeSetInput, ContentChange } from '../../core/review/build';
import type { Decisions, ReviewOutcome } from '../../core/review/decisions';
import { decide, decisionProgress, describeOutcome, emptyDecisions, formatOutcomeForAgent } from '../../core/review/decisions';
import { DecisionError } from '../../core/review/errors';
import type { ChangeSet } from '../../core/review/model';
import type { ApplyPlan } from '../../core/review/plan';
import type { ApplyResult } from '../../core/review/apply';
import type { BackupStore } from '../../core/review/backups';
import type { WorkspaceFs } from '../../core/fs/workspaceFs';
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

/** What a proposal comes to once a person has decided. */
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

/** Where decisions are recorded; the audit log implements it. */
export interface ReviewEvents {
  proposed(changeSet: ChangeSet): void;
  decided(changeSet: ChangeSet, decisions: Decisions, detail: { target: string; verdict: string; comment?: string; confirmation?: string }): void;
  applied(changeSet: ChangeSet, result: ApplyResult | undefined, outcome: ReviewOutcome): void;
  refused(source: ChangeSetInput['source'], reason: string): void;
}

/** Keeps pending change sets across reloads. */
export interface PendingStore {
  save(entry: StoredEntry): Promise<void>;
  remove(changeSetId: string): Promise<void>;
  loadAll(): Promise<StoredEntry[]>;
}

/** A pending change set as stored. */
export interface StoredEntry {
  changeSet: ChangeSet;
  decisions: Decisions;
  mode: ApplyMode;
}

/** The parts of the review core the service calls; injected so tests and the guard can share one service. */
export interface ReviewCore {
  build(input: ChangeSetInput, fs: WorkspaceFs): Promise<ChangeSet>;
  buildFromContents(source: ChangeSetInput['source'], changes: readonly ContentChange[]): Promise<ChangeSet>;
  plan(changeSet: ChangeSet, decisions: Decisions, fs: WorkspaceFs): Promise<ApplyPlan>;
  execute(plan: ApplyPlan, fs: WorkspaceFs, backups: BackupStore, options: { onConflict: 'abort' | 'skipConflicting' }): Promise<ApplyResult>;
}

interface Entry {
  changeSet: ChangeSet;
  decisions: Decisions;
  state: ChangeSetState;
  mode: ApplyMode;
  conflicts: Map<string, string>;
  policyNote?: string;
  result?: ReviewResult;
  /** Runs right before the apply is planned (the guard puts baselines back in review mode). */
  beforeApply?: () => Promise<void>;
  waiters: ((result: ReviewResult) => void)[];
}

/** Options of a proposal. */
export interface ProposeOptions {
  signal?: AbortSignal;
  policyNote?: string;
  beforeApply?: () => Promise<void>;
}

/** How many decided change sets stay visible under the pending ones, for context. */
const DECIDED_KEPT = 10;

/**
 * The one review queue. Every road (API, tool, hook, guard) proposes here, gets the same views and
 * policy, and waits for the same person's decision.
 */
export class ReviewService implements ReviewPanelActions, ReviewQueueView, ProposedContentSource, vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  /** Set by the extension: opens the panel on a change set. */
  reveal: (changeSetId: string, path?: string, hunk?: number) => void = () => undefined;
  /** Set by the extension: opens the native diff of one file. */
  openDiff: (changeSetId: string, path: string) => Promise<void> = async () => undefined;

  constructor(
    private readonly fs: WorkspaceFs,
    private readonly backups: BackupStore,
    private readonly core: ReviewCore,
    private readonly log: vscode.LogOutputChannel,
    private readonly events: ReviewEvents,
    private readonly store?: PendingStore,
  ) {}

  /** Restores change sets left pending by a reload or a crash. Their agents are gone, so the gate applies them itself. */
  async restore(): Promise<number> {
    if (!this.store) return 0;
    const stored = await this.store.loadAll();
    for (const entry of stored) {
      if (this.entries.has(entry.changeSet.id)) continue;
      this.entries.set(entry.changeSet.id, { changeSet: entry.changeSet, decisions: entry.decisions, state: 'pending', mode: 'write', conflicts: new Map(), waiters: [] });
    }
    if (stored.length) this.changed.fire();
    return stored.length;
  }

  /**
   * Builds a change set from an agent's proposal, queues it, and resolves when a person has decided
   * (and, in write mode, the approved parts are applied). Bad input throws ChangeSetError and is logged.
   */
  async propose(input: ChangeSetInput, mode: ApplyMode, options: ProposeOptions = {}): Promise<ReviewResult> {
    let changeSet: ChangeSet;
    try {
      changeSet = await this.core.build(input, this.fs);
    } catch (error) {
      this.events.refused(input.source, error instanceof Error ? error.message : String(error));
      throw error;
    }
    return (await this.enqueue(changeSet, mode, options)).decision;
  }

  /**
   * Queues changes given as bytes (the file-system guard's road). Resolves once the change set is queued
   * and stored, so the caller may then restore the files; `decision` resolves when the person decides.
   */
  async proposeContents(source: ChangeSetInput['source'], changes: readonly ContentChange[], mode: ApplyMode, options: ProposeOptions = {}): Promise<{ changeSet: ChangeSet; decision: Promise<ReviewResult> }> {
    let changeSet: ChangeSet;
    try {
      changeSet = await this.core.buildFromContents(source, changes);
    } catch (error) {
      this.events.refused(source, error instanceof Error ? error.message : String(error));
      throw error;
    }
    return this.enqueue(changeSet, mode, options);
  }

  private async enqueue(changeSet: ChangeSet, mode: ApplyMode, options: ProposeOptions): Promise<{ changeSet: ChangeSet; decision: Promise<ReviewResult> }> {
    this.events.proposed(changeSet);
    if (changeSet.files.length === 0) {
      return { changeSet, decision: Promise.resolve({ changeSetId: changeSet.id, state: 'approved', message: 'Nothing to change: every file already has the proposed content.', approvedContents: new Map(), applied: [] }) };
    }
    const entry: Entry = { changeSet, decisions: emptyDecisions(changeSet), state: 'pending', mode, conflicts: new Map(), policyNote: options.policyNote, beforeApply: options.beforeApply, waiters: [] };
    this.entries.set(changeSet.id, entry);
    await this.persist(entry);
    this.changed.fire();
    this.announce(changeSet);
    const decision = new Promise<ReviewResult>((resolve) => {
      entry.waiters.push(resolve);
      options.signal?.addEventListener('abort', () => this.log.info(`${changeSet.id}: the agent stopped waiting; the change stays pending`));
    });
    return { changeSet, decision };
  }

  private announce(changeSet: ChangeSet): void {
    const label = sourceLabel(changeSet);
    const files = changeSet.files.length;
    this.log.info(`${changeSet.id}: ${label} proposes ${files} file${files === 1 ? '' : 's'} (risk ${changeSet.risk})`);
    // An information message does not take focus from the editor.
    void vscode.window
      .showInformationMessage(`Agent Guard: ${label} proposes changes to ${files} file${files === 1 ? '' : 's'} (risk ${changeSet.risk.toUpperCase()}).`, 'Review')
      .then((choice) => {
        if (choice) this.reveal(changeSet.id);
      });
  }

  snapshot(): ViewChangeSet[] {
    const all = [...this.entries.values()];
    const pending = all.filter((e) => e.state === 'pending' || e.state === 'applying');
    const decided = all.filter((e) => e.state !== 'pending' && e.state !== 'applying').slice(-DECIDED_KEPT);
    return [...pending, ...decided].map((e) => toViewChangeSet(e.changeSet, e.decisions, e.state, { policyNote: e.policyNote, conflicts: e.conflicts }));
  }

  pendingCount(): number {
    return [...this.entries.values()].filter((e) => e.state === 'pending').length;
  }

  /** The change set, for commands that act on one. */
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
        if (message.decision === 'pending') return this.undo(message.changeSetId, message.path, message.hunkIndex);
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

  /** Records a decision; approving a critical finding asks once more, naming it, and records the reason. */
  async decideOn(
    changeSetId: string,
    target: Parameters<typeof decide>[2]['target'],
    verdict: 'approved' | 'rejected',
    comment?: string,
    onlyWithoutFindings = false,
  ): Promise<void> {
    const entry = this.requirePending(changeSetId);
    let confirmation: { reason: string } | undefined;
    for (;;) {
      try {
        entry.decisions = decide(entry.changeSet, entry.decisions, { target, verdict, actor: 'user', comment, confirmation, onlyWithoutFindings });
        break;
      } catch (error) {
        if (!(error instanceof DecisionError) || error.reason !== 'confirmationRequired' || confirmation) throw error;
        const reason = await this.confirmCritical(entry.changeSet, error.message);
        if (reason === undefined) return;
        confirmation = { reason };
      }
    }
    this.events.decided(entry.changeSet, entry.decisions, { target: describeTarget(target), verdict, comment, confirmation: confirmation?.reason });
    await this.persist(entry);
    this.changed.fire();
    if (decisionProgress(entry.changeSet, entry.decisions).complete) await this.finalize(entry);
  }

  private async undo(changeSetId: string, path: string, hunkIndex: number): Promise<void> {
    const entry = this.requirePending(changeSetId);
    const file = entry.decisions.files[path];
    if (!file) return;
    const copy: Decisions = JSON.parse(JSON.stringify(entry.decisions));
    if (hunkIndex === 0) delete copy.files[path].operation;
    else delete copy.files[path].hunks[String(hunkIndex)];
    entry.decisions = copy;
    await this.persist(entry);
    this.changed.fire();
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

  /** Every unit is decided: apply (or compute, in answer mode) and tell whoever waits. */
  private async finalize(entry: Entry): Promise<void> {
    const outcome = describeOutcome(entry.changeSet, entry.decisions);
    if (outcome.state === 'rejected') {
      this.complete(entry, 'rejected', { changeSetId: entry.changeSet.id, state: 'rejected', outcome, message: formatOutcomeForAgent(outcome), approvedContents: new Map(), applied: [] }, undefined);
      return;
    }
    entry.state = 'applying';
    this.changed.fire();
    try {
      await entry.beforeApply?.();
      const plan = await this.core.plan(entry.changeSet, entry.decisions, this.fs);
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
      const approvedContents = new Map<string, string | undefined>();
      for (const step of plan.steps) approvedContents.set(step.path, step.kind === 'delete' ? undefined : (step.text ?? Buffer.from(step.bytes).toString('utf8')));
      let result: ApplyResult | undefined;
      if (entry.mode === 'write' && plan.steps.length) result = await this.core.execute(plan, this.fs, this.backups, { onConflict: 'skipConflicting' });
      const applied = result ? result.record.files.map((f) => ({ path: f.path, sha256: f.after?.sha256 ?? null })) : [];
      const conflictNote = plan.conflicts.length ? `\nNot applied because the file changed since the proposal: ${plan.conflicts.map((c) => c.path).join(', ')}.` : '';
      const state = outcome.state === 'approved' && plan.conflicts.length === 0 ? 'approved' : 'partial';
      this.complete(entry, state === 'approved' ? 'applied' : 'partially-applied', { changeSetId: entry.changeSet.id, state, outcome, message: formatOutcomeForAgent(outcome) + conflictNote, approvedContents, applied }, result);
    } catch (error) {
      entry.state = 'pending';
      this.changed.fire();
      throw error;
    }
  }

  private complete(entry: Entry, state: ChangeSetState, result: ReviewResult, applyResult: ApplyResult | undefined): void {
    entry.state = state;
    entry.result = result;
    if (result.outcome) this.events.applied(entry.changeSet, applyResult, result.outcome);
    void this.store?.remove(entry.changeSet.id);
    for (const resolve of entry.waiters.splice(0)) resolve(result);
    this.log.info(`${entry.changeSet.id}: ${result.state}`);
    this.changed.fire();
  }

  /** Refuses a change set on the agent's behalf (lockdown, a deny rule), telling whoever waits. */
  deny(changeSetId: string, reason: string): void {
    const entry = this.entries.get(changeSetId);
    if (!entry || entry.state !== 'pending') return;
    this.complete(entry, 'denied', { changeSetId, state: 'denied', message: reason, approvedContents: new Map(), applied: [] }, undefined);
  }

  private requirePending(changeSetId: string): Entry {
    const entry = this.entries.get(changeSetId);
    if (!entry) throw new Error(`no change set ${changeSetId}`);
    if (entry.state !== 'pending') throw new Error(`${changeSetId} is already ${entry.state}`);
    return entry;
  }

  private async persist(entry: Entry): Promise<void> {
    try {
      await this.store?.save({ changeSet: entry.changeSet, decisions: entry.decisions, mode: entry.mode });
    } catch (error) {
      this.log.error(`could not save pending change ${entry.changeSet.id}: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function describeTarget(target: Parameters<typeof decide>[2]['target']): string {
  switch (target.kind) {
    case 'changeSet':
      return 'change set';
    case 'file':
      return target.path;
    case 'hunk':
      return `${target.path} hunk ${target.hunk}`;
    case 'operation':
      return `${target.path} (operation)`;
  }
}
