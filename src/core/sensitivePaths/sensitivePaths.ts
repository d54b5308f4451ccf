import ignore from 'ignore';
import type { Ignore } from 'ignore';
import type { Severity } from '../model/finding';

/**
 * Why a path is sensitive. Each kind is a different way an edit can hurt without touching application code:
 * - `ci`: runs in CI with the repository's secrets and write tokens.
 * - `execution`: runs on a developer's machine when the folder is opened, built, committed or installed.
 * - `agent-control`: instructions and settings that steer the next coding agent.
 * - `mcp-config`: tool servers an agent starts or connects to.
 * - `credentials`: files that hold secrets by their nature.
 * - `agent-guard`: Agent Guard's own settings, policy and baseline; a change here can switch the review off.
 * - `policy`: added by the user's policy.
 */
export type SensitiveKind = 'ci' | 'execution' | 'agent-control' | 'mcp-config' | 'credentials' | 'agent-guard' | 'policy';

/** One entry of the sensitive-path list. */
export interface SensitivePathPattern {
  /** A gitignore-syntax pattern: a slash inside anchors it at the root; `**` crosses folders. */
  pattern: string;
  kind: SensitiveKind;
  /** What the file is, in words shown to the reviewer: "GitHub Actions workflow". */
  label: string;
  /** Severity of "this file changed"; the kind's default when absent. */
  severity?: Severity;
}

/** Severity of a plain change to a file of each kind, before any content check raises it. */
export const KIND_SEVERITY: Readonly<Record<SensitiveKind, Severity>> = {
  ci: 'medium',
  execution: 'medium',
  'agent-control': 'medium',
  'mcp-config': 'high',
  credentials: 'high',
  'agent-guard': 'high',
  policy: 'medium',
};

const p = (pattern: string, kind: SensitiveKind, label: string, severity?: Severity): SensitivePathPattern =>
  severity ? { pattern, kind, label, severity } : { pattern, kind, label };

/**
 * The built-in list, first match wins, so specific entries come before broad ones
 * (`.vscode/mcp.json` before `.vscode/**`, `.env.example` handled by the credentials rule).
 */
export const DEFAULT_SENSITIVE_PATHS: readonly SensitivePathPattern[] = [
  // Agent Guard's own files: always high, whatever else matches.
  p('.agent-guard/**', 'agent-guard', 'Agent Guard policy'),
  p('**/.agent-guard-baseline.json', 'agent-guard', 'Agent Guard baseline'),
  p('**/.agent-guardignore', 'agent-guard', 'Agent Guard ignore file'),

  // CI/CD.
  p('.github/workflows/**', 'ci', 'GitHub Actions workflow'),
  p('.github/actions/**', 'ci', 'GitHub Actions action'),
  p('.gitlab-ci.yml', 'ci', 'GitLab CI pipeline'),
  p('**/.gitlab-ci.yml', 'ci', 'GitLab CI pipeline'),
  p('.circleci/**', 'ci', 'CircleCI config'),
  p('azure-pipelines.yml', 'ci', 'Azure Pipelines config'),
  p('azure-pipelines.yaml', 'ci', 'Azure Pipelines config'),
  p('Jenkinsfile', 'ci', 'Jenkins pipeline'),
  p('**/Jenkinsfile', 'ci', 'Jenkins pipeline'),
  p('.buildkite/**', 'ci', 'Buildkite pipeline'),
  p('bitbucket-pipelines.yml', 'ci', 'Bitbucket pipeline'),

  // MCP servers: before the folders that hold them.
  p('**/.mcp.json', 'mcp-config', 'MCP server config'),
  p('**/.vscode/mcp.json', 'mcp-config', 'VS Code MCP server config'),
  p('**/.cursor/mcp.json', 'mcp-config', 'Cursor MCP server config'),
  p('**/.roo/mcp.json', 'mcp-config', 'Roo MCP server config'),
  p('**/.gemini/settings.json', 'mcp-config', 'Gemini CLI settings'),
  p('**/mcp_config.json', 'mcp-config', 'MCP server config'),
  p('**/claude_desktop_config.json', 'mcp-config', 'Claude Desktop config'),
  p('**/.codex/config.toml', 'mcp-config', 'Codex config'),
  p('**/mcp.json', 'mcp-config', 'MCP server config'),

  // Agent-control files.
  p('**/AGENTS.md', 'agent-control', 'agent instructions (AGENTS.md)'),
  p('**/AGENT.md', 'agent-control', 'agent instructions (AGENT.md)'),
  p('**/CLAUDE.md', 'agent-control', 'Claude instructions (CLAUDE.md)'),
  p('**/CLAUDE.local.md', 'agent-control', 'Claude instructions (CLAUDE.local.md)'),
  p('**/GEMINI.md', 'agent-control', 'Gemini instructions (GEMINI.md)'),
  p('**/.cursorrules', 'agent-control', 'Cursor rules'),
  p('**/.cursor/**', 'agent-control', 'Cursor rules and settings'),
  p('**/.windsurfrules', 'agent-control', 'Windsurf rules'),
  p('**/.windsurf/**', 'agent-control', 'Windsurf rules'),
  p('**/.clinerules*', 'agent-control', 'Cline rules'),
  p('**/.roo/**', 'agent-control', 'Roo rules'),
  p('**/.roomodes', 'agent-control', 'Roo modes'),
  p('.github/copilot-instructions.md', 'agent-control', 'Copilot instructions'),
  p('.github/instructions/**', 'agent-control', 'Copilot instructions'),
  p('.github/prompts/**', 'agent-control', 'Copilot prompt files'),
  p('.github/agents/**', 'agent-control', 'Copilot agent definitions'),
  p('.github/chatmodes/**', 'agent-control', 'Copilot chat modes'),
  p('.github/hooks/**', 'agent-control', 'Copilot agent hooks'),
  p('**/.claude/**', 'agent-control', 'Claude Code settings, commands or agents'),
  p('**/.codex/**', 'agent-control', 'Codex settings'),
  p('**/.gemini/**', 'agent-control', 'Gemini CLI settings'),
  p('**/.aider.conf.yml', 'agent-control', 'Aider settings'),
  p('**/.continue/**', 'agent-control', 'Continue settings'),

  // Runs on open, build, commit or install.
  p('**/.vscode/tasks.json', 'execution', 'VS Code tasks (can run on folder open)'),
  p('**/.vscode/launch.json', 'execution', 'VS Code launch configurations'),
  p('**/.vscode/settings.json', 'execution', 'VS Code workspace settings'),
  p('**/.vscode/extensions.json', 'execution', 'VS Code extension recommendations'),
  p('**/*.code-workspace', 'execution', 'VS Code workspace file'),
  p('**/.devcontainer/**', 'execution', 'dev container config'),
  p('**/.devcontainer.json', 'execution', 'dev container config'),
  p('**/Makefile', 'execution', 'Makefile'),
  p('**/GNUmakefile', 'execution', 'Makefile'),
  p('**/*.mk', 'execution', 'Makefile include'),
  p('**/justfile', 'execution', 'justfile'),
  p('**/Justfile', 'execution', 'justfile'),
  p('**/.justfile', 'execution', 'justfile'),
  p('**/Taskfile.yml', 'execution', 'Taskfile'),
  p('**/Taskfile.yaml', 'execution', 'Taskfile'),
  p('**/package.json', 'execution', 'package.json (scripts run on install)'),
  p('.git/hooks/**', 'execution', 'git hook'),
  p('**/.husky/**', 'execution', 'git hook (husky)'),
  p('**/lefthook.yml', 'execution', 'git hooks (lefthook)'),
  p('**/lefthook.yaml', 'execution', 'git hooks (lefthook)'),
  p('**/.lefthook.yml', 'execution', 'git hooks (lefthook)'),
  p('**/.pre-commit-config.yaml', 'execution', 'git hooks (pre-commit)'),
  p('**/.githooks/**', 'execution', 'git hook'),
  p('**/Dockerfile*', 'execution', 'Dockerfile'),
  p('**/*.dockerfile', 'execution', 'Dockerfile'),
  p('**/Containerfile*', 'execution', 'Containerfile'),
  p('**/docker-compose*.yml', 'execution', 'Docker Compose file'),
  p('**/docker-compose*.yaml', 'execution', 'Docker Compose file'),
  p('**/compose.yml', 'execution', 'Docker Compose file'),
  p('**/compose.yaml', 'execution', 'Docker Compose file'),
  p('**/.envrc', 'execution', 'direnv script (runs on cd)'),
  p('**/.bashrc', 'execution', 'shell startup file'),
  p('**/.bash_profile', 'execution', 'shell startup file'),
  p('**/.bash_login', 'execution', 'shell startup file'),
  p('**/.profile', 'execution', 'shell startup file'),
  p('**/.zshrc', 'execution', 'shell startup file'),
  p('**/.zshenv', 'execution', 'shell startup file'),
  p('**/.zprofile', 'execution', 'shell startup file'),
  p('**/.config/fish/**', 'execution', 'shell startup file'),

  // Credentials by nature. `.env.example` and friends are checked for values by the credentials rule.
  p('**/.env', 'credentials', 'environment file'),
  p('**/.env.*', 'credentials', 'environment file'),
  p('**/*.pem', 'credentials', 'PEM key or certificate'),
  p('**/*.key', 'credentials', 'key file'),
  p('**/*.p12', 'credentials', 'PKCS#12 keystore'),
  p('**/*.pfx', 'credentials', 'PKCS#12 keystore'),
  p('**/*.jks', 'credentials', 'Java keystore'),
  p('**/id_rsa*', 'credentials', 'SSH key'),
  p('**/id_dsa*', 'credentials', 'SSH key'),
  p('**/id_ecdsa*', 'credentials', 'SSH key'),
  p('**/id_ed25519*', 'credentials', 'SSH key'),
  p('**/.npmrc', 'credentials', 'npm config (may hold a registry token)'),
  p('**/.pypirc', 'credentials', 'PyPI config (may hold a token)'),
  p('**/.netrc', 'credentials', 'netrc (holds passwords)'),
  p('**/.git-credentials', 'credentials', 'git credentials'),
  p('**/credentials', 'credentials', 'credentials file'),
  p('**/credentials.json', 'credentials', 'credentials file'),
  p('**/.aws/config', 'credentials', 'AWS config'),
  p('**/.docker/config.json', 'credentials', 'Docker registry credentials'),
  p('**/kubeconfig', 'credentials', 'kubeconfig'),
  p('**/*.kubeconfig', 'credentials', 'kubeconfig'),
  p('**/.kube/config', 'credentials', 'kubeconfig'),
];

/** A compiled list: which entry, if any, a path falls under. */
export interface SensitivePaths {
  readonly entries: readonly SensitivePathPattern[];
  /** The first entry matching the path (relative, forward slashes), or undefined. */
  match(path: string): SensitivePathPattern | undefined;
}

/**
 * Compiles the built-in list plus the user's own patterns. Extra patterns given as strings become kind
 * `policy`; given as entries they keep their kind and label. User entries are checked after Agent Guard's
 * own files (which no policy may downgrade) and before the rest, so a policy can re-label a path.
 */
export function createSensitivePaths(extra: readonly (string | SensitivePathPattern)[] = []): SensitivePaths {
  const userEntries = extra.map((item) => (typeof item === 'string' ? p(item, 'policy', 'sensitive by policy') : item));
  for (const entry of userEntries) {
    if (!entry.pattern.trim() || entry.pattern.startsWith('!')) throw new Error(`sensitive path pattern '${entry.pattern}' must be a non-negated gitignore pattern`);
  }
  const own = DEFAULT_SENSITIVE_PATHS.filter((e) => e.kind === 'agent-guard');
  const rest = DEFAULT_SENSITIVE_PATHS.filter((e) => e.kind !== 'agent-guard');
  const entries = [...own, ...userEntries, ...rest];
  const compiled: { entry: SensitivePathPattern; matcher: Ignore; folderPattern: boolean }[] = entries.map((entry) => ({
    entry,
    matcher: ignore().add(entry.pattern),
    folderPattern: entry.pattern.endsWith('/**') || entry.pattern.endsWith('/'),
  }));
  // gitignore semantics ignore everything under a matched folder; a file-name pattern such as
  // `credentials` must not make `src/credentials/index.ts` sensitive.
  const matches = (c: (typeof compiled)[number], path: string): boolean => {
    if (!c.matcher.ignores(path)) return false;
    if (c.folderPattern) return true;
    const slash = path.lastIndexOf('/');
    return slash < 0 || !c.matcher.ignores(`${path.slice(0, slash)}/`);
  };
  // One combined matcher rejects most paths at once; only hits are checked entry by entry.
  const any = ignore().add(entries.map((e) => e.pattern));
  const cache = new Map<string, SensitivePathPattern | undefined>();
  return {
    entries,
    match(path) {
      const clean = path.replace(/\\/g, '/').replace(/^\.\//, '');
      if (!clean || clean.startsWith('/') || clean.startsWith('../')) return undefined;
      if (cache.has(clean)) return cache.get(clean);
      const found = any.ignores(clean) ? compiled.find((c) => matches(c, clean))?.entry : undefined;
      if (cache.size > 10_000) cache.clear();
      cache.set(clean, found);
      return found;
    },
  };
}

/** The built-in list, compiled once. Rules use it unless built with a policy's list. */
export const defaultSensitivePaths: SensitivePaths = createSensitivePaths();

/** The severity of a plain change to a path of this entry. */
export function changeSeverity(entry: SensitivePathPattern): Severity {
  return entry.severity ?? KIND_SEVERITY[entry.kind];
}
