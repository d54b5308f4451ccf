import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Finding } from '../../src/core/model/finding';
import { attachFindings, diffLines } from '../../src/core/review/hunks';

const before = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

describe('diffLines', () => {
  it('finds added lines and separate hunks', () => {
    const after = before.replace('line 3\n', 'line 3\ninserted A\n').replace('line 25\n', 'changed 25\n');
    const { hunks, addedLines } = diffLines(before, after);
    assert.equal(hunks.length, 2);
    assert.deepEqual([...addedLines], [4, 26]);
    assert.deepEqual(hunks.map((h) => [h.newStart, h.newLines]), [[1, 7], [23, 7]]);
  });

  it('treats a new file as all added', () => {
    const { addedLines, hunks } = diffLines('', 'a\nb\n');
    assert.deepEqual([...addedLines], [1, 2]);
    assert.equal(hunks.length, 1);
  });

  it('sees a CRLF-only change as a change', () => {
    assert.equal(diffLines('a\nb\n', 'a\r\nb\r\n').addedLines.size, 2);
  });
});

describe('attachFindings', () => {
  const finding = (line: number, severity: Finding['severity']): Finding => ({
    ruleId: 'test/x', category: 'secret', severity, confidence: 'high', message: 'm', explanation: 'e', remediation: 'r', cwe: [],
    file: 'f', range: { startLine: line, startColumn: 1, endLine: line, endColumn: 2 }, evidence: '', fingerprint: `${line}`,
  });

  it('puts findings under their hunk and rolls up the risk', () => {
    const after = before.replace('line 3\n', 'line 3\ninserted A\n').replace('line 25\n', 'changed 25\n');
    const { hunks } = diffLines(before, after);
    const result = attachFindings(hunks, [finding(4, 'medium'), finding(26, 'critical'), finding(26, 'low')]);
    assert.deepEqual(result.hunks.map((h) => [h.findings.length, h.risk]), [[1, 'medium'], [2, 'critical']]);
    assert.deepEqual(result.unattached, []);
  });

  it('returns findings outside every hunk apart instead of dropping them', () => {
    const { hunks } = diffLines(before, before.replace('line 3\n', 'x\n'));
    assert.equal(attachFindings(hunks, [finding(20, 'high')]).unattached.length, 1);
  });
});
