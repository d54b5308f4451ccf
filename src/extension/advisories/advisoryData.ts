import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AdvisorySource, AdvisoryStatus } from '../../core/deps/advisories/types';
import type { Ecosystem } from '../../core/deps/types';
import type { WorkerAdvisorySettings } from '../../core/scan/workerProtocol';
import type { Engine } from '../engineLoader';
import { loadEngine } from '../engineLoader';

const UPDATE_HINT = 'run "Agent Guard: Update Vulnerability Data"';

let directory: string | undefined;
const sources = new WeakMap<Engine, AdvisorySource>();

/** Where the advisory index lives: the extension's global storage, shared by every window, outside any repository. */
export function initAdvisoryStorage(context: vscode.ExtensionContext): void {
  directory = path.join(context.globalStorageUri.fsPath, 'advisories');
}

/** The user's switch: a user (application-scope) setting, which a workspace cannot set. */
export function advisoriesEnabled(): boolean {
  return vscode.workspace.getConfiguration('agentGuard').get<boolean>('advisories.enabled', false) === true;
}

function maxAgeDays(): number {
  const value = vscode.workspace.getConfiguration('agentGuard').get<number>('advisories.maxAgeDays', 7);
  return typeof value === 'number' && value >= 1 ? value : 7;
}

/**
 * The advisory source every scan of agent changes gets. It reads the settings on each check, so turning
 * the check on or downloading new data takes effect without a reload; off, it answers `disabled`, and the
 * rule says that the check did not run.
 */
export function advisorySource(engine: Engine): AdvisorySource | undefined {
  if (!directory) return undefined;
  let source = sources.get(engine);
  if (!source) {
    const dir = directory;
    // Shards are cached by this one database; maxAgeDays is a setting, so status() re-reads it each time.
    const database = engine.openAdvisoryDatabase({ directory: dir, enabled: advisoriesEnabled, updateHint: UPDATE_HINT });
    source = {
      status: () => engine.openAdvisoryDatabase({ directory: dir, enabled: advisoriesEnabled, maxAgeDays: maxAgeDays(), updateHint: UPDATE_HINT }).status(),
      lookup: (ecosystem, name) => database.lookup(ecosystem, name),
    };
    sources.set(engine, source);
  }
  return source;
}

/** For live diagnostics: the source only when the check is on, so editing a manifest is not nagged. */
export function advisorySourceIfEnabled(engine: Engine): AdvisorySource | undefined {
  return advisoriesEnabled() ? advisorySource(engine) : undefined;
}

/**
 * For the worker scans (workspace, uncommitted, staged): the folder the worker opens the advisory index from,
 * only when the check is on. Off, the worker gets nothing and behaves as before (no note on workspace scans).
 */
export function workerAdvisorySettings(): WorkerAdvisorySettings | undefined {
  if (!directory || !advisoriesEnabled()) return undefined;
  return { directory, maxAgeDays: maxAgeDays(), updateHint: UPDATE_HINT };
}

/** What the status command answers (and tests read). */
export interface VulnerabilityDataStatus {
  enabled: boolean;
  directory: string | undefined;
  status: AdvisoryStatus | undefined;
  /** Per ecosystem: when downloaded, and how much. */
  ecosystems: Record<string, { updated: string; advisories: number; packages: number }>;
}

/** "Agent Guard: Show Vulnerability Data Status": the date of the data, per ecosystem. */
export async function vulnerabilityDataStatus(options: { silent?: boolean } = {}): Promise<VulnerabilityDataStatus> {
  const engine = loadEngine();
  const source = advisorySource(engine);
  const status = await source?.status();
  const meta = directory ? await engine.readIndexMeta(directory).catch(() => undefined) : undefined;
  const result: VulnerabilityDataStatus = { enabled: advisoriesEnabled(), directory, status, ecosystems: meta?.ecosystems ?? {} };
  if (!options.silent) {
    const text = !status ? 'no storage folder' : status.state === 'ready'
      ? `vulnerability data from ${status.updated.toISOString().slice(0, 16).replace('T', ' ')} UTC (${status.ageDays} day${status.ageDays === 1 ? '' : 's'} old${status.stale ? ', stale' : ''}) for ${status.ecosystems.length} ecosystems`
      : status.detail;
    const update = 'Update Now';
    const choice = await vscode.window.showInformationMessage(`Agent Guard: ${text}.`, update);
    if (choice === update) await vscode.commands.executeCommand('agentGuard.updateVulnerabilityData');
  }
  return result;
}

/** Arguments a test (or a mirror-minded user) may pass. */
export interface UpdateArgs {
  /** A folder laid out like OSV's bucket (`<Ecosystem>/all.zip`), read instead of the network. */
  from?: string;
  /** Only these ecosystems (our ids: npm, pypi, go, cargo, rubygems, maven, nuget, packagist). */
  ecosystems?: Ecosystem[];
  /** Turn the check on without asking (tests). */
  enable?: boolean;
  silent?: boolean;
}

/**
 * "Agent Guard: Update Vulnerability Data": the one place that downloads advisories. It asks before turning
 * the check on, shows progress, keeps the old data when a download fails, and ends with the data's date.
 */
export async function updateVulnerabilityData(log: vscode.LogOutputChannel, args: UpdateArgs = {}): Promise<{ updated: string[]; failed: string[] } | undefined> {
  if (!directory) throw new Error('no storage folder for vulnerability data');
  if (!advisoriesEnabled()) {
    const turnOn = 'Turn On and Download';
    const choice = args.enable ? turnOn : await vscode.window.showInformationMessage(
      'Agent Guard: the vulnerability check is off. Turning it on downloads OSV advisory data (npm, PyPI, Go, crates.io, RubyGems, Maven, NuGet, Packagist; several hundred MB) to this machine, and dependency versions are then checked offline.',
      { modal: true },
      turnOn,
    );
    if (choice !== turnOn) return undefined;
    await vscode.workspace.getConfiguration('agentGuard').update('advisories.enabled', true, vscode.ConfigurationTarget.Global);
  }
  const engine = loadEngine();
  const target = directory;
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'Agent Guard: updating vulnerability data', cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      const link = token.onCancellationRequested(() => controller.abort());
      try {
        return await engine.updateAdvisories({
          directory: target,
          ecosystems: args.ecosystems,
          source: args.from ? engine.folderSource(args.from) : undefined,
          signal: controller.signal,
          onProgress: (message) => {
            progress.report({ message });
            log.info(`vulnerability data: ${message}`);
          },
        });
      } finally {
        link.dispose();
      }
    },
  );
  for (const failure of result.failed) log.warn(`vulnerability data: ${failure.ecosystem} not updated: ${failure.message}`);
  const summary = { updated: result.updated.map((u) => u.ecosystem), failed: result.failed.map((f) => f.ecosystem) };
  if (!args.silent) {
    const when = new Date().toISOString().slice(0, 16).replace('T', ' ');
    if (result.failed.length) {
      void vscode.window.showWarningMessage(`Agent Guard: vulnerability data updated for ${result.updated.length} ecosystems at ${when} UTC; ${result.failed.map((f) => f.ecosystem).join(', ')} failed (older data, if any, is kept). See the output for why.`);
    } else {
      void vscode.window.showInformationMessage(`Agent Guard: vulnerability data updated at ${when} UTC: ${result.updated.reduce((n, u) => n + u.advisories, 0)} advisories for ${result.updated.length} ecosystems.`);
    }
  }
  return summary;
}
