import { readFile, stat } from 'node:fs/promises';
import * as path from 'node:path';
import type { Finding } from '../core/model/finding';
import { meetsThreshold } from '../core/model/finding';
import { toJsonScanReport } from '../core/report/json';
import { toSarif } from '../core/report/sarif';
import { toText } from '../core/report/text';
import { createRegistryClient } from '../core/deps/online';
import { cliAdvisories } from './advisoriesCommand';
import { folderProject } from '../core/deps/projectFiles';
import { allRules } from '../core/rules/index';
import type { SkippedFile } from '../core/scan/input';
import type { FileToScan } from '../core/scan/scanFiles';
import { scanFiles } from '../core/scan/scanFiles';
import { toPosix, walkFiles } from '../core/scan/walk';
import { BASELINE_FILE_NAME, createBaseline, parseBaseline } from '../core/suppress/baseline';
import type { ReportOptions } from './options';
import { emit, writeFileAtomic } from './output';
import { UsageError } from './usageError';
import { TOOL_VERSION } from './version';

/** `agent-guard scan [PATH...]`: returns the exit code. */
export async function runScan(paths: readonly string[], options: ReportOptions): Promise<number> {
  const targets = paths.length ? [...paths] : ['.'];
  const kinds = await Promise.all(targets.map(kindOf));
  // Reports give paths relative to the one folder scanned, or to the working directory otherwise.
  const root = targets.length === 1 && kinds[0] === 'directory' ? path.resolve(targets[0]) : process.cwd();
  const skipped: SkippedFile[] = [];
  const baseline = options.baseline ? await loadBaseline(options.baseline) : undefined;

  const result = await scanFiles(filesOf(targets, kinds, root, options, skipped), {
    rules: allRules,
    categories: options.categories,
    maxFileBytes: options.maxFileBytes,
    baseline,
    project: folderProject(root),
    registry: options.online ? createRegistryClient() : undefined,
    advisories: cliAdvisories(options),
  }, skipped);

  if (options.writeBaseline !== undefined) {
    const given = options.writeBaseline;
    // A folder means the default file inside it.
    const target = !given ? path.join(root, BASELINE_FILE_NAME) : (await kindOf(given).catch(() => 'file')) === 'directory' ? path.join(given, BASELINE_FILE_NAME) : given;
    await writeFileAtomic(target, `${JSON.stringify(createBaseline(result.findings), null, 2)}\n`);
    process.stderr.write(`agent-guard: wrote ${result.findings.length} fingerprints to ${target}\n`);
    return 0;
  }
  for (const error of result.ruleErrors) process.stderr.write(`agent-guard: rule ${error.ruleId} failed on ${error.file}: ${error.message}\n`);
  await emit(render(result.findings, result.skipped, result, options), options.output);
  return exitCode(result.findings, options);
}

function render(findings: Finding[], skipped: SkippedFile[], result: Awaited<ReturnType<typeof scanFiles>>, options: ReportOptions): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(toJsonScanReport(findings, skipped, result.summary, TOOL_VERSION), null, 2)}\n`;
    case 'sarif':
      return `${JSON.stringify(toSarif(findings, { toolVersion: TOOL_VERSION, rules: allRules, skipped }), null, 2)}\n`;
    case 'text':
      return toText(findings, skipped, result.summary, { color: options.color });
  }
}

export function exitCode(findings: readonly Finding[], options: ReportOptions): number {
  return findings.some((f) => meetsThreshold(f.severity, options.failOn)) ? 1 : 0;
}

async function* filesOf(targets: string[], kinds: ('file' | 'directory')[], root: string, options: ReportOptions, skipped: SkippedFile[]): AsyncGenerator<FileToScan> {
  for (let i = 0; i < targets.length; i++) {
    const absolute = path.resolve(targets[i]);
    if (kinds[i] === 'file') {
      yield { absolutePath: absolute, relativePath: toPosix(path.relative(root, absolute)) || path.basename(absolute) };
      continue;
    }
    const prefix = toPosix(path.relative(root, absolute));
    for await (const file of walkFiles(absolute, { exclude: options.exclude, respectGitignore: options.gitignore }, skipped)) {
      yield { absolutePath: file.absolutePath, relativePath: prefix ? `${prefix}/${file.relativePath}` : file.relativePath };
    }
  }
}

export async function kindOf(target: string): Promise<'file' | 'directory'> {
  try {
    const info = await stat(target);
    if (info.isDirectory()) return 'directory';
    if (info.isFile()) return 'file';
    throw new UsageError(`not a regular file or folder: ${target}`);
  } catch (error) {
    if (UsageError.is(error)) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such file or folder: ${target}` : `cannot read ${target}: ${code ?? 'error'}`);
  }
}

export async function loadBaseline(file: string): Promise<Set<string>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new UsageError(`cannot read baseline ${file}`);
  }
  try {
    return parseBaseline(text, file);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
