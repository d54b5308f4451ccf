import * as path from 'node:path';
import { toJsonDiffReport } from '../core/report/json';
import { toSarif } from '../core/report/sarif';
import { toText } from '../core/report/text';
import { createRegistryClient } from '../core/deps/online';
import { folderProject } from '../core/deps/projectFiles';
import { allRules } from '../core/rules/index';
import type { FilePair } from '../core/scan/diffScan';
import { scanFilePairs } from '../core/scan/diffScan';
import type { SkippedFile } from '../core/scan/input';
import { walkFiles } from '../core/scan/walk';
import type { ReportOptions } from './options';
import { emit } from './output';
import { exitCode, kindOf, loadBaseline } from './scanCommand';
import { cliAdvisories } from './advisoriesCommand';
import { UsageError } from './usageError';
import { TOOL_VERSION } from './version';

/** `agent-guard diff BEFORE AFTER`: reports only what the change introduces. Returns the exit code. */
export async function runDiff(positionals: readonly string[], options: ReportOptions): Promise<number> {
  if (positionals.length !== 2) throw new UsageError('diff needs exactly two paths: BEFORE AFTER');
  const [before, after] = positionals;
  const [beforeKind, afterKind] = await Promise.all([kindOf(before), kindOf(after)]);
  if (beforeKind !== afterKind) throw new UsageError(`BEFORE is a ${beforeKind} but AFTER is a ${afterKind}; give two folders or two files`);

  const skipped: SkippedFile[] = [];
  const pairs = beforeKind === 'file' ? [filePair(before, after)] : await folderPairs(before, after, options, skipped);
  const baseline = options.baseline ? await loadBaseline(options.baseline) : undefined;
  const project = beforeKind === 'file' ? folderProject(path.dirname(after), path.dirname(before)) : folderProject(after, before);
  const registry = options.online ? createRegistryClient() : undefined;
  const result = await scanFilePairs(pairs, { rules: allRules, categories: options.categories, maxFileBytes: options.maxFileBytes, baseline, project, registry, advisories: cliAdvisories(options) }, skipped);

  for (const error of result.ruleErrors) process.stderr.write(`agent-guard: rule ${error.ruleId} failed on ${error.file}: ${error.message}\n`);
  let rendered: string;
  switch (options.format) {
    case 'json':
      rendered = `${JSON.stringify(toJsonDiffReport(result.findings, result.files, result.skipped, result.summary, TOOL_VERSION), null, 2)}\n`;
      break;
    case 'sarif':
      rendered = `${JSON.stringify(toSarif(result.findings, { toolVersion: TOOL_VERSION, rules: allRules, skipped: result.skipped }), null, 2)}\n`;
      break;
    case 'text':
      rendered = toText(result.findings, result.skipped, result.summary, { color: options.color, files: result.files });
  }
  await emit(rendered, options.output);
  return exitCode(result.findings, options);
}

function filePair(before: string, after: string): FilePair {
  const name = path.basename(after);
  return { path: name, before: { absolutePath: path.resolve(before), relativePath: name }, after: { absolutePath: path.resolve(after), relativePath: name } };
}

async function folderPairs(before: string, after: string, options: ReportOptions, skipped: SkippedFile[]): Promise<FilePair[]> {
  const walkOptions = { exclude: options.exclude, respectGitignore: options.gitignore };
  const byPath = new Map<string, FilePair>();
  for await (const file of walkFiles(before, walkOptions, [])) byPath.set(file.relativePath, { path: file.relativePath, before: file });
  for await (const file of walkFiles(after, walkOptions, skipped)) {
    const pair = byPath.get(file.relativePath);
    if (pair) pair.after = file;
    else byPath.set(file.relativePath, { path: file.relativePath, after: file });
  }
  return [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
