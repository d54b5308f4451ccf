import { dependencyAnalysis, isManifestPath } from '../dependencies/shared';
import type { Rule, RuleContext } from '../types';
import { COMMENT, regionsOf } from '../text/lexer';
import { lineEndAt, lineEvidence, pathKindIs, pathLabel } from './support';

// Each pattern is a bounded token sequence; the "…then a pipe into a shell" part is checked in code on the
// rest of the line, because a regex with a gap (`curl[^\n]{0,300}\|`) is polynomial on hostile input.
const DOWNLOADER = /\b(?:curl|wget|iwr|irm|invoke-webrequest|invoke-restmethod)\b/gi;
const DECODER = /\bbase64[ \t]{1,5}(?:-d|--decode|-D)\b/gi;
const SHELL_AFTER_PIPE = /^[ \t]{0,5}(?:sudo[ \t]{1,5}(?:-[\w-]{1,12}[ \t]{1,5}){0,3})?(?:(?:ba|z|k|da|fi)?sh|python[0-9.]{0,4}|perl|ruby|node|iex|invoke-expression|pwsh|powershell)\b/i;
const SHELL_OF_DOWNLOAD = /\b(?:(?:ba|z|k)?sh|source|eval)[ \t]{1,5}(?:-[a-z]{1,3}[ \t]{1,5}){0,2}["']?(?:<\(|\$\()[ \t]{0,3}(?:curl|wget)\b/gi;
const INVOKE_EXPRESSION = /\b(?:iex|invoke-expression)\b/gi;
const POWERSHELL_DOWNLOAD = /\b(?:downloadstring|invoke-webrequest|iwr|irm)\b/i;

const PATTERNS = [DOWNLOADER, DECODER, SHELL_AFTER_PIPE, SHELL_OF_DOWNLOAD, INVOKE_EXPRESSION, POWERSHELL_DOWNLOAD];
// Plain .sh files outside the sensitive list are injection/shell-pipe-to-shell's (tree-sitter, on main);
// this rule covers the files that run on their own: CI, hooks, build files, Dockerfiles, PowerShell.
const SCRIPT_LANGUAGES = new Set(['powershell', 'dockerfile', 'makefile']);

/**
 * `curl … | sh` and its relatives in files that run: CI, build files, hooks, package scripts, shell scripts.
 * Agent-control files are left to files/agent-instruction, which reads the same line as an instruction.
 */
export const downloadAndExecute: Rule = {
  patterns: PATTERNS,
  meta: {
    id: 'files/download-and-execute',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'high',
    cwe: [494, 829],
    keywords: ['curl', 'wget', 'iwr', 'irm', 'invoke-', 'iex', 'base64'],
    docs: {
      summary: 'A build, CI or startup file downloads a script and runs it',
      why: 'Whatever the URL serves at run time is executed with the job\'s secrets or the developer\'s account; nothing in the repository shows or pins what that code is, and whoever controls the URL (or its DNS or CDN) controls the machine.',
      fix: 'Vendor the script into the repository and review it, or download a pinned release and verify its checksum or signature before running it; prefer a package manager or a pinned action.',
      example: { bad: 'run: curl -sSL https://example.com/install.sh | bash', good: 'run: |\n  curl -sSLo install.sh https://example.com/v1.2.3/install.sh\n  echo "<sha256>  install.sh" | sha256sum -c -\n  bash install.sh' },
    },
    messages: {
      pipe: '{{label}} downloads a script and runs it',
      decode: '{{label}} decodes hidden data and runs it as a script',
    },
  },
  appliesToPath: (path) => pathKindIs(path, 'ci', 'execution'),
  check(context: RuleContext) {
    // Shell scripts anywhere count too; appliesToPath only sees the path, so the language is checked here.
    if (!pathKindIs(context.path, 'ci', 'execution') && !SCRIPT_LANGUAGES.has(context.language)) return;
    const regions = regionsOf(context);
    const { text } = context;
    const reported = new Set<number>();
    const installHooks = installHookSpans(context);
    const report = (messageId: 'pipe' | 'decode', start: number, end: number) => {
      // dependencies/install-script already reports this command, naming the hook that runs it: one finding is enough.
      if (installHooks.some((span) => start >= span.start && start < span.end)) return;
      // Only comments are skipped: hooks and Jenkinsfiles have no language of their own and lex as prose.
      if (regions.kindAt(start) === COMMENT) return;
      const { line } = context.lines.position(start);
      if (reported.has(line)) return;
      reported.add(line);
      context.report({
        messageId,
        data: { label: capitalize(pathLabel(context.path, 'script')), line: lineEvidence(context, line, 120) },
        start,
        end,
        evidence: lineEvidence(context, line),
      });
    };
    const pipedToShell = (from: number): number => {
      // A bounded window keeps a hostile line of thousands of `curl |` linear.
      const windowEnd = Math.min(lineEndAt(context, from), from + 400);
      for (let pipe = text.indexOf('|', from); pipe >= 0 && pipe < windowEnd; pipe = text.indexOf('|', pipe + 1)) {
        if (text[pipe + 1] === '|') {
          pipe++; // `||` is "or", not a pipe
          continue;
        }
        const shell = SHELL_AFTER_PIPE.exec(text.slice(pipe + 1, Math.min(windowEnd, pipe + 120)));
        if (shell) return pipe + 1 + shell[0].length;
      }
      return -1;
    };
    for (const match of text.matchAll(DOWNLOADER)) {
      const end = pipedToShell(match.index + match[0].length);
      if (end >= 0) report('pipe', match.index, end);
    }
    for (const match of text.matchAll(DECODER)) {
      const end = pipedToShell(match.index + match[0].length);
      if (end >= 0) report('decode', match.index, end);
    }
    for (const match of text.matchAll(SHELL_OF_DOWNLOAD)) report('pipe', match.index, match.index + match[0].length);
    for (const match of text.matchAll(INVOKE_EXPRESSION)) {
      const { line } = context.lines.position(match.index);
      if (POWERSHELL_DOWNLOAD.test(context.lines.lineText(line).slice(0, 2000))) report('pipe', match.index, match.index + match[0].length);
    }
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Where a manifest's install hooks are, as dependencies/install-script reports them (build.rs aside: it reports that file only in a diff). */
function installHookSpans(context: RuleContext): { start: number; end: number }[] {
  if (!isManifestPath(context.path)) return [];
  const analysis = dependencyAnalysis(context);
  if (!analysis || analysis.kind === 'build.rs') return [];
  return analysis.hooks.map((hook) => hook.span);
}
