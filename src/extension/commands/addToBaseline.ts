import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { BaselineFile } from '../../core/suppress/baseline';
import { documentOf, parseFixArgs } from '../diagnostics/fixArgs';
import { loadEngine } from '../engineLoader';
import type { Services } from '../services';
import { FIX_COMMANDS } from './ids';

/**
 * Quick fix "Add to baseline": adds the finding's fingerprint (a hash, never the value) to the folder's
 * `.agent-guard-baseline.json`, written atomically (a temporary file renamed over the old one).
 */
export async function addToBaseline(services: Services, rawArgs: unknown): Promise<boolean> {
  const args = parseFixArgs(FIX_COMMANDS.addToBaseline, rawArgs);
  const document = await documentOf(args);
  const folder = vscode.workspace.getWorkspaceFolder(document.uri);
  if (!folder || folder.uri.scheme !== 'file') {
    void vscode.window.showWarningMessage('Agent Guard: only files inside a workspace folder can be baselined.');
    return false;
  }
  const engine = loadEngine();
  const file = path.join(folder.uri.fsPath, engine.BASELINE_FILE_NAME);
  const existing = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => (error.code === 'ENOENT' ? undefined : Promise.reject(error)));
  let baseline: BaselineFile = { version: 1, createdAt: new Date().toISOString(), findings: [] };
  if (existing !== undefined) {
    engine.parseBaseline(existing, engine.BASELINE_FILE_NAME); // throws, naming the file, if it is malformed
    baseline = JSON.parse(existing) as BaselineFile;
  }
  const { fingerprint, ruleId, file: relative } = args.finding;
  if (!baseline.findings.some((entry) => entry.fingerprint === fingerprint)) {
    baseline.findings.push({ fingerprint, ruleId, file: relative });
    baseline.findings.sort((a, b) => (a.file + a.fingerprint < b.file + b.fingerprint ? -1 : 1));
    await writeFileAtomic(file, `${JSON.stringify(baseline, null, 2)}\n`);
  }
  services.log.info(`baselined ${ruleId} in ${relative}`);
  if (!services.diagnostics.currentConfig.honourWorkspaceSuppressions) {
    void vscode.window.showWarningMessage(`Agent Guard: added to ${engine.BASELINE_FILE_NAME}. Baselines in this workspace take effect once you trust it.`);
  }
  await services.diagnostics.scanNow(document);
  return true;
}

async function writeFileAtomic(file: string, text: string): Promise<void> {
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temporary, text, { encoding: 'utf8', flag: 'wx', mode: 0o644 });
    await rename(temporary, file);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
}
