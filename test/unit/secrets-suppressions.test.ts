import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../src/core/rules/index';
import { scanText } from '../../src/core/scan/engine';
import { createBaseline, parseBaseline } from '../../src/core/suppress/baseline';
import { parseSuppression } from '../../src/core/suppress/inlineIgnore';
import { ALNUM, randomFrom } from '../helpers/fakeSecrets';

const ghp = () => `ghp_${randomFrom(ALNUM, 36)}`;
const scan = (path: string, text: string) => scanText(path, text, { rules: allRules, categories: ['secret'] });

describe('secret suppressions', () => {
  // [comment placed on the line or the line before, language, suppressed?]
  const cases: [string, string, 'same' | 'before', boolean][] = [
    ['agent-guard-ignore', 'src/a.ts', 'same', true],
    ['agent-guard-ignore', 'src/a.ts', 'before', true],
    ['agent-guard-ignore: secrets/github-personal-access-token -- rotated, test account', 'src/a.ts', 'same', true],
    ['agent-guard-ignore: secrets -- whole family', 'src/a.ts', 'before', true],
    ['agent-guard-ignore: secrets/*', 'src/a.ts', 'same', true],
    ['agent-guard-ignore: secrets/stripe-secret-key -- another rule', 'src/a.ts', 'same', false],
    ['gitleaks:allow', 'src/a.ts', 'same', true],
    ['pragma: allowlist secret', 'app/x.py', 'same', true],
    ['pragma: allowlist secret', 'app/x.py', 'before', true],
    ['nosec', 'app/x.py', 'same', true],
    ['nosecurity review pending', 'app/x.py', 'same', false],
  ];
  for (const [comment, file, where, suppressed] of cases) {
    it(`${suppressed ? 'honours' : 'ignores'} "${comment}" on the ${where === 'same' ? 'same line' : 'line before'} (${file})`, async () => {
      const marker = file.endsWith('.py') ? `# ${comment}` : `// ${comment}`;
      const line = file.endsWith('.py') ? `token = "${ghp()}"` : `const token = "${ghp()}";`;
      const text = where === 'same' ? `${line} ${marker}\n` : `${marker}\n${line}\n`;
      const result = await scan(file, text);
      assert.equal(result.findings.length, suppressed ? 0 : 1);
      // One leak, one count: the generic rule's report of the same token is merged before suppression.
      assert.equal(result.suppressed, suppressed ? 1 : 0);
    });
  }

  it('an ignore two lines above does not reach the finding', async () => {
    const result = await scan('src/a.ts', `// agent-guard-ignore\n\nconst token = "${ghp()}";\n`);
    assert.equal(result.findings.length, 1);
  });

  it('in YAML, .env and JSON-with-comments files', async () => {
    for (const [file, text] of [
      ['ci.yml', `env:\n  # agent-guard-ignore: secrets/github-personal-access-token -- read-only bot\n  GH_TOKEN: ${ghp()}\n`],
      ['.env', `GITHUB_TOKEN=${ghp()} # gitleaks:allow\n`],
      ['settings.jsonc', `{\n  // pragma: allowlist secret\n  "token": "${ghp()}"\n}`],
    ] as const) {
      assert.equal((await scan(file, text)).findings.length, 0, file);
    }
  });

  it('parses rule lists and reasons', () => {
    assert.deepEqual(parseSuppression('x // agent-guard-ignore: secrets/jwt, secrets/generic-credential -- fixture')?.ruleIds, ['secrets/jwt', 'secrets/generic-credential']);
    assert.equal(parseSuppression('<!-- gitleaks:allow -->')?.secretsOnly, true);
    assert.equal(parseSuppression(`${'x'.repeat(5000)} agent-guard-ignore`), undefined, 'very long lines are not parsed');
  });

  it('a baseline holds fingerprints only and suppresses exactly what it lists', async () => {
    const kept = ghp();
    const first = await scan('src/a.ts', `const a = "${kept}";\n`);
    const baseline = createBaseline(first.findings);
    const serialized = JSON.stringify(baseline);
    assert.ok(!serialized.includes(kept) && !serialized.includes(kept.slice(4, 20)), 'baseline holds the secret');
    const fingerprints = parseBaseline(serialized, 'baseline.json');
    const again = await scanText('src/a.ts', `// a new comment shifts the line\nconst a = "${kept}";\nconst b = "${ghp()}";\n`, { rules: allRules, categories: ['secret'], baseline: fingerprints });
    assert.equal(again.findings.length, 1, 'only the new secret is reported');
    assert.equal(again.findings[0].range.startLine, 3);
    assert.equal(again.suppressed, 1);
  });
});
