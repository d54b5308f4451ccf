import { SCRIPT_LANGUAGES, defineConfigRule } from './defineConfigRule';

const GIT_COMMAND = /\bgit[ \t]/;

/** Git hooks and checks skipped from scripts. */
export const noVerifyFlag = defineConfigRule({
  id: 'config/no-verify-flag',
  severity: 'medium',
  cwe: [693],
  languages: [...SCRIPT_LANGUAGES, 'yaml', 'json', 'jsonc', 'toml', 'javascript', 'typescript', 'python'],
  keywords: ['--no-verify', 'husky', 'skip'],
  docs: {
    summary: 'A script skips git hooks with --no-verify',
    why: 'Pre-commit and pre-push hooks are where secret scanning, linting and tests run; a script or CI step that commits with `--no-verify` lets exactly the changes those checks exist for go through unchecked.',
    fix: 'Remove `--no-verify` (and `HUSKY=0`); if a hook is too slow or wrong, fix the hook rather than bypassing it in automation.',
    example: { bad: 'git commit -am "update" --no-verify', good: 'git commit -am "update"' },
  },
  messages: { skip: '`{{match}}` skips the git hooks' },
  skipPath: /(?:^|\/)(?:AGENTS|CLAUDE|GEMINI)\.md$/,
  checks: [
    { regex: /(?:^|[\s"'`])--no-verify\b/g, messageId: 'skip', valueIn: 'string', languages: [...SCRIPT_LANGUAGES, 'yaml', 'json', 'jsonc', 'toml'] },
    // In code only a git command line counts: a bare '--no-verify' string is often an option list or a test.
    { regex: /(?:^|[\s"'`])--no-verify\b/g, messageId: 'skip', valueIn: 'string', languages: ['javascript', 'typescript', 'python'], context: GIT_COMMAND, insideString: true },
    { regex: /\b(?:HUSKY|HUSKY_SKIP_HOOKS)[ \t]*[=:][ \t]*["']?[01]\b/g, messageId: 'skip', valueIn: 'string', context: /HUSKY[ \t]*[=:][ \t]*["']?0|HUSKY_SKIP_HOOKS[ \t]*[=:][ \t]*["']?1/ },
  ],
});
