/**
 * Builders for the data of common audit entries, so every road logs the same shape. They hold hashes,
 * paths, counts and masked findings; never file contents.
 */
import type { Finding } from '../model/finding';
import type { PolicyVerdict } from '../policy/evaluate';
import type { ApplyRecord } from '../review/backups';
import type { DecideRequest } from '../review/decisions';
import type { ChangeSet, ChangeSource } from '../review/model';
import { findingsOfFile } from '../review/risk';
import { hunkContentHash } from '../alerts/hunkHash';

function findingData(f: Finding): Record<string, unknown> {
  return { ruleId: f.ruleId, severity: f.severity, category: f.category, file: f.file, line: f.range.startLine, message: f.message, evidence: f.evidence, fingerprint: f.fingerprint };
}

/** A proposal: who, what files (hashes of both sides), counts, risk and summary. */
export function proposalEvent(changeSet: ChangeSet): Record<string, unknown> {
  return {
    changeSetId: changeSet.id,
    source: { ...changeSet.source },
    risk: changeSet.risk,
    summary: changeSet.summary,
    stats: changeSet.stats,
    files: changeSet.files.map((f) => ({
      path: f.path,
      previousPath: f.previousPath,
      status: f.status,
      kind: f.kind,
      beforeSha256: f.before?.sha256,
      afterSha256: f.after?.sha256,
      hunks: f.hunks.length,
      // Per hunk, a hash of its changed lines (null when trivial): lets alerts spot a rejected hunk proposed again.
      hunkHashes: f.hunks.map((h) => ({ index: h.index, sha256: hunkContentHash(h) })),
      additions: f.additions,
      deletions: f.deletions,
      operation: f.operation?.description,
    })),
  };
}

/** The findings of a change set, one list, masked (as the engine already masks them). */
export function findingsEvent(changeSet: ChangeSet): Record<string, unknown> {
  return { changeSetId: changeSet.id, findings: changeSet.files.flatMap(findingsOfFile).map(findingData) };
}

/** The policy's verdict, with the deciding rule and why, and the rule that decided each file. */
export function policyEvent(changeSet: ChangeSet, verdict: PolicyVerdict): Record<string, unknown> {
  return {
    changeSetId: changeSet.id,
    source: { channel: changeSet.source.channel, agent: changeSet.source.agent },
    action: verdict.action,
    rule: verdict.rule,
    reasons: verdict.reasons,
    // Per file: the deciding rule. Reasons only where a rule decided; the default blockers are in `reasons` above.
    files: verdict.files.map((f) => ({ path: f.path, action: f.action, rule: f.rule, ...(f.rule === 'default:review' ? {} : { reasons: f.reasons }), ...(f.matchedRules ? { matchedRules: f.matchedRules } : {}), ...(f.sensitive ? { sensitive: f.sensitive.pattern } : {}) })),
  };
}

/** A proposal the policy denied: a refusal naming the rule, so the refusal stream shows every road's denials. */
export function policyRefusalEvent(changeSet: ChangeSet, verdict: PolicyVerdict): Record<string, unknown> {
  const denied = verdict.files.filter((f) => f.action === 'deny');
  return {
    source: { ...changeSet.source },
    changeSetId: changeSet.id,
    reason: 'policyDenied',
    rule: verdict.rule,
    message: verdict.reasons.join('; '),
    paths: denied.map((f) => f.path),
    files: denied.map((f) => ({ path: f.path, rule: f.rule, afterSha256: changeSet.files.find((c) => c.path === f.path)?.after?.sha256 })),
  };
}

/** One decision: the target, the verdict, the comment and the confirmation reason. */
export function decisionEvent(changeSet: ChangeSet, request: DecideRequest): Record<string, unknown> {
  return {
    changeSetId: changeSet.id,
    target: request.target,
    verdict: request.verdict,
    comment: request.comment,
    confirmationReason: request.confirmation?.reason,
    onlyWithoutFindings: request.onlyWithoutFindings,
  };
}

/** An apply: each file's path, action and resulting hashes. */
export function applyEvent(record: ApplyRecord): Record<string, unknown> {
  return { applyId: record.applyId, changeSetId: record.changeSetId, files: record.files.map((f) => ({ path: f.path, sourcePath: f.sourcePath, action: f.action, beforeSha256: f.before?.sha256, afterSha256: f.after?.sha256, mode: f.after?.mode })) };
}

/** A refused proposal or apply: the source, the reason code and the message. */
export function refusalEvent(source: ChangeSource | undefined, error: { reason: string; message: string; path?: string }): Record<string, unknown> {
  return { source: source && { ...source }, reason: error.reason, message: error.message, path: error.path };
}
