import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Analyzer } from '../../../../src/core/analysis/js/analyzer';
import { allRules } from '../../../../src/core/rules/index';
import { scanText } from '../../../../src/core/scan/engine';

const rules = allRules.filter((r) => r.meta.category === 'injection');

async function scanTimed(path: string, text: string, budget?: number) {
  const started = performance.now();
  const result = await scanText(path, text, { rules, timeBudgetMs: budget });
  return { ...result, ms: performance.now() - started };
}

/** Bad input: bounded time, no crash, no stack overflow; degrade and say so through the engine's ruleErrors and timedOut. */
describe('JS injection analysis on bad input', () => {
  it('analyses what parses in half-typed code and says the analysis was partial', async () => {
    const code = "app.get('/', (req, res) => {\n  db.query('SELECT * FROM t WHERE id = ' + req.query.id);\n  if (req.query.x {\n    el.innerHTML = 'a' + y;\n}\n";
    const result = await scanTimed('src/half.js', code);
    assert.ok(result.findings.some((f) => f.ruleId === 'injection/sql-string-building' && f.severity === 'critical'));
    assert.ok(result.findings.some((f) => f.ruleId === 'injection/xss-inner-html'));
    assert.equal(result.ruleErrors.length, 1, 'the degradation is said once per file');
    assert.match(result.ruleErrors[0].message, /partial analysis of src\/half\.js: 2 syntax errors \(first at line 3/);
  });

  it('falls back to token checks where the tree lost a statement (merge conflict markers)', async () => {
    const code = "<<<<<<< HEAD\nconst a = 1;\n=======\nconst a = eval(location.hash);\n>>>>>>> feature\n";
    const result = await scanTimed('src/conflict.ts', code);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].ruleId, 'injection/code-injection');
    assert.match(result.ruleErrors[0].message, /Merge conflict marker/);
  });

  it('reports token-level findings at low confidence in text that does not parse at all', async () => {
    const code = ')))) ((( }}}\nconst html = "<b>" + name;\nlist.innerHTML = html + `${x}`;\n@@@ ### \n';
    const result = await scanTimed('src/garbage.js', code);
    const dom = result.findings.filter((f) => f.ruleId === 'injection/xss-inner-html');
    assert.equal(dom.length, 1);
    assert.ok(dom[0].confidence === 'low' || dom[0].confidence === 'medium');
  });

  for (const [name, build] of [
    ['parentheses', (n: number) => `const x = ${'('.repeat(n)}req.query.a${')'.repeat(n)};`],
    ['binary expressions', (n: number) => `const x = ${'a + ('.repeat(n)}1${')'.repeat(n)};`],
    ['arrays', (n: number) => `const x = ${'['.repeat(n)}${']'.repeat(n)};`],
    ['calls', (n: number) => `${'f('.repeat(n)}${')'.repeat(n)};`],
    ['a flat chain of 10,000 + operands', (n: number) => `const q = 'SELECT * FROM t WHERE a = ' + ${'x + '.repeat(n)}req.query.a;\ndb.query(q);`],
  ] as const) {
    it(`survives 10,000 nested ${name} without a stack overflow`, async () => {
      const result = await scanTimed('src/deep.js', `${build(10_000)}\neval(location.hash);\n`);
      assert.ok(result.ms < 5000, `took ${result.ms} ms`);
      assert.ok(result.findings.some((f) => f.ruleId === 'injection/code-injection'), 'the rest of the file is still checked');
      assert.equal(result.ruleErrors.length, 1);
      assert.match(result.ruleErrors[0].message, /partial analysis: |partial analysis of src\/deep\.js: (?:the parser ran out of stack|nesting deeper)/);
    });
  }

  it('checks code nested past the analysis depth limit with token patterns', async () => {
    const code = `${'if (a) {\n'.repeat(1000)}el.innerHTML = '<b>' + location.hash;\n${'}\n'.repeat(1000)}`;
    const result = await scanTimed('src/nested.js', code);
    const dom = result.findings.filter((f) => f.ruleId === 'injection/xss-inner-html');
    assert.deepEqual(dom.map((f) => [f.range.startLine, f.confidence]), [[1001, 'low']]);
    assert.match(result.ruleErrors[0].message, /nesting deeper than 600 levels/);
  });

  it('checks a 50,000-line generated file with token patterns only, in bounded time, and says so', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 50_000; i++) lines.push(`export function f${i}(a) { return a + ${i}; }`);
    lines.push("app.get('/', (req, res) => db.query(\"SELECT * FROM t WHERE id = \" + req.query.id));");
    const result = await scanTimed('src/generated.js', lines.join('\n'));
    assert.ok(result.ms < 3000, `took ${result.ms} ms`);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].confidence, 'low');
    assert.match(result.ruleErrors[0].message, /too large to parse/);
  });

  it('stops at the time budget inside the analysis of a large file that parses, and says so', async () => {
    const lines: string[] = [];
    for (let i = 0; i < 12_000; i++) lines.push(`export function f${i}(a) { return g${i}(a + ${i}); }`);
    const result = await scanTimed('src/generated.js', lines.join('\n'), 1);
    assert.ok(result.timedOut || result.ruleErrors.some((e) => /time budget/.test(e.message)));
  });

  it('analyses a minified bundle on one line in bounded time', async () => {
    const bundle = Array.from({ length: 3000 }, (_, i) => `function a${i}(b){return b.textContent=c${i}+"x",d(b)}`).join(';') + ';document.body.innerHTML=location.hash;';
    // A generous budget: this checks the analysis of a one-line bundle, not the machine's load.
    const result = await scanTimed('dist/app.min.js', bundle, 20_000);
    assert.ok(result.ms < 10_000, `took ${result.ms} ms`);
    assert.equal(result.findings.filter((f) => f.ruleId === 'injection/xss-inner-html').length, 1);
    assert.equal(result.findings[0].range.startLine, 1);
  });

  it('analyses the inline scripts of an HTML page at their own positions', async () => {
    const html = "<!doctype html>\n<html>\n<body>\n<div id=out></div>\n<script src=\"app.js\"></script>\n<script>\n  document.getElementById('out').innerHTML = location.hash;\n</script>\n<script type=\"text/template\"><b>${x}</b></script>\n</body>\n</html>\n";
    const result = await scanTimed('public/index.html', html);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range.startLine, f.range.startColumn]), [['injection/xss-inner-html', 7, 46]]);
    assert.deepEqual(result.ruleErrors, []);
  });

  it('handles unclosed and hostile script tags in HTML', async () => {
    const result = await scanTimed('x.html', '<script '.repeat(20_000) + '<script>eval(location.hash)');
    assert.ok(result.ms < 3000, `took ${result.ms} ms`);
  });

  it('leaves Markdown alone: code fences are examples, not code that runs', async () => {
    const result = await scanTimed('README.md', '# Usage\n\n```js\nel.innerHTML = location.hash;\n```\n');
    assert.deepEqual(result.findings, []);
  });

  it('analyses a .vue file with TypeScript in <script setup> and a template', async () => {
    const vue = '<template>\n  <div v-html="html"></div>\n</template>\n<script setup lang="ts">\nconst html: string = location.hash;\nfunction f(el: HTMLElement) { el.innerHTML = html; }\n</script>\n<style>\n.a { color: red }\n</style>\n';
    const result = await scanTimed('src/A.vue', vue);
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range.startLine]), [['injection/xss-vue-v-html', 2], ['injection/xss-inner-html', 6]]);
  });
});

describe('JS injection analysis when the analysis itself fails', () => {
  it('gives one notice and the token checks, not one error per rule', async () => {
    const original = Analyzer.prototype.run;
    Analyzer.prototype.run = function () {
      throw new Error('boom');
    };
    try {
      const result = await scanText('src/a.js', "el.innerHTML = '<b>' + name;\n", { rules });
      assert.equal(result.ruleErrors.length, 1);
      assert.match(result.ruleErrors[0].message, /the analysis failed \(boom\)/);
      assert.equal(result.findings.length, 1);
      assert.equal(result.findings[0].confidence, 'low');
    } finally {
      Analyzer.prototype.run = original;
    }
  });
});
