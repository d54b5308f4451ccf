import type { Finding, Severity } from '../model/finding';
import { meetsThreshold } from '../model/finding';
import { DecisionError } from './errors';
import type { ChangeSet, FileChange } from './model';

/** A person's (or a policy's) verdict on one unit. Undecided units have no record: they are pending. */
export type Verdict = 'approved' | 'rejected';

/** One recorded decision on one unit (a hunk, or a file's operation). */
export interface DecisionRecord {
  verdict: Verdict;
  /** Who decided: a person's name or "user", or "policy" for an auto-approval. */
  actor: string;
  /** ISO 8601. */
  time: string;
  /** The level the person decided at; a file-level approve writes one record per unit. */
  scope: 'hunk' | 'operation' | 'file' | 'changeSet';
  /** Goes back to the agent. */
  comment?: string;
  /** The second, explicit confirmation for findings at or above the confirmation severity. */
  confirmation?: { reason: string; findings: string[] };
  /** Set on auto-approvals: the policy rule that allowed it and why. */
  auto?: { rule: string; reason: string };
}

/** Decisions on one file's units. Hunks are keyed by their 1-based index. */
export interface FileDecisions {
  hunks: Record<string, DecisionRecord>;
  /** The decision on the file's operation (rename, mode, encoding, empty create/delete, binary). */
  operation?: DecisionRecord;
  /** A comment on the file as a whole. */
  comment?: string;
}

/** Every decision on one change set, keyed by file path. Plain JSON; treat as immutable. */
export interface Decisions {
  changeSetId: string;
  files: Record<string, FileDecisions>;
  /** A comment on the whole change set. */
  comment?: string;
}

/** What a decision applies to. A file or change-set decision writes a record for each unit under it. */
export type DecisionTarget =
  | { kind: 'changeSet' }
  | { kind: 'file'; path: string }
  | { kind: 'hunk'; path: string; hunk: number }
  | { kind: 'operation'; path: string };

/** A request to record a decision. */
export interface DecideRequest {
  target: DecisionTarget;
  verdict: Verdict;
  actor: string;
  comment?: string;
  /**
   * Required to approve units that hold a finding at or above the confirmation severity: the person's
   * reason, recorded with the decision and in the audit log.
   */
  confirmation?: { reason: string };
  /** For file and change-set targets: decide only the units that hold no finding ("approve all without findings"). */
  onlyWithoutFindings?: boolean;
  /** Clock, for tests. */
  now?: Date;
}

/** The part of the policy that decisions need. */
export interface ConfirmationPolicy {
  /** Findings at or above this severity need the second confirmation (default critical). */
  confirmSeverity: Severity;
}

/** Critical findings need the second confirmation; nothing else does. */
export const DEFAULT_CONFIRMATION: ConfirmationPolicy = { confirmSeverity: 'critical' };

/** A decidable unit of a file. */
export type Unit = { kind: 'hunk'; index: number } | { kind: 'operation' };

/** Fresh, empty decisions for a change set: everything pending. */
export function emptyDecisions(changeSet: ChangeSet): Decisions {
  return { changeSetId: changeSet.id, files: {} };
}

/** The units of a file in display order: its operation first (when it has one), then its hunks. */
export function unitsOf(file: FileChange): Unit[] {
  const units: Unit[] = file.operation ? [{ kind: 'operation' }] : [];
  for (const hunk of file.hunks) units.push({ kind: 'hunk', index: hunk.index });
  return units;
}

/**
 * The findings a unit carries. Findings on no hunk belong to the operation when the file has one, and
 * otherwise to every hunk of the file (approving any part of the file approves them).
 */
export function findingsOfUnit(file: FileChange, unit: Unit): Finding[] {
  if (unit.kind === 'operation') return file.fileFindings;
  const hunk = file.hunks.find((h) => h.index === unit.index);
  return [...(hunk?.findings ?? []), ...(file.operation ? [] : file.fileFindings)];
}

/** The verdict on a unit, or pending when nobody decided it. */
export function unitVerdict(decisions: Decisions, path: string, unit: Unit): Verdict | 'pending' {
  const file = decisions.files[path];
  const record = unit.kind === 'operation' ? file?.operation : file?.hunks[String(unit.index)];
  return record?.verdict ?? 'pending';
}

/** The record of a unit's decision, if any. */
export function unitRecord(decisions: Decisions, path: string, unit: Unit): DecisionRecord | undefined {
  const file = decisions.files[path];
  return unit.kind === 'operation' ? file?.operation : file?.hunks[String(unit.index)];
}

function fileOf(changeSet: ChangeSet, path: string): FileChange {
  const file = changeSet.files.find((f) => f.path === path);
  if (!file) throw new DecisionError('unknownTarget', `${JSON.stringify(path)} is not in change set ${changeSet.id}`);
  return file;
}

function targetUnits(changeSet: ChangeSet, target: DecisionTarget): { file: FileChange; unit: Unit }[] {
  switch (target.kind) {
    case 'changeSet':
      return changeSet.files.flatMap((file) => unitsOf(file).map((unit) => ({ file, unit })));
    case 'file': {
      const file = fileOf(changeSet, target.path);
      return unitsOf(file).map((unit) => ({ file, unit }));
    }
    case 'hunk': {
      const file = fileOf(changeSet, target.path);
      if (!file.hunks.some((h) => h.index === target.hunk)) throw new DecisionError('unknownTarget', `${JSON.stringify(target.path)} has no hunk ${target.hunk}`);
      return [{ file, unit: { kind: 'hunk', index: target.hunk } }];
    }
    case 'operation': {
      const file = fileOf(changeSet, target.path);
      if (!file.operation) throw new DecisionError('unknownTarget', `${JSON.stringify(target.path)} has no file operation to decide`);
      return [{ file, unit: { kind: 'operation' } }];
    }
  }
}

/**
 * The findings an approval of `target` would accept that need the second confirmation under `policy`.
 * The UI asks for a reason when this is non-empty.
 */
export function findingsNeedingConfirmation(changeSet: ChangeSet, target: DecisionTarget, policy: ConfirmationPolicy = DEFAULT_CONFIRMATION, onlyWithoutFindings = false): Finding[] {
  if (onlyWithoutFindings) return [];
  const seen = new Set<string>();
  const result: Finding[] = [];
  for (const { file, unit } of targetUnits(changeSet, target)) {
    for (const finding of findingsOfUnit(file, unit)) {
      const key = `${file.path}\0${finding.fingerprint}`;
      if (meetsThreshold(finding.severity, policy.confirmSeverity) && !seen.has(key)) {
        seen.add(key);
        result.push(finding);
      }
    }
  }
  return result;
}

/**
 * Records a decision and returns the new decisions; the input is not modified. A file or change-set
 * decision overwrites the records of every unit under it (it is what "Approve file" means). Approving
 * units with findings at or above the confirmation severity throws DecisionError('confirmationRequired')
 * unless `request.confirmation.reason` is given; the error lists the findings' fingerprints.
 */
export function decide(changeSet: ChangeSet, decisions: Decisions, request: DecideRequest, policy: ConfirmationPolicy = DEFAULT_CONFIRMATION): Decisions {
  if (decisions.changeSetId !== changeSet.id) throw new DecisionError('invalidInput', `the decisions belong to ${decisions.changeSetId}, not ${changeSet.id}`);
  if (request.verdict !== 'approved' && request.verdict !== 'rejected') throw new DecisionError('invalidInput', `unknown verdict ${JSON.stringify(request.verdict)}`);
  if (typeof request.actor !== 'string' || request.actor.trim() === '') throw new DecisionError('invalidInput', 'a decision needs an actor');
  let units = targetUnits(changeSet, request.target);
  if (request.onlyWithoutFindings) units = units.filter(({ file, unit }) => findingsOfUnit(file, unit).length === 0);
  let confirmation: DecisionRecord['confirmation'];
  if (request.verdict === 'approved') {
    const needing = findingsNeedingConfirmation(changeSet, request.target, policy, request.onlyWithoutFindings);
    if (needing.length > 0) {
      const reason = request.confirmation?.reason?.trim();
      if (!reason) {
        const names = needing.slice(0, 3).map((f) => `${f.ruleId} in ${f.file}:${f.range.startLine}`).join(', ');
        throw new DecisionError('confirmationRequired', `approving this accepts ${needing.length} finding(s) at or above ${policy.confirmSeverity} (${names}); confirm with a reason`, needing.map((f) => f.fingerprint));
      }
      confirmation = { reason, findings: needing.map((f) => f.fingerprint) };
    }
  }
  const scope: DecisionRecord['scope'] = request.target.kind;
  const record: DecisionRecord = {
    verdict: request.verdict,
    actor: request.actor,
    time: (request.now ?? new Date()).toISOString(),
    scope,
    ...(request.comment ? { comment: request.comment } : {}),
  };
  const files: Record<string, FileDecisions> = {};
  for (const [path, entry] of Object.entries(decisions.files)) files[path] = { ...entry, hunks: { ...entry.hunks } };
  for (const { file, unit } of units) {
    const entry = (files[file.path] ??= { hunks: {} });
    // The confirmation is recorded on the units whose findings needed it.
    const needs = confirmation && findingsOfUnit(file, unit).some((f) => confirmation!.findings.includes(f.fingerprint));
    const unitRecordValue = needs ? { ...record, confirmation } : record;
    if (unit.kind === 'operation') entry.operation = unitRecordValue;
    else entry.hunks[String(unit.index)] = unitRecordValue;
  }
  const result: Decisions = { ...decisions, files };
  if (request.comment && request.target.kind === 'file') files[request.target.path] = { ...(files[request.target.path] ?? { hunks: {} }), comment: request.comment };
  if (request.comment && request.target.kind === 'changeSet') result.comment = request.comment;
  return result;
}

/** Records a policy's auto-approval of every unit, with the rule that allowed it. */
export function autoApprove(changeSet: ChangeSet, decisions: Decisions, rule: string, reason: string, now = new Date()): Decisions {
  const record: DecisionRecord = { verdict: 'approved', actor: 'policy', time: now.toISOString(), scope: 'changeSet', auto: { rule, reason } };
  const files: Record<string, FileDecisions> = {};
  for (const file of changeSet.files) {
    const entry: FileDecisions = { hunks: {} };
    for (const unit of unitsOf(file)) {
      if (unit.kind === 'operation') entry.operation = record;
      else entry.hunks[String(unit.index)] = record;
    }
    files[file.path] = entry;
  }
  return { ...decisions, files };
}

/** How far the review of a change set has come. */
export interface DecisionProgress {
  units: number;
  approved: number;
  rejected: number;
  pending: number;
  /** Every unit decided. */
  complete: boolean;
}

/** Counts decided and pending units. */
export function decisionProgress(changeSet: ChangeSet, decisions: Decisions): DecisionProgress {
  let approved = 0;
  let rejected = 0;
  let pending = 0;
  for (const file of changeSet.files) {
    for (const unit of unitsOf(file)) {
      const verdict = unitVerdict(decisions, file.path, unit);
      if (verdict === 'approved') approved++;
      else if (verdict === 'rejected') rejected++;
      else pending++;
    }
  }
  return { units: approved + rejected + pending, approved, rejected, pending, complete: pending === 0 };
}

/** The state of a file or change set from its units: all approved, all rejected, a mix, or not all decided. */
export type OutcomeState = 'approved' | 'rejected' | 'partial' | 'pending';

/** A finding as the agent is told about it: enough to fix it, masked already. */
export interface OutcomeFinding {
  ruleId: string;
  severity: Severity;
  message: string;
  line: number;
  remediation: string;
}

/** What was decided for one file, for the agent and the audit log. */
export interface FileOutcome {
  path: string;
  previousPath?: string;
  status: FileChange['status'];
  state: OutcomeState;
  comment?: string;
  operation?: { description: string; verdict: Verdict | 'pending'; comment?: string };
  hunks: { index: number; oldStart: number; newStart: number; verdict: Verdict | 'pending'; comment?: string; findings: OutcomeFinding[] }[];
}

/** What was decided for a change set: per file and hunk, with comments and findings. */
export interface ReviewOutcome {
  changeSetId: string;
  state: OutcomeState;
  comment?: string;
  files: FileOutcome[];
}

function stateOf(verdicts: readonly (Verdict | 'pending')[]): OutcomeState {
  if (verdicts.some((v) => v === 'pending')) return 'pending';
  if (verdicts.every((v) => v === 'approved')) return 'approved';
  if (verdicts.every((v) => v === 'rejected')) return 'rejected';
  return 'partial';
}

function toOutcomeFinding(f: Finding): OutcomeFinding {
  return { ruleId: f.ruleId, severity: f.severity, message: f.message, line: f.range.startLine, remediation: f.remediation };
}

/** Summarizes the decisions for the agent (tool result, hook answer) and the log. */
export function describeOutcome(changeSet: ChangeSet, decisions: Decisions): ReviewOutcome {
  const files = changeSet.files.map((file): FileOutcome => {
    const entry = decisions.files[file.path];
    const operation = file.operation && {
      description: file.operation.description,
      verdict: unitVerdict(decisions, file.path, { kind: 'operation' }),
      ...(entry?.operation?.comment ? { comment: entry.operation.comment } : {}),
    };
    const hunks = file.hunks.map((h) => {
      const record = entry?.hunks[String(h.index)];
      return { index: h.index, oldStart: h.oldStart, newStart: h.newStart, verdict: record?.verdict ?? ('pending' as const), ...(record?.comment ? { comment: record.comment } : {}), findings: h.findings.map(toOutcomeFinding) };
    });
    const verdicts = [...(operation ? [operation.verdict] : []), ...hunks.map((h) => h.verdict)];
    return { path: file.path, previousPath: file.previousPath, status: file.status, state: stateOf(verdicts), ...(entry?.comment ? { comment: entry.comment } : {}), ...(operation ? { operation } : {}), hunks };
  });
  const all = files.map((f) => f.state);
  const state: OutcomeState = all.includes('pending') ? 'pending' : all.every((s) => s === 'approved') ? 'approved' : all.every((s) => s === 'rejected') ? 'rejected' : 'partial';
  return { changeSetId: changeSet.id, state, ...(decisions.comment ? { comment: decisions.comment } : {}), files };
}

/**
 * The outcome as plain text an agent can act on: what was applied, what was rejected and why (comments
 * and findings), so it can correct itself.
 */
export function formatOutcomeForAgent(outcome: ReviewOutcome): string {
  const lines = [`Change set ${outcome.changeSetId}: ${outcome.state}.`];
  if (outcome.comment) lines.push(`Reviewer: ${outcome.comment}`);
  for (const file of outcome.files) {
    lines.push(`- ${file.path} (${file.status}): ${file.state}${file.comment ? ` — ${file.comment}` : ''}`);
    if (file.operation) lines.push(`  ${file.operation.description}: ${file.operation.verdict}${file.operation.comment ? ` — ${file.operation.comment}` : ''}`);
    // A fully approved file needs no detail; anything else lists each hunk's verdict and findings.
    if (file.state === 'approved') continue;
    for (const hunk of file.hunks) {
      lines.push(`  hunk ${hunk.index} (line ${hunk.newStart}): ${hunk.verdict}${hunk.comment ? ` — ${hunk.comment}` : ''}`);
      for (const f of hunk.findings) lines.push(`    ${f.severity} ${f.ruleId} line ${f.line}: ${f.message}. Fix: ${f.remediation}`);
    }
  }
  return lines.join('\n');
}
