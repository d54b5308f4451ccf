import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../src/core/rules/index';
import { scanText } from '../../src/core/scan/engine';
import { GitleaksIgnore, mapGitleaksRule, parseGitleaksIgnore } from '../../src/core/suppress/gitleaksIgnore';
import { LineIndex } from '../../src/core/scan/lineIndex';
import { isPathIgnored } from '../../src/core/suppress/pathIgnore';
import { changedLines, scanDocumentChange } from '../../src/core/engineEntry';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  commentSyntax,
  envReplacement,
  findStringLiteral,
  ignoreCommentLine,
  indentationOf,
  insideMultilineString,
  proposeEnvName,
  pythonOsImport,
  sanitizeReason,
  withEnvExampleEntry,
} from '../../src/extension/diagnostics/fixText';
import { fakePem } from '../helpers/fakeSecrets';

/** Offsets of a finding's range in a text, as the extension computes them from the document. */
function offsetsOf(text: string, range: { startLine: number; startColumn: number; endLine: number; endColumn: number }) {
  const lines = new LineIndex(text);
  return { start: lines.lineStart(range.startLine) + range.startColumn - 1, end: lines.lineStart(range.endLine) + range.endColumn - 1 };
}

describe('ignore comment', () => {
  it('uses each language comment syntax, and none for JSON', () => {
    assert.deepEqual(commentSyntax('typescript'), { start: '//' });
    assert.deepEqual(commentSyntax('python'), { start: '#' });
    assert.deepEqual(commentSyntax('yaml'), { start: '#' });
    assert.deepEqual(commentSyntax('sql'), { start: '--' });
    assert.deepEqual(commentSyntax('html'), { start: '<!--', end: '-->' });
    assert.deepEqual(commentSyntax('css'), { start: '/*', end: '*/' });
    assert.equal(commentSyntax('json'), undefined);
  });

  it('writes a comment the engine honours, indented like the finding line', async () => {
    const pem = fakePem();
    const original = `function f() {\n    const key = \`${pem}\`;\n}\n`;
    const line = ignoreCommentLine(commentSyntax('typescript')!, 'secrets/private-key', 'test fixture', indentationOf('    const key'));
    assert.equal(line, '    // agent-guard-ignore: secrets/private-key -- test fixture');
    const lines = original.split('\n');
    lines.splice(1, 0, line);
    const before = await scanText('a.ts', original, { rules: allRules });
    const after = await scanText('a.ts', lines.join('\n'), { rules: allRules });
    assert.equal(before.findings.length, 1);
    assert.equal(after.findings.length, 0);
    assert.equal(after.suppressed, 1);
  });

  it('keeps the reason on one line and unable to close the comment', () => {
    assert.equal(sanitizeReason('a\nb */ c --> d -- e'), 'a b c d e');
    assert.equal(ignoreCommentLine({ start: '<!--', end: '-->' }, 'r', 'x --> <script>', ''), '<!-- agent-guard-ignore: r -- x <script> -->');
    assert.equal(sanitizeReason('x'.repeat(300)).length, 200);
  });

  it('knows when a line sits inside a multi-line string, where a comment would change the string', () => {
    const text = 'const a = `\nline\n`;\nconst b = 1;\n';
    assert.equal(insideMultilineString(text, text.indexOf('line'), 'typescript'), true);
    assert.equal(insideMultilineString(text, text.indexOf('const b'), 'typescript'), false);
    const py = 'x = """\nkey\n"""\ny = 1\n';
    assert.equal(insideMultilineString(py, py.indexOf('key'), 'python'), true);
    assert.equal(insideMultilineString(py, py.indexOf('y = 1'), 'python'), false);
  });
});

describe('move to environment variable', () => {
  it('replaces a PEM template literal in TypeScript with process.env and never writes the value', async () => {
    const pem = fakePem();
    const text = `import jwt from 'jsonwebtoken';\nconst signingKey = \`${pem}\`;\n`;
    const [finding] = (await scanText('a.ts', text, { rules: allRules })).findings;
    const { start, end } = offsetsOf(text, finding.range);
    const name = proposeEnvName(text.slice(text.lastIndexOf('\n', start) + 1, findStringLiteral(text, start, end, 'typescript')!.start), finding.ruleId);
    assert.equal(name, 'SIGNING_KEY');
    const edit = envReplacement(text, start, end, 'typescript', name)!;
    const rewritten = text.slice(0, edit.start) + edit.text + text.slice(edit.end);
    assert.equal(rewritten, "import jwt from 'jsonwebtoken';\nconst signingKey = process.env.SIGNING_KEY;\n");
    assert.ok(!edit.text.includes(pem.split('\n')[1]));
  });

  it('uses each language idiom', () => {
    const cases: [string, string, string][] = [
      ['python', 'key = "SECRETVALUE1234"\n', 'key = os.environ["KEY"]\n'],
      ['go', 'key := "SECRETVALUE1234"\n', 'key := os.Getenv("KEY")\n'],
      ['java', 'String key = "SECRETVALUE1234";\n', 'String key = System.getenv("KEY");\n'],
      ['javascript', "const key = 'SECRETVALUE1234';\n", 'const key = process.env.KEY;\n'],
    ];
    for (const [language, text, expected] of cases) {
      const start = text.indexOf('SECRET');
      const edit = envReplacement(text, start, start + 15, language, 'KEY')!;
      assert.equal(text.slice(0, edit.start) + edit.text + text.slice(edit.end), expected, language);
    }
  });

  it('keeps the rest of a literal that holds more than the secret', () => {
    const text = 'headers = {"Authorization": "Bearer SECRETVALUE1234"}\n';
    const start = text.indexOf('SECRET');
    const edit = envReplacement(text, start, start + 15, 'python', 'API_TOKEN')!;
    assert.equal(text.slice(0, edit.start) + edit.text + text.slice(edit.end), 'headers = {"Authorization": "Bearer " + os.environ["API_TOKEN"]}\n');
  });

  it('declines where it cannot be sure: no literal, an interpolating template, an unknown language, a bad name', () => {
    assert.equal(envReplacement('KEY=SECRETVALUE1234\n', 4, 19, 'dotenv', 'KEY'), undefined);
    const tpl = 'const k = `${prefix}SECRETVALUE1234`;';
    assert.equal(envReplacement(tpl, tpl.indexOf('SECRET'), tpl.indexOf('SECRET') + 15, 'typescript', 'KEY'), undefined);
    const plain = 'const k = SECRETVALUE1234;';
    assert.equal(envReplacement(plain, 10, 25, 'typescript', 'KEY'), undefined);
    const ok = 'const k = "SECRETVALUE1234";';
    assert.equal(envReplacement(ok, 11, 26, 'typescript', 'bad-name'), undefined);
  });

  it('proposes names from the assignment or else the rule', () => {
    assert.equal(proposeEnvName('const apiKey = ', 'secrets/x'), 'API_KEY');
    assert.equal(proposeEnvName('    "db.password": ', 'secrets/x'), 'PASSWORD');
    assert.equal(proposeEnvName('foo(', 'secrets/private-key'), 'PRIVATE_KEY');
    assert.equal(proposeEnvName('token := ', 'secrets/x'), 'TOKEN');
  });

  it('adds NAME= to .env.example once, with no value', () => {
    assert.equal(withEnvExampleEntry(undefined, 'API_KEY'), 'API_KEY=\n');
    assert.equal(withEnvExampleEntry('PORT=3000', 'API_KEY'), 'PORT=3000\nAPI_KEY=\n');
    assert.equal(withEnvExampleEntry('API_KEY=\n', 'API_KEY'), undefined);
    assert.equal(withEnvExampleEntry('export API_KEY=x\n', 'API_KEY'), undefined);
  });

  it('adds `import os` to Python when missing, after a shebang and __future__ imports', () => {
    assert.deepEqual(pythonOsImport('x = 1\n'), { offset: 0, text: 'import os\n' });
    assert.deepEqual(pythonOsImport('#!/usr/bin/env python\nfrom __future__ import annotations\nx = 1\n'), { offset: 57, text: 'import os\n' });
    assert.equal(pythonOsImport('import sys, os\n'), undefined);
  });
});

describe('.gitleaksignore', () => {
  it('parses both fingerprint forms, paths with colons, comments, and reports bad lines', () => {
    const { entries, problems } = parseGitleaksIgnore('# comment\n\nsrc/a.ts:private-key:4\ncafe1234deadbeef:C:/odd:path.ts:aws-access-token:12\nnonsense\n');
    assert.deepEqual(entries, [
      { commit: undefined, file: 'src/a.ts', gitleaksRuleId: 'private-key', line: 4 },
      { commit: 'cafe1234deadbeef', file: 'C:/odd:path.ts', gitleaksRuleId: 'aws-access-token', line: 12 },
    ]);
    assert.deepEqual(problems.map((p) => p.lineNumber), [5]);
  });

  it('maps gitleaks rule ids onto ours', () => {
    assert.deepEqual(mapGitleaksRule('private-key'), ['secrets/private-key']);
    assert.deepEqual(mapGitleaksRule('aws-access-token'), ['secrets/aws-access-key']);
    assert.deepEqual(mapGitleaksRule('some-new-rule'), ['secrets/some-new-rule']);
  });

  it('suppresses a finding at the named file, rule and line, and only secrets', async () => {
    const text = `const a = 1;\nconst k = \`${fakePem()}\`;\n`;
    const [finding] = (await scanText('src/a.ts', text, { rules: allRules })).findings;
    assert.equal(GitleaksIgnore.parse('src/a.ts:private-key:2\n').ignores(finding), true);
    assert.equal(GitleaksIgnore.parse('deadbeefcafe:src/a.ts:private-key:2\n').ignores(finding), true);
    assert.equal(GitleaksIgnore.parse('src/a.ts:private-key:3\n').ignores(finding), false);
    assert.equal(GitleaksIgnore.parse('src/b.ts:private-key:2\n').ignores(finding), false);
    assert.equal(GitleaksIgnore.parse('a.ts:private-key:2\n').ignores(finding, 'src'), false);
    assert.equal(GitleaksIgnore.parse('pkg/src/a.ts:private-key:2\n').ignores(finding, 'pkg'), true);
    assert.equal(GitleaksIgnore.parse('src/a.ts:private-key:2\n').ignores({ ...finding, category: 'injection' }), false);
  });
});

describe('.agent-guardignore for single files (live scans)', () => {
  it('matches patterns from the root and from folders on the way down, and agentGuard.exclude', async () => {
    const root = mkdtempSync(path.join(tmpdir(), 'ag-ignore-'));
    try {
      mkdirSync(path.join(root, 'pkg/fixtures'), { recursive: true });
      writeFileSync(path.join(root, '.agent-guardignore'), 'generated/\n*.snap\n');
      writeFileSync(path.join(root, 'pkg/.agent-guardignore'), 'fixtures/\n!keep.snap\n');
      assert.equal(await isPathIgnored(root, 'generated/x/y.ts'), true);
      assert.equal(await isPathIgnored(root, 'a/b.snap'), true);
      assert.equal(await isPathIgnored(root, 'pkg/fixtures/key.pem'), true);
      assert.equal(await isPathIgnored(root, 'fixtures/key.pem'), false, 'a nested ignore file applies below its folder only');
      assert.equal(await isPathIgnored(root, 'src/app.ts'), false);
      assert.equal(await isPathIgnored(root, 'src/app.ts', { exclude: ['src/**'] }), true);
      assert.equal(await isPathIgnored(root, 'generated/x.ts', { respectAgentGuardIgnore: false }), false);
      assert.equal(await isPathIgnored(root, '../outside.ts'), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('changed lines for live diff mode', () => {
  it('finds exactly the changed lines of an edit in a long file, by diffing only the middle', async () => {
    const before = Array.from({ length: 1000 }, (_, i) => `line ${i + 1}`).join('\n');
    const oneChar = before.replace('line 500', 'line 5000');
    assert.deepEqual([...changedLines(before, oneChar)], [500]);
    const inserted = before.replace('line 10\n', 'line 10\nnew a\nnew b\n');
    assert.deepEqual([...changedLines(before, inserted)], [11, 12]);
    const scattered = before.replace('line 3\n', 'line three\n').replace('line 900\n', 'line nine hundred\n');
    assert.deepEqual([...changedLines(before, scattered)].sort((a, b) => a - b), [3, 900]);
    assert.deepEqual([...changedLines(before, before.replace('line 7\n', ''))], []);
    assert.deepEqual([...changedLines('', 'a\nb')], [1, 2]);
  });

  it('reports a new finding on a changed line, and not an old one elsewhere, except secrets scanned whole', async () => {
    const pem = fakePem();
    const before = `const a = 1;\nconst k = \`${pem}\`;\n`;
    const after = `const a = 2;\nconst k = \`${pem}\`;\n`;
    const result = await scanDocumentChange('a.ts', before, after, {}, 'typescript');
    assert.equal(result.findings.length, 0, 'the key was there before: not on a changed line');
    const added = await scanDocumentChange('a.ts', 'const a = 1;\n', after, {}, 'typescript');
    assert.equal(added.findings.length, 1);
  });
});
