import { GlobList } from './glob';

/** Why a path is sensitive: the pattern that matched and what it protects. */
export interface SensitiveMatch {
  pattern: string;
  reason: string;
}

/** The content of a change, for matchers that look inside (e.g. package.json scripts). */
export interface SensitiveContext {
  before?: string;
  after?: string;
}

/**
 * Decides whether a path is sensitive: a change to it always needs a person's review and is never
 * auto-approved. The engineer building src/core/sensitivePaths/ provides the full list behind this
 * interface; `createSensitiveMatcher(DEFAULT_SENSITIVE_PATHS)` is the conservative stand-in until then.
 */
export interface SensitivePathMatcher {
  /** The match for `path` (workspace-relative, forward slashes), or undefined when it is not sensitive. */
  match(path: string, context?: SensitiveContext): SensitiveMatch | undefined;
}

/** One entry of a sensitive-path list. */
export interface SensitivePathRule {
  /** A policy glob (see glob.ts); matched case-insensitively. */
  pattern: string;
  reason: string;
}

/**
 * The conservative default list: files that run code, hold credentials, steer agents or steer Agent
 * Guard itself. Matched case-insensitively (Windows and macOS file systems).
 */
export const DEFAULT_SENSITIVE_PATHS: readonly SensitivePathRule[] = [
  { pattern: '.git/**', reason: "git's own folder: hooks run code" },
  { pattern: '.gitmodules', reason: 'submodule URLs fetch code' },
  { pattern: '.gitattributes', reason: 'filters and diff drivers can run commands' },
  { pattern: '.githooks/**', reason: 'git hooks run code' },
  { pattern: '.husky/**', reason: 'git hooks run code' },
  { pattern: '.pre-commit-config.yaml', reason: 'pre-commit hooks run code' },
  { pattern: '.github/**', reason: 'CI workflows run with repository secrets' },
  { pattern: '.gitlab-ci.yml', reason: 'CI pipelines run with repository secrets' },
  { pattern: '.circleci/**', reason: 'CI pipelines run with repository secrets' },
  { pattern: '.buildkite/**', reason: 'CI pipelines run with repository secrets' },
  { pattern: 'azure-pipelines.yml', reason: 'CI pipelines run with repository secrets' },
  { pattern: 'Jenkinsfile', reason: 'CI pipelines run with repository secrets' },
  { pattern: '.vscode/**', reason: 'editor tasks, launch configs and settings can run code' },
  { pattern: '*.code-workspace', reason: 'workspace settings and tasks can run code' },
  { pattern: '.devcontainer/**', reason: 'dev containers run code and mount folders' },
  { pattern: '.idea/**', reason: 'IDE run configurations can run code' },
  { pattern: '.env', reason: 'environment files hold credentials' },
  { pattern: '.env.*', reason: 'environment files hold credentials' },
  { pattern: '.envrc', reason: 'direnv runs this file' },
  { pattern: '.npmrc', reason: 'registry settings and tokens' },
  { pattern: '.yarnrc', reason: 'registry settings and tokens' },
  { pattern: '.yarnrc.yml', reason: 'registry settings and tokens' },
  { pattern: '.pypirc', reason: 'registry credentials' },
  { pattern: '*.{pem,key,p12,pfx}', reason: 'key material' },
  { pattern: '.ssh/**', reason: 'SSH keys and config' },
  { pattern: '.agent-guard/**', reason: "Agent Guard's own policy" },
  { pattern: '.agent-guardignore', reason: 'decides what Agent Guard scans' },
  { pattern: 'AGENTS.md', reason: 'instructions every agent reads' },
  { pattern: 'CLAUDE.md', reason: 'instructions Claude Code reads' },
  { pattern: 'GEMINI.md', reason: 'instructions Gemini CLI reads' },
  { pattern: '.claude/**', reason: "Claude Code's settings and hooks" },
  { pattern: '.codex/**', reason: "Codex's settings" },
  { pattern: '.cursor/**', reason: "Cursor's rules and settings" },
  { pattern: '.cursorrules', reason: 'instructions Cursor reads' },
  { pattern: '.windsurfrules', reason: 'instructions Windsurf reads' },
  { pattern: '.clinerules', reason: 'instructions Cline reads' },
  { pattern: '.continue/**', reason: "Continue's settings" },
  { pattern: '.aider*', reason: "Aider's settings" },
  { pattern: '.mcp.json', reason: 'MCP servers run code with the agent' },
  { pattern: 'mcp.json', reason: 'MCP servers run code with the agent' },
];

/** Top-level keys of package.json that run code on install or build. */
const PACKAGE_JSON_RUNS_CODE = ['scripts', 'bin', 'gypfile', 'config'];

/**
 * A matcher over a list of globs, plus one content rule: package.json is sensitive when its `scripts`
 * (or `bin`, `config`, `gypfile`) change, or when either side does not parse. Throws GlobError for a
 * malformed pattern.
 */
export function createSensitiveMatcher(rules: readonly SensitivePathRule[] = DEFAULT_SENSITIVE_PATHS): SensitivePathMatcher {
  const lists = rules.map((rule) => ({ rule, list: new GlobList([rule.pattern], { nocase: true }) }));
  return {
    match(path, context) {
      for (const { rule, list } of lists) if (list.matches(path)) return { pattern: rule.pattern, reason: rule.reason };
      if (/(?:^|\/)package\.json$/i.test(path) && context && packageScriptsChanged(context)) {
        return { pattern: 'package.json#scripts', reason: 'install and build scripts run code' };
      }
      return undefined;
    },
  };
}

function packageScriptsChanged(context: SensitiveContext): boolean {
  const parse = (text: string | undefined): Record<string, unknown> | undefined | 'invalid' => {
    if (text === undefined) return undefined;
    try {
      const value: unknown = JSON.parse(text);
      return value && typeof value === 'object' ? (value as Record<string, unknown>) : 'invalid';
    } catch {
      return 'invalid';
    }
  };
  const before = parse(context.before);
  const after = parse(context.after);
  if (before === 'invalid' || after === 'invalid') return true;
  return PACKAGE_JSON_RUNS_CODE.some((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]));
}

/** A matcher that is sensitive when any of the given matchers is (e.g. defaults plus a policy's extra globs). */
export function combineSensitiveMatchers(...matchers: SensitivePathMatcher[]): SensitivePathMatcher {
  return {
    match(path, context) {
      for (const matcher of matchers) {
        const found = matcher.match(path, context);
        if (found) return found;
      }
      return undefined;
    },
  };
}
