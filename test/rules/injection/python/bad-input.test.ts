import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { allRules } from '../../../../src/core/rules/index';
import { scanText } from '../../../../src/core/scan/engine';

/** The tree-sitter rules of every language, for the inputs that are hostile to all of them. */
const treeSitterRules = allRules.filter((r) => /^injection\/(?:python|go|java|php|ruby|shell)-/.test(r.meta.id));
const pythonRules = allRules.filter((r) => r.meta.id.startsWith('injection/python-'));
const SAMPLE_PATHS = ['app.py', 'main.go', 'Main.java', 'index.php', 'app.rb', 'run.sh'];

describe('tree-sitter rules on bad input', () => {
  it('survive garbage in every language without rule errors', async () => {
    const garbage = '}{ ))) def class func <?php ` $( eval exec( "unterminated \n\0\u0007 ' + '(['.repeat(500);
    for (const file of SAMPLE_PATHS) {
      const result = await scanText(file, garbage, { rules: treeSitterRules });
      assert.deepEqual(result.ruleErrors, [], file);
    }
  });

  it('still report what parses around a syntax error', async () => {
    const code = 'def broken(:\n    return )\n\nimport os\ndef ok(request):\n    os.system("rm " + request.args["f"])\n';
    const result = await scanText('app.py', code, { rules: pythonRules });
    assert.deepEqual(result.findings.map((f) => [f.ruleId, f.range.startLine]), [['injection/python-command-injection', 6]]);
  });

  it('stay bounded on a 50,000-line generated file, or say the result is partial', async () => {
    const lines: string[] = ['import os', 'from flask import request'];
    for (let i = 0; i < 12_500; i++) {
      lines.push(`def handler_${i}(request):`, `    value_${i} = request.args.get("v${i}")`, `    cursor.execute("SELECT * FROM t WHERE id = %s", (value_${i},))`, '');
    }
    lines.push('def last(request):', '    os.system("echo " + request.args["x"])');
    assert.ok(lines.length >= 50_000);
    const started = performance.now();
    const result = await scanText('generated.py', lines.join('\n'), { rules: pythonRules, timeBudgetMs: 5_000 });
    const elapsed = performance.now() - started;
    assert.deepEqual(result.ruleErrors, []);
    assert.ok(elapsed < 15_000, `took ${elapsed} ms`);
    if (!result.timedOut) assert.deepEqual(result.findings.map((f) => f.range.startLine), [lines.length]);
  });

  it('say the result is partial when the budget runs out during the parse', async () => {
    const big = 'x = 1\n'.repeat(200_000) + 'eval(request.args["c"])\n';
    const result = await scanText('slow.py', big, { rules: pythonRules, timeBudgetMs: 1 });
    assert.equal(result.timedOut, true);
    assert.deepEqual(result.ruleErrors, []);
  });

  it('do not overflow the stack on 10,000 levels of nesting', async () => {
    const depth = 10_000;
    const cases: [string, string][] = [
      ['deep.py', `import os\ndef f(request):\n    os.system(${'('.repeat(depth)}"ls " + request.args["d"]${')'.repeat(depth)})\n    x = ${'f('.repeat(depth)}1${')'.repeat(depth)}\n`],
      ['deep.go', `package m\nfunc f(db *sql.DB, s string) {\n\tdb.Query(${'"a" + '.repeat(depth)}s)\n}\n`],
      ['Deep.java', `class D { void f(Statement st, String s) throws Exception { st.executeQuery(${'"a" + '.repeat(depth)}s); } }\n`],
      ['deep.php', `<?php\nmysqli_query($c, ${'"a" . '.repeat(depth)}$_GET['x']);\n`],
      ['deep.rb', `User.where(${'"a" + '.repeat(depth)}params[:x])\n`],
      ['deep.sh', `eval ${'"$(echo '.repeat(2_000)}x${')"'.repeat(2_000)}\n`],
    ];
    for (const [file, code] of cases) {
      const result = await scanText(file, code, { rules: treeSitterRules, timeBudgetMs: 10_000 });
      assert.deepEqual(result.ruleErrors, [], file);
    }
  });

  it('load no parser when the registry is imported', () => {
    const root = path.resolve(__dirname, '../../../..');
    const script = "const loader = require('./src/core/analysis/treeSitter/loader.ts'); require('./src/core/rules/index.ts'); process.stdout.write(String(loader.isRuntimeRequested()));";
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: root, encoding: 'utf8' });
    assert.equal(out.trim(), 'false');
  });
});
