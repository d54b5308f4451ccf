import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { attachFindings, diffLines } from '../../../src/core/review/hunks';
import { composeApproved, rebaseApproved } from '../../../src/core/review/arithmetic';
import type { ReviewHunk } from '../../../src/core/review/model';

function hunksOf(before: string, after: string): ReviewHunk[] {
  return attachFindings(diffLines(before, after).hunks, []).hunks.map((h) => ({ ...h, additions: 0, deletions: 0 }));
}

function compose(before: string, after: string, approved: number[]): string {
  return composeApproved(before, after, hunksOf(before, after), (h) => approved.includes(h.index));
}

const ROUTES = [
  "import express from 'express';",
  "import { db } from './db';",
  '',
  'const router = express.Router();',
  '',
  "router.get('/users', async (req, res) => {",
  "  const rows = await db.query('SELECT id, name FROM users');",
  '  res.json(rows);',
  '});',
  '',
  "router.get('/health', (_req, res) => {",
  "  res.send('ok');",
  '});',
  '',
  'export default router;',
];

function routes(lines: string[], eol = '\n', finalNewline = true): string {
  return lines.join(eol) + (finalNewline ? eol : '');
}

describe('apply arithmetic: base plus approved hunks', () => {
  const after = [...ROUTES];
  after.splice(1, 0, "import { rateLimit } from './limits';");
  after.splice(14, 1, "  res.send('ok: ' + process.uptime());");
  after.push('// end');

  it('approving all gives the proposal, approving none gives the base', () => {
    const b = routes(ROUTES);
    const a = routes(after);
    assert.ok(hunksOf(b, a).length >= 2);
    assert.equal(compose(b, a, hunksOf(b, a).map((h) => h.index)), a);
    assert.equal(compose(b, a, []), b);
  });

  it('approving one hunk applies exactly that hunk', () => {
    const b = routes(ROUTES);
    const a = routes(after);
    const hunks = hunksOf(b, a);
    const first = compose(b, a, [1]);
    assert.ok(first.includes("import { rateLimit } from './limits';"));
    assert.ok(!first.includes('process.uptime'));
    const last = compose(b, a, [hunks[hunks.length - 1].index]);
    assert.ok(!last.includes('rateLimit'));
    assert.ok(last.endsWith('// end\n'));
  });

  it('keeps CRLF line endings byte for byte', () => {
    const b = routes(ROUTES, '\r\n');
    const a = routes(after, '\r\n');
    const result = compose(b, a, [1]);
    assert.ok(!/[^\r]\n/.test(result), 'a bare LF slipped in');
    assert.equal(result, routes([...ROUTES.slice(0, 1), "import { rateLimit } from './limits';", ...ROUTES.slice(1)], '\r\n'));
  });

  it('keeps mixed line endings of untouched lines', () => {
    const b = 'a\r\nb\nc\r\nd\ne\nf\ng\nh\ni\nj\nk\n';
    const a = 'a\r\nb\nc\r\nd\ne\nf\ng\nh\ni\nj\nK\n';
    assert.equal(compose(b, a, [1]), a);
    assert.equal(compose(b, a, []), b);
  });

  it('keeps a missing final newline when the last hunk is rejected, and takes it when approved', () => {
    const b = routes(ROUTES, '\n', false);
    const a = routes(after, '\n', true);
    const hunks = hunksOf(b, a);
    const withoutLast = compose(b, a, hunks.slice(0, -1).map((h) => h.index));
    assert.ok(withoutLast.endsWith('export default router;'));
    assert.ok(compose(b, a, hunks.map((h) => h.index)).endsWith('// end\n'));
  });

  it('adding only the final newline is one hunk, exact both ways', () => {
    const b = 'x = 1\ny = 2';
    const a = 'x = 1\ny = 2\n';
    assert.equal(hunksOf(b, a).length, 1);
    assert.equal(compose(b, a, [1]), a);
    assert.equal(compose(b, a, []), b);
  });

  it('an added file is one hunk from empty; a deleted file is one hunk to empty', () => {
    assert.equal(compose('', 'new\nfile', [1]), 'new\nfile');
    assert.equal(compose('', 'new\nfile', []), '');
    assert.equal(compose('old\nfile\n', '', [1]), '');
    assert.equal(hunksOf('', 'a\nb\nc\n').length, 1);
  });

  it('holds for random edits of random texts (every subset of hunks)', () => {
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const eols = ['\n', '\r\n'];
    for (let round = 0; round < 150; round++) {
      const lines = Array.from({ length: 5 + rand(40) }, (_, i) => `line ${i} ${rand(3)}${eols[rand(2)]}`);
      if (rand(2)) lines[lines.length - 1] = lines[lines.length - 1].replace(/\r?\n$/, '');
      const edited = [...lines];
      for (let e = 0; e < 1 + rand(6); e++) {
        const at = rand(edited.length + 1);
        const op = rand(3);
        if (op === 0) edited.splice(at, 0, `inserted ${e}${eols[rand(2)]}`);
        else if (op === 1 && edited.length > 1) edited.splice(at, 1);
        else edited.splice(at, 1, `changed ${e}\n`);
      }
      const b = lines.join('');
      const a = edited.join('');
      const hunks = hunksOf(b, a);
      assert.equal(compose(b, a, hunks.map((h) => h.index)), a, `round ${round}: all`);
      assert.equal(compose(b, a, []), b, `round ${round}: none`);
      for (const hunk of hunks) {
        // One hunk approved: the result differs from the base in that hunk only.
        const one = compose(b, a, [hunk.index]);
        const rest = hunksOf(one, a);
        assert.equal(rest.length <= hunks.length, true);
        assert.equal(compose(one, a, rest.map((h) => h.index)), a, `round ${round}: hunk ${hunk.index} then the rest`);
      }
    }
  });
});

describe('apply arithmetic on very different texts (the jsdiff fallback)', () => {
  it('stays exact past the fast diff\'s edit-distance limit', () => {
    const before = Array.from({ length: 2400 }, (_, i) => (i % 2 ? `keep ${i}\r\n` : `old ${i}\n`)).join('');
    const after = Array.from({ length: 2400 }, (_, i) => (i % 2 ? `keep ${i}\r\n` : `new ${i}\n`)).join('') + 'tail';
    const hunks = hunksOf(before, after);
    assert.ok(hunks.length > 0);
    assert.equal(compose(before, after, hunks.map((h) => h.index)), after);
    assert.equal(compose(before, after, []), before);
  });
});

describe('rebase onto a changed file', () => {
  const base = routes(ROUTES);
  const proposal = routes(ROUTES.map((l) => (l.includes("res.send('ok')") ? "  res.send('healthy');" : l)));

  it('carries an approved hunk past an edit elsewhere in the file', () => {
    const current = `// Copyright the authors\n${base}\nrouter.get('/version', (_req, res) => res.send('1'));\n`;
    const hunks = hunksOf(base, proposal);
    const result = rebaseApproved(base, current, proposal, hunks, () => true);
    assert.ok(result.ok);
    assert.equal(result.text, current.replace("res.send('ok')", "res.send('healthy')"));
  });

  it('reports a conflict when the person edited a line of the hunk', () => {
    const current = base.replace("res.send('ok')", "res.send('fine')");
    const result = rebaseApproved(base, current, proposal, hunksOf(base, proposal), () => true);
    assert.equal(result.ok, false);
    assert.ok(!result.ok && result.conflicts[0].hunk === 1 && /edited since the proposal/.test(result.conflicts[0].reason));
  });

  it('reports a conflict when the hunk context changed (fuzz 0)', () => {
    const current = base.replace('export default router;', 'export { router };');
    const result = rebaseApproved(base, current, proposal, hunksOf(base, proposal), () => true);
    assert.equal(result.ok, false);
  });

  it('ignores a conflict in a rejected hunk: the current text stays', () => {
    const current = base.replace("res.send('ok')", "res.send('fine')");
    const result = rebaseApproved(base, current, proposal, hunksOf(base, proposal), () => false);
    assert.deepEqual(result, { ok: true, text: current });
  });
});
