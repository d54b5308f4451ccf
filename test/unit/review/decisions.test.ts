import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildChangeSetFromContents } from '../../../src/core/review/build';
import { autoApprove, decide, decisionProgress, describeOutcome, emptyDecisions, findingsNeedingConfirmation, formatOutcomeForAgent, unitVerdict } from '../../../src/core/review/decisions';
import { DecisionError } from '../../../src/core/review/errors';
import { fakePem } from '../../helpers/fakeSecrets';

const BEFORE = ['export function a() {', '  return 1;', '}', '', '', '', '', '', '', 'export function b() {', '  return 2;', '}', ''].join('\n');

async function sample() {
  const pem = fakePem();
  const after = BEFORE.replace('return 1;', 'return 10;').replace('return 2;', `return \`${pem}\`;`);
  return buildChangeSetFromContents({ channel: 'tool', agent: 'Copilot' }, [
    { path: 'src/ab.ts', before: { bytes: Buffer.from(BEFORE) }, after: { bytes: Buffer.from(after) } },
    { path: 'docs/notes.md', after: { bytes: Buffer.from('# Notes\n') } },
  ]);
}

describe('decisions', () => {
  it('requires a reasoned second confirmation to approve a critical finding, and records it', async () => {
    const cs = await sample();
    const file = cs.files[0];
    assert.equal(file.hunks.length, 2);
    const critical = file.hunks.find((h) => h.risk === 'critical')!;
    const target = { kind: 'hunk', path: 'src/ab.ts', hunk: critical.index } as const;
    assert.throws(() => decide(cs, emptyDecisions(cs), { target, verdict: 'approved', actor: 'user' }), (e) => DecisionError.is(e, 'confirmationRequired') && e.findings.length === 1 && /secrets\/private-key in src\/ab\.ts/.test(e.message));
    assert.throws(() => decide(cs, emptyDecisions(cs), { target: { kind: 'changeSet' }, verdict: 'approved', actor: 'user', confirmation: { reason: '  ' } }), (e) => DecisionError.is(e, 'confirmationRequired'));
    const d = decide(cs, emptyDecisions(cs), { target, verdict: 'approved', actor: 'user', confirmation: { reason: 'test fixture key, revoked' } });
    assert.equal(d.files['src/ab.ts'].hunks[String(critical.index)].confirmation?.reason, 'test fixture key, revoked');
    // Rejecting needs no confirmation.
    decide(cs, emptyDecisions(cs), { target, verdict: 'rejected', actor: 'user' });
    // A stricter policy asks for high findings too; nothing below the threshold asks.
    assert.equal(findingsNeedingConfirmation(cs, { kind: 'hunk', path: 'src/ab.ts', hunk: critical.index === 1 ? 2 : 1 }).length, 0);
  });

  it('approves all hunks without findings, and a file decision overrides hunk decisions', async () => {
    const cs = await sample();
    let d = decide(cs, emptyDecisions(cs), { target: { kind: 'changeSet' }, verdict: 'approved', actor: 'user', onlyWithoutFindings: true });
    const progress = decisionProgress(cs, d);
    assert.deepEqual([progress.approved, progress.pending, progress.complete], [2, 1, false]);
    d = decide(cs, d, { target: { kind: 'file', path: 'src/ab.ts' }, verdict: 'rejected', actor: 'user', comment: 'do not hard-code keys' });
    assert.equal(unitVerdict(d, 'src/ab.ts', { kind: 'hunk', index: 1 }), 'rejected');
    assert.equal(d.files['src/ab.ts'].comment, 'do not hard-code keys');
    assert.equal(decisionProgress(cs, d).complete, true);
  });

  it('refuses unknown targets and foreign decisions without changing anything', async () => {
    const cs = await sample();
    const d = emptyDecisions(cs);
    assert.throws(() => decide(cs, d, { target: { kind: 'hunk', path: 'src/ab.ts', hunk: 9 }, verdict: 'approved', actor: 'user' }), (e) => DecisionError.is(e, 'unknownTarget'));
    assert.throws(() => decide(cs, d, { target: { kind: 'file', path: 'nope' }, verdict: 'approved', actor: 'user' }), (e) => DecisionError.is(e, 'unknownTarget'));
    assert.throws(() => decide(cs, { ...d, changeSetId: 'other' }, { target: { kind: 'changeSet' }, verdict: 'rejected', actor: 'user' }), (e) => DecisionError.is(e, 'invalidInput'));
    assert.deepEqual(d.files, {});
  });

  it('describes the outcome for the agent: what was applied, rejected and why', async () => {
    const cs = await sample();
    const secretHunk = cs.files[0].hunks.find((h) => h.risk === 'critical')!.index;
    let d = decide(cs, emptyDecisions(cs), { target: { kind: 'changeSet' }, verdict: 'approved', actor: 'user', onlyWithoutFindings: true });
    d = decide(cs, d, { target: { kind: 'hunk', path: 'src/ab.ts', hunk: secretHunk }, verdict: 'rejected', actor: 'user', comment: 'read the key from the environment' });
    const outcome = describeOutcome(cs, d);
    assert.equal(outcome.state, 'partial');
    assert.equal(outcome.files[0].state, 'partial');
    assert.equal(outcome.files[1].state, 'approved');
    const text = formatOutcomeForAgent(outcome);
    assert.match(text, /partial/);
    assert.match(text, new RegExp(`hunk ${secretHunk} \\(line \\d+\\): rejected — read the key from the environment`));
    assert.match(text, /critical secrets\/private-key/);
    assert.ok(!text.includes('docs/notes.md (added): approved\n  hunk'));
  });

  it('records an auto-approval with the rule that allowed it', async () => {
    const cs = await buildChangeSetFromContents({ channel: 'api' }, [{ path: 'docs/a.md', after: { bytes: Buffer.from('# A\n') } }]);
    const d = autoApprove(cs, emptyDecisions(cs), 'autoApprove:allowList', 'no findings, docs/** allow-listed');
    assert.deepEqual(d.files['docs/a.md'].hunks['1'].auto, { rule: 'autoApprove:allowList', reason: 'no findings, docs/** allow-listed' });
    assert.equal(describeOutcome(cs, d).state, 'approved');
  });
});
