import { homedir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { openAdvisoryDatabase } from '../core/deps/advisories/store';
import { readIndexMeta } from '../core/deps/advisories/store';
import type { AdvisorySource } from '../core/deps/advisories/types';
import { ecosystemOfOsv, OSV_ECOSYSTEMS } from '../core/deps/advisories/types';
import { folderSource, updateAdvisories } from '../core/deps/advisories/update';
import type { Ecosystem } from '../core/deps/types';
import type { ReportOptions } from './options';
import { UsageError } from './usageError';

/** Where `advisories update` puts the data when no --dir is given. */
export function defaultAdvisoriesDir(): string {
  const cache = process.env.XDG_CACHE_HOME || path.join(homedir(), '.cache');
  return path.join(cache, 'agent-guard', 'advisories');
}

const UPDATE_HINT = 'run "agent-guard advisories update"';

/** The advisory source for scan/diff: only when --advisories names a folder (the check is opt-in). */
export function cliAdvisories(options: ReportOptions): AdvisorySource | undefined {
  if (options.advisories === undefined) return undefined;
  return openAdvisoryDatabase({ directory: path.resolve(options.advisories || defaultAdvisoriesDir()), updateHint: `run "agent-guard advisories update --dir ${options.advisories}"` });
}

/** `agent-guard advisories update|status`: returns the exit code. */
export async function runAdvisories(argv: readonly string[]): Promise<number> {
  const [action, ...rest] = argv;
  let parsed;
  try {
    parsed = parseArgs({ args: rest, options: { dir: { type: 'string' }, ecosystem: { type: 'string' }, from: { type: 'string' } }, allowPositionals: false, strict: true });
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0]);
  }
  const directory = path.resolve(parsed.values.dir ?? defaultAdvisoriesDir());
  if (action === 'status') {
    if (parsed.values.ecosystem !== undefined || parsed.values.from !== undefined) throw new UsageError('advisories status takes only --dir');
    return status(directory);
  }
  if (action !== 'update') throw new UsageError(`advisories needs 'update' or 'status', not '${action ?? ''}'`);
  const ecosystems = parsed.values.ecosystem === undefined ? undefined : parseEcosystems(parsed.values.ecosystem);
  const source = parsed.values.from ? folderSource(path.resolve(parsed.values.from)) : undefined;
  const result = await updateAdvisories({ directory, ecosystems, source, onProgress: (message) => process.stderr.write(`agent-guard: ${message}\n`) });
  for (const failure of result.failed) process.stderr.write(`agent-guard: ${OSV_ECOSYSTEMS[failure.ecosystem]} not updated: ${failure.message}\n`);
  process.stdout.write(`${result.updated.length} of ${result.updated.length + result.failed.length} ecosystems updated in ${directory}\n`);
  return result.failed.length ? 1 : 0;
}

async function status(directory: string): Promise<number> {
  let meta;
  try {
    meta = await readIndexMeta(directory);
  } catch (error) {
    process.stdout.write(`advisory data in ${directory} can't be read: ${(error as Error).message}\n`);
    return 1;
  }
  if (!meta) {
    process.stdout.write(`no advisory data in ${directory} (${UPDATE_HINT})\n`);
    return 1;
  }
  const lines = [`advisory data in ${directory}`];
  for (const [ecosystem, info] of Object.entries(meta.ecosystems) as [Ecosystem, { updated: string; advisories: number; packages: number }][]) {
    lines.push(`  ${OSV_ECOSYSTEMS[ecosystem].padEnd(10)} ${info.updated.slice(0, 16).replace('T', ' ')} UTC  ${info.advisories} advisories, ${info.packages} packages`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  return 0;
}

function parseEcosystems(list: string): Ecosystem[] {
  const out: Ecosystem[] = [];
  for (const name of list.split(',').map((s) => s.trim()).filter(Boolean)) {
    const ecosystem = ecosystemOfOsv(name) ?? (name.toLowerCase() in OSV_ECOSYSTEMS ? (name.toLowerCase() as Ecosystem) : undefined) ?? (Object.keys(OSV_ECOSYSTEMS) as Ecosystem[]).find((e) => OSV_ECOSYSTEMS[e].toLowerCase() === name.toLowerCase());
    if (!ecosystem) throw new UsageError(`unknown ecosystem '${name}' (known: ${Object.values(OSV_ECOSYSTEMS).join(', ')})`);
    out.push(ecosystem);
  }
  if (!out.length) throw new UsageError('--ecosystem needs at least one ecosystem');
  return out;
}
