import type { LockdownState } from '../../core/lockdown/lockdown';
import { LOCKDOWN_MESSAGE } from '../../core/lockdown/lockdown';
import type { Finding } from '../../core/model/finding';
import type { PolicyVerdict } from '../../core/policy/evaluate';
import type { Decisions } from '../../core/review/decisions';
import { unitRecord } from '../../core/review/decisions';
import type { ChangeSet, FileChange, ReviewHunk } from '../../core/review/model';
import type { ChangeSetState, ViewChangeSet, ViewFile, ViewFinding, ViewHunk, ViewLine, ViewLockdown } from './protocol';

/** How the panel labels a change set's origin: "Claude Code · hook", "guard", "api". */
export function sourceLabel(changeSet: ChangeSet): string {
  const { agent, channel } = changeSet.source;
  return agent ? `${agent} · ${channel}` : channel;
}

function toViewFinding(finding: Finding): ViewFinding {
  return {
    ruleId: finding.ruleId,
    category: finding.category,
    severity: finding.severity,
    message: finding.message,
    explanation: finding.explanation,
    remediation: finding.remediation,
    cwe: finding.cwe,
    line: finding.range.startLine,
    column: finding.range.startColumn,
    evidence: finding.evidence,
  };
}

function toViewLines(hunk: ReviewHunk): ViewLine[] {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  return hunk.lines.map((raw): ViewLine => {
    const text = raw.slice(1).replace(/\r$/, '');
    switch (raw[0]) {
      case '+':
        return { kind: 'add', newLine: newLine++, text };
      case '-':
        return { kind: 'del', oldLine: oldLine++, text };
      case '\\':
        return { kind: 'note', text: raw.slice(2) };
      default:
        return { kind: 'context', oldLine: oldLine++, newLine: newLine++, text };
    }
  });
}

/** The mask shown in place of a secret's characters in the diff. */
const MASK = '•';

/**
 * Masks every secret finding's span on the proposed lines, keeping its first four characters, so the
 * panel (like every report and log) never shows a whole key, even in the code it displays.
 */
function maskSecrets(lines: ViewLine[], findings: readonly Finding[]): ViewLine[] {
  const secrets = findings.filter((f) => f.category === 'secret');
  if (secrets.length === 0) return lines;
  return lines.map((line) => {
    if (line.newLine === undefined || line.kind === 'del') return line;
    let text = line.text;
    for (const finding of secrets) {
      const { startLine, startColumn, endLine, endColumn } = finding.range;
      if (line.newLine < startLine || line.newLine > endLine) continue;
      const from = line.newLine === startLine ? Math.min(startColumn - 1 + 4, text.length) : 0;
      const to = line.newLine === endLine ? Math.min(endColumn - 1, text.length) : text.length;
      if (to > from) text = text.slice(0, from) + MASK.repeat(Math.min(to - from, 24)) + text.slice(to);
    }
    return text === line.text ? line : { ...line, text };
  });
}

function toViewHunk(file: FileChange, hunk: ReviewHunk, decisions: Decisions): ViewHunk {
  const record = unitRecord(decisions, file.path, { kind: 'hunk', index: hunk.index });
  return {
    index: hunk.index,
    header: `@@ -${hunk.oldStart},${hunk.oldLines} +${hunk.newStart},${hunk.newLines} @@`,
    risk: hunk.risk,
    decision: record?.verdict ?? 'pending',
    comment: record?.comment,
    lines: maskSecrets(toViewLines(hunk), [...hunk.findings, ...file.fileFindings]),
    findings: hunk.findings.map(toViewFinding),
  };
}

function toViewFile(file: FileChange, decisions: Decisions, conflict: string | undefined): ViewFile {
  const fileFindings = file.fileFindings.map(toViewFinding);
  if (file.operation) {
    // A rename, mode change or binary file is one unit of its own; show it as a one-line "hunk".
    const record = unitRecord(decisions, file.path, { kind: 'operation' });
    const operationHunk: ViewHunk = {
      index: 0,
      header: file.operation.description,
      risk: file.risk,
      decision: record?.verdict ?? 'pending',
      comment: record?.comment,
      lines: [],
      findings: [],
    };
    return { path: file.path, previousPath: file.previousPath, status: file.status, binary: file.kind === 'binary', risk: file.risk, hunks: [operationHunk, ...file.hunks.map((h) => toViewHunk(file, h, decisions))], fileFindings, conflict };
  }
  return { path: file.path, previousPath: file.previousPath, status: file.status, binary: file.kind === 'binary', risk: file.risk, hunks: file.hunks.map((h) => toViewHunk(file, h, decisions)), fileFindings, conflict };
}

/** Adds which policy rule decided the file, in words, when the verdict is known. */
function withPolicy(view: ViewFile, verdict: PolicyVerdict | undefined): ViewFile {
  const file = verdict?.files.find((f) => f.path === view.path);
  if (!file) return view;
  const action = file.action === 'deny' ? 'denied' : file.action === 'autoApprove' ? 'auto-approved' : 'needs review';
  return { ...view, policy: { action: file.action, rule: file.rule, text: `Policy: ${action} by ${file.rule} — ${file.reasons.join('; ')}` } };
}

/** A change set with its decisions, as the webview and the tree show it. */
export function toViewChangeSet(changeSet: ChangeSet, decisions: Decisions, state: ChangeSetState, extras: { policyNote?: string; conflicts?: ReadonlyMap<string, string>; verdict?: PolicyVerdict } = {}): ViewChangeSet {
  return {
    id: changeSet.id,
    sourceLabel: sourceLabel(changeSet),
    createdAt: changeSet.createdAt,
    risk: changeSet.risk,
    summary: changeSet.source.message ? `${changeSet.summary} — agent says: ${changeSet.source.message}` : changeSet.summary,
    state,
    policyNote: extras.policyNote,
    files: changeSet.files.map((file) => withPolicy(toViewFile(file, decisions, extras.conflicts?.get(file.path)), extras.verdict)),
  };
}

/** The lockdown banner's data: only what the panel shows, nothing when the gate is open. */
export function toViewLockdown(state: LockdownState): ViewLockdown {
  if (!state.locked) return { locked: false };
  return { locked: true, text: LOCKDOWN_MESSAGE, since: state.since, actor: state.actor, reason: state.reason };
}
