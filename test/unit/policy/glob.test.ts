import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { compileGlob, GlobError } from '../../../src/core/policy/glob';
import { DEFAULT_SENSITIVE_PATHS } from '../../../src/core/policy/sensitivePaths';
import { SHIPPED_RULES } from '../../../src/core/policy/defaults';
import { checkSync } from 'recheck';
import { EDGE_DASH, SEPARATORS } from '../../../src/core/policy/agentName';
import { PLAIN_PATH } from '../../../src/core/policy/evaluate';
import { compileGlobRegex } from '../../helpers/regexGlob';

const GLOBS = [
  ...DEFAULT_SENSITIVE_PATHS.map((r) => r.pattern),
  ...SHIPPED_RULES.rules.flatMap((r) => r.paths ?? []),
  'src/**', 'test/**', '**/*.md', 'docs/**/*.{md,txt}', 'src/*.ts', 'src/**/migrations/**', '/Makefile', 'build/', 'a?c', '*.test.*',
  '**/package.json', 'docker-compose*.yml', '{src,lib}/**', 'src/**/index.ts', '**', '*', '.github/workflows/*.yml',
];
const PATHS = [
  '.env', '.env.local', 'deploy/.env.production', '.envrc', 'env', 'src/.env', '.ENV', '.git/config', '.github/workflows/ci.yml',
  '.github/dependabot.yml', '.vscode/settings.json', 'team.code-workspace', '.agent-guard/policy.json', '.agent-guardignore',
  'src/app.ts', 'src/a/b.ts', 'src', 'srcx/a.ts', 'test/x.test.ts', 'README.md', 'docs/guide/intro.md', 'docs/notes.txt',
  'src/db/migrations/001.sql', 'Makefile', 'sub/Makefile', 'build/out.js', 'abc', 'a/abc', 'app.test.ts', 'lib/x/y.js',
  'pkg/package.json', 'package.json', 'docker-compose.dev.yml', 'src/index.ts', 'src/deep/er/index.ts', 'certs/server.key',
  'AGENTS.md', 'x/CLAUDE.md', '.claude/settings.json', 'SRC/App.ts', 'Docs/Guide.MD', 'café/x.md',
];

describe('policy globs', () => {
  it('match exactly as the regex form did, case-sensitively and not, on every shipped glob and a realistic corpus', () => {
    let compared = 0;
    for (const glob of GLOBS) {
      for (const nocase of [false, true]) {
        const linear = compileGlob(glob, { nocase });
        const regex = compileGlobRegex(glob, { nocase });
        for (const p of PATHS) {
          assert.equal(linear.test(p), regex.test(p), `${glob} (nocase ${nocase}) on ${p}`);
          compared++;
        }
      }
    }
    assert.ok(compared > 3000);
  });

  it('stay fast on hostile globs and paths that made the regex form backtrack for seconds', () => {
    const hostile = ['*a*a*a*a*a*a*a*a*a*a*a*b', '**/*a*a*a*a*a*b/**', '{a,ab}*{a,ab}*{a,ab}*x'];
    const path = `${'a/'.repeat(500)}${'a'.repeat(3000)}`;
    const started = performance.now();
    for (const glob of hostile) assert.equal(compileGlob(glob).test(path), false, glob);
    assert.ok(performance.now() - started < 500, `took ${(performance.now() - started).toFixed(0)} ms`);
  });

  it('the policy\'s own regexes (plain-path test, agent-name folding) are linear', () => {
    for (const re of [PLAIN_PATH, SEPARATORS, EDGE_DASH]) {
      const result = checkSync(re.source, re.flags.replace(/[gy]/g, ''), { timeout: 10_000 });
      assert.equal(result.status, 'safe', `${re.source}: ${JSON.stringify(result)}`);
    }
  });

  it('refuse malformed patterns with a reason', () => {
    for (const [bad, reason] of [
      ['src/{a,b', /unclosed/],
      ['src/a,b}', /unbalanced/],
      ['{a,{b,c}}', /nested/],
      ['a**b', /whole path segment/],
      ['[abc]', /character classes/],
      ['a\\b', /forward slashes/],
      ['', /non-empty/],
      ['{a,b}{c,d}{e,f}{g,h}{i,j}{k,l}{m,n}', /at most 64 alternatives/],
    ] as const) {
      assert.throws(() => compileGlob(bad), (e: unknown) => e instanceof GlobError && reason.test(e.message), bad);
    }
  });
});
