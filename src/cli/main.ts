import { parseHookArgs } from './hookOptions';
import { parseReportArgs } from './options';
import { UsageError } from './usageError';
import { TOOL_VERSION } from './version';

const HELP = `agent-guard ${TOOL_VERSION}: security checks for code that AI agents write

Usage:
  agent-guard scan [PATH...]          scan files and folders (default: .)
  agent-guard diff BEFORE AFTER       report only what the change from BEFORE to AFTER introduces
                                      (two folders or two files)
  agent-guard hook [--agent NAME]     pre-write hook for CLI agents: reads a PreToolUse event on stdin,
                                      asks VS Code for a review, prints the decision as JSON
                                      (--timeout MINUTES, --fail-on SEVERITY, --when-clean ask|allow)
  agent-guard advisories update       download OSV advisory data (the only command that goes online)
                                      (--dir DIR, --ecosystem npm,PyPI,..., --from MIRROR-FOLDER)
  agent-guard advisories status       when the advisory data was downloaded, per ecosystem (--dir DIR)

Options:
  -f, --format text|json|sarif        output format (default: text)
  -o, --output FILE                   write the report to FILE instead of stdout
      --fail-on critical|high|medium|low|none
                                      exit 1 when a finding is at or above this severity (default: high)
      --category LIST                 only these categories, comma-separated:
                                      secret,injection,dependency,sensitive-file,hidden-text,insecure-config
      --baseline FILE                 leave out findings whose fingerprints FILE lists
      --write-baseline[=FILE]         write the current findings' fingerprints (default: .agent-guard-baseline.json)
      --max-file-size SIZE            skip larger files (bytes, or 500k, 2m; default: 1m)
      --exclude GLOB                  skip paths matching GLOB (gitignore syntax; repeatable)
      --no-gitignore                  scan files that .gitignore lists
      --no-color                      plain text output
      --online                        ask the npm/PyPI registry about unknown new dependencies (off by default)
      --advisories DIR                check dependency versions against OSV data in DIR (from
                                      'advisories update'; default dir: ~/.cache/agent-guard/advisories)
  -h, --help                          this help
  -v, --version                       the version

Exit codes: 0 nothing at or above --fail-on, 1 something was, 2 a usage or input error.
`;

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
      case '-h':
      case '--help':
      case 'help':
        process.stdout.write(HELP);
        return command === undefined ? 2 : 0;
      case '-v':
      case '--version':
        process.stdout.write(`${TOOL_VERSION}\n`);
        return 0;
      // Each command's module is loaded when it runs: the hook must start fast, and forwarding an edit to
      // VS Code needs none of the rules.
      case 'hook':
        return await (await import('./hookCommand.js')).runHook(parseHookArgs(rest));
      case 'scan':
      case 'diff': {
        const { positionals, options, help } = parseReportArgs(rest);
        if (help) {
          process.stdout.write(HELP);
          return 0;
        }
        if (options.writeBaseline !== undefined && command === 'diff') throw new UsageError('--write-baseline goes with scan');
        const heavy = await import('./heavyCommands.js');
        return command === 'scan' ? await heavy.runScan(positionals, options) : await heavy.runDiff(positionals, options);
      }
      case 'advisories':
        return await (await import('./heavyCommands.js')).runAdvisories(rest);
      default:
        throw new UsageError(`unknown command '${command}' (try: agent-guard --help)`);
    }
  } catch (error) {
    if (UsageError.is(error)) {
      process.stderr.write(`agent-guard: ${error.message}\n`);
      return 2;
    }
    process.stderr.write(`agent-guard: internal error: ${(error as Error)?.message ?? String(error)}\n`);
    return 2;
  }
}

// esbuild bundles this as the entry point; tests import main() directly.
if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    () => {
      process.exitCode = 2;
    },
  );
}
