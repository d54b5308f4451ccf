import { parseArgs } from 'node:util';
import type { Category, Risk } from '../core/model/finding';
import { CATEGORIES, RISKS, isCategory } from '../core/model/finding';
import { UsageError } from './usageError';

export type OutputFormat = 'text' | 'json' | 'sarif';

/** Options common to `scan` and `diff`, validated. */
export interface ReportOptions {
  format: OutputFormat;
  output?: string;
  failOn: Risk;
  categories?: Category[];
  baseline?: string;
  writeBaseline?: string;
  maxFileBytes: number;
  exclude: string[];
  gitignore: boolean;
  color: boolean;
  /** Ask the package registry about unknown new dependencies (off by default). */
  online: boolean;
  /** Folder of OSV advisory data (`agent-guard advisories update`) for the known-vulnerability check. */
  advisories?: string;
}

const OPTION_SPEC = {
  format: { type: 'string', short: 'f' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  category: { type: 'string' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  'max-file-size': { type: 'string' },
  exclude: { type: 'string', multiple: true },
  'no-gitignore': { type: 'boolean' },
  color: { type: 'boolean' },
  'no-color': { type: 'boolean' },
  online: { type: 'boolean' },
  advisories: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** Parses argv after the command name. Unknown options and bad values throw UsageError. */
export function parseReportArgs(argv: readonly string[]): { positionals: string[]; options: ReportOptions; help: boolean } {
  let parsed;
  // --write-baseline takes an optional file: bare, it means the default file in the scanned folder. A
  // following argument is its file only when it names a .json file, so `--write-baseline src` still scans src.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== '--write-baseline') {
      args.push(argv[i]);
      continue;
    }
    const next = argv[i + 1];
    if (next !== undefined && !next.startsWith('-') && next.toLowerCase().endsWith('.json')) {
      args.push(`--write-baseline=${next}`);
      i++;
    } else {
      args.push('--write-baseline=');
    }
  }
  try {
    parsed = parseArgs({ args, options: OPTION_SPEC, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages run on with advice about '--'; the first sentence is the useful part.
    throw new UsageError((error as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, ''));
  }
  const values = parsed.values;
  const format = (values.format ?? 'text') as OutputFormat;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`--format must be text, json or sarif, not '${values.format}'`);
  const failOn = (values['fail-on'] ?? 'high') as Risk;
  if (!RISKS.includes(failOn)) throw new UsageError(`--fail-on must be one of ${RISKS.join(', ')}, not '${values['fail-on']}'`);
  const categories = values.category === undefined ? undefined : parseCategories(values.category);
  const maxFileBytes = values['max-file-size'] === undefined ? 1024 * 1024 : parseSize(values['max-file-size']);
  const color = values['no-color'] ? false : (values.color ?? (Boolean(process.stdout.isTTY) && !values.output && !process.env.NO_COLOR));
  return {
    positionals: parsed.positionals,
    help: Boolean(values.help),
    options: {
      format,
      output: values.output,
      failOn,
      categories,
      baseline: values.baseline,
      writeBaseline: values['write-baseline'],
      maxFileBytes,
      exclude: values.exclude ?? [],
      gitignore: !values['no-gitignore'],
      color,
      online: Boolean(values.online),
      advisories: values.advisories,
    },
  };
}

function parseCategories(list: string): Category[] {
  const names = list.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) throw new UsageError('--category needs at least one category');
  for (const name of names) {
    if (!isCategory(name)) throw new UsageError(`unknown category '${name}' (known: ${CATEGORIES.join(', ')})`);
  }
  return names as Category[];
}

/** `500000`, `500k`, `2m` (bytes, KiB, MiB). */
function parseSize(value: string): number {
  const match = /^(\d{1,12})([kKmM]?)$/.exec(value.trim());
  if (!match) throw new UsageError(`--max-file-size must be a number of bytes, or like 500k or 2m, not '${value}'`);
  const multiplier = match[2].toLowerCase() === 'k' ? 1024 : match[2].toLowerCase() === 'm' ? 1024 * 1024 : 1;
  const bytes = Number(match[1]) * multiplier;
  if (bytes < 1) throw new UsageError('--max-file-size must be at least 1 byte');
  return bytes;
}
