// The harness every real-VS-Code layer shares (integration, e2e, demo): a code-server bound to 127.0.0.1 in its
// own process group with all its state in a temp folder, and a headless Debian Chromium driven by playwright-core.
// Whatever it starts, it stops: on success, on failure, on Ctrl+C and on exit.
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CODE_SERVER_BIN } from './installCodeServer.mjs';
import { commandLine, descendants, groupAlive, killTree, signalAll, snapshot, stillRunning } from './processTree.mjs';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const RESULTS_DIR = path.join(ROOT, 'test-results');
export const CHROMIUM = '/usr/bin/chromium';
const WATCHDOG = path.join(path.dirname(fileURLToPath(import.meta.url)), 'groupWatchdog.mjs');

// Without the background-networking flags Chromium hangs on refused connections (there is no outside network).
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Settings that keep the screen predictable (no welcome page, tips, walkthroughs, telemetry or update checks) and the
 * machine quiet. A flow that needs the full language services can pass its own settings to startCodeServer.
 */
export const QUIET_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  'security.workspace.trust.enabled': false,
  'window.restoreWindows': 'none',
  'files.hotExit': 'off',
  'chat.commandCenter.enabled': false,
  // Built-in extensions that would otherwise load CPU on a shared 2-core machine, or reach for the network:
  // type acquisition runs npm for @types packages, and npm task detection scans package.json files.
  'typescript.disableAutomaticTypeAcquisition': true,
  'typescript.tsserver.useSyntaxServer': 'always',
  'npm.autoDetect': 'off',
  'task.autoDetect': 'off',
};

// ---------------------------------------------------------------------------------------------------------------
// Cleanup: one list, run once, whatever ends the process.

const cleanups = [];
let exiting = false;

/** Registers a cleanup; returns a function that unregisters it (call that after a normal stop). */
export function onCleanup(fn) {
  cleanups.push(fn);
  return () => {
    const i = cleanups.indexOf(fn);
    if (i >= 0) cleanups.splice(i, 1);
  };
}

/** Runs every registered cleanup, newest first. Safe to call more than once. */
export async function cleanupAll() {
  while (cleanups.length) {
    const fn = cleanups.pop();
    try {
      await fn();
    } catch (error) {
      console.error(`harness: cleanup failed: ${error.message}`);
    }
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    if (exiting) return;
    exiting = true;
    console.error(`\nharness: ${signal}, stopping what was started`);
    void cleanupAll().finally(() => process.exit(130));
  });
}
// Last resort for an abrupt exit: async cleanups cannot run here, so kill the process groups synchronously.
const groupsToKill = new Set();
process.on('exit', () => {
  for (const pid of groupsToKill) killTree(pid, 'SIGKILL');
});

// ---------------------------------------------------------------------------------------------------------------
// Processes

/** A port that was free a moment ago (a throwaway listener on port 0). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** SIGTERM, then SIGKILL for whatever is still there after `graceMs`. */
async function stopTree(pid, graceMs = 5000) {
  const entries = killTree(pid, 'SIGTERM');
  const running = () => groupAlive(pid) || entries.some(stillRunning);
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && running()) await delay(100);
  if (running()) {
    killTree(pid, 'SIGKILL');
    signalAll(entries, 'SIGKILL');
  }
}

export function delay(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `condition` until it returns a truthy value or `timeoutMs` passes; the error names what was awaited.
 * `what` may be a function, called at the timeout, so that the message can say what was seen last.
 */
export async function waitFor(condition, { timeoutMs = 30_000, intervalMs = 100, what = 'condition' } = {}) {
  const deadline = Date.now() + timeoutMs;
  let lastError;
  while (Date.now() < deadline) {
    try {
      const value = await condition();
      if (value) return value;
    } catch (error) {
      // A fatal error (e.g. the process being waited on has exited) ends the wait at once.
      if (error?.fatal) throw error;
      lastError = error;
    }
    await delay(intervalMs);
  }
  const described = typeof what === 'function' ? await what() : what;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${described}${lastError ? ` (last error: ${lastError.message})` : ''}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Test folders

/**
 * A fresh temp folder for one run. It is removed by `remove()` or by cleanup, unless AGENT_GUARD_KEEP_TEST_DIR
 * is set (to look at logs and state after a failure).
 */
export function makeTestDir(label) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `agent-guard-${label}-`));
  const remove = () => {
    unregister();
    if (process.env.AGENT_GUARD_KEEP_TEST_DIR) console.log(`harness: kept ${dir}`);
    else rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onCleanup(remove);
  removers.set(dir, remove);
  return dir;
}
const removers = new Map();

/** Removes a folder made by makeTestDir (after everything using it has stopped). */
export function removeTestDir(dir) {
  removers.get(dir)?.();
  removers.delete(dir);
}

/** Copies a fixture workspace so that a run never changes the checked-in one. */
export function copyWorkspace(fixture, testDir, name = 'workspace') {
  const target = path.join(testDir, name);
  cpSync(fixture, target, { recursive: true });
  return target;
}

/** Environment that keeps code-server, its extension host and Chromium out of $HOME. */
function isolatedEnv(testDir, extra) {
  const runtime = path.join(testDir, 'run');
  mkdirSync(runtime, { recursive: true, mode: 0o700 });
  return {
    ...process.env,
    XDG_CONFIG_HOME: path.join(testDir, 'config'),
    XDG_DATA_HOME: path.join(testDir, 'data'),
    XDG_CACHE_HOME: path.join(testDir, 'cache'),
    XDG_RUNTIME_DIR: runtime,
    ...extra,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// code-server

/** Runs code-server's CLI once (e.g. --install-extension) with the same dirs as the server, and returns its output. */
export function codeServerCli(dirs, args, env = process.env) {
  const result = spawnSync(process.execPath, [CODE_SERVER_BIN, '--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, ...args], {
    encoding: 'utf8',
    env,
    timeout: 120_000,
  });
  if (result.status !== 0) throw new Error(`code-server ${args.join(' ')} failed (${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  return result.stdout;
}

/**
 * Prepares the folders (config, user data with quiet settings, extensions) for a code-server run.
 * `settings` are merged over QUIET_SETTINGS.
 */
export function prepareDirs(testDir, { settings = {} } = {}) {
  const dirs = {
    testDir,
    config: path.join(testDir, 'code-server.yaml'),
    userData: path.join(testDir, 'user-data'),
    extensions: path.join(testDir, 'extensions'),
  };
  mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  mkdirSync(dirs.extensions, { recursive: true });
  writeFileSync(dirs.config, 'auth: none\ncert: false\n');
  writeFileSync(path.join(dirs.userData, 'User', 'settings.json'), `${JSON.stringify({ ...QUIET_SETTINGS, ...settings }, null, 2)}\n`);
  return dirs;
}

/**
 * Starts code-server on a free 127.0.0.1 port and waits for /healthz.
 * Returns { url, port, dirs, env, pid, workbenchUrl(folder, payload), stop() }; stop() kills the whole process group.
 * @param {object} options
 * @param {string} [options.label] names the temp folder and the log in test-results/
 * @param {string} [options.testDir] reuse a folder made by makeTestDir (with dirs from prepareDirs)
 * @param {object} [options.dirs] folders from prepareDirs
 * @param {object} [options.settings] user settings over QUIET_SETTINGS (when dirs are made here)
 * @param {string} [options.workspace] folder to open by default
 * @param {object} [options.env] extra environment for code-server and its extension host
 */
export async function startCodeServer({ label = 'vscode', testDir, dirs, settings, workspace, env: extraEnv = {}, healthTimeoutMs = 60_000 } = {}) {
  if (!existsSync(CODE_SERVER_BIN)) throw new Error('code-server is not installed: run node scripts/vscode/installCodeServer.mjs');
  // A folder made here belongs to this server and goes when it stops.
  const ownsTestDir = !testDir;
  testDir ??= makeTestDir(label);
  dirs ??= prepareDirs(testDir, { settings });
  const env = isolatedEnv(testDir, extraEnv);
  mkdirSync(RESULTS_DIR, { recursive: true });
  const logFile = path.join(RESULTS_DIR, `${label}-code-server.log`);

  // A port can be taken between the probe and the bind; one retry covers that race.
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const args = [
      WATCHDOG,
      String(process.pid),
      // The watchdog removes a folder only when this process died without cleaning up; a kept folder stays.
      process.env.AGENT_GUARD_KEEP_TEST_DIR ? '-' : testDir,
      '--',
      process.execPath,
      CODE_SERVER_BIN,
      '--config', dirs.config,
      '--user-data-dir', dirs.userData,
      '--extensions-dir', dirs.extensions,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(workspace ? [workspace] : []),
    ];
    const log = createWriteStream(logFile, { flags: attempt === 1 ? 'w' : 'a' });
    // detached: its own process group, so that one signal reaches the server, its extension hosts and helpers.
    // The group's leader is a watchdog that ends the group if this process dies without stopping it.
    const child = spawn(process.execPath, args, { cwd: testDir, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(log);
    child.stderr.pipe(log);
    groupsToKill.add(child.pid);
    let exited = null;
    child.on('exit', (code, signal) => (exited = { code, signal }));

    let killed = false;
    const kill = async () => {
      if (killed) return;
      killed = true;
      await stopTree(child.pid);
      groupsToKill.delete(child.pid);
      unregister();
      log.end();
    };
    const stop = async () => {
      await kill();
      if (ownsTestDir) removeTestDir(testDir);
    };
    const unregister = onCleanup(kill);

    const url = `http://127.0.0.1:${port}`;
    try {
      await waitFor(
        async () => {
          if (exited) throw Object.assign(new Error(`code-server exited (${exited.code ?? exited.signal}); see ${path.relative(ROOT, logFile)}`), { fatal: true });
          const response = await fetch(`${url}/healthz`).catch(() => undefined);
          return response?.ok;
        },
        { timeoutMs: healthTimeoutMs, intervalMs: 150, what: `code-server /healthz on ${url}` },
      );
    } catch (error) {
      await kill();
      const logText = existsSync(logFile) ? readFileSync(logFile, 'utf8') : '';
      if (attempt === 1 && /EADDRINUSE/.test(logText)) continue;
      if (ownsTestDir) removeTestDir(testDir);
      throw new Error(`${error.message}\n${logText.split('\n').slice(-20).join('\n')}`);
    }

    return {
      url,
      port,
      dirs,
      env,
      testDir,
      pid: child.pid,
      logFile,
      /** The workbench URL for a folder, optionally with a `payload` (e.g. extensionDevelopmentPath, extensionTestsPath). */
      workbenchUrl(folder = workspace, payload) {
        const params = new URLSearchParams();
        if (folder) params.set('folder', folder);
        if (payload) params.set('payload', JSON.stringify(payload));
        return `${url}/?${params}`;
      },
      /** A local path as the workbench's remote URI (for payload entries). */
      remoteUri(localPath) {
        return `vscode-remote://127.0.0.1:${port}${localPath}`;
      },
      /** The extension host processes running now, as { pid, start } (one per connected window, kept after it closes). */
      extensionHosts() {
        return descendants(child.pid).filter((e) => commandLine(e.pid).includes('--type=extensionHost'));
      },
      /**
       * Stops extension hosts (and their language servers) not in `keep`. A closed window's host otherwise waits
       * three hours for a reconnect, and would go on reacting to files the next test writes.
       */
      async stopExtensionHosts(keep = []) {
        const kept = new Set(keep.map((e) => `${e.pid}:${e.start}`));
        const doomed = this.extensionHosts()
          .filter((e) => !kept.has(`${e.pid}:${e.start}`))
          .flatMap((e) => snapshot(e.pid));
        signalAll(doomed, 'SIGTERM');
        const deadline = Date.now() + 5000;
        while (Date.now() < deadline && doomed.some(stillRunning)) await delay(100);
        signalAll(doomed, 'SIGKILL');
      },
      stop,
    };
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Chromium

/**
 * Launches headless Debian Chromium with a fresh profile inside the test folder.
 * Returns { context, page, consoleLines, close() }; console lines and page errors are collected for reports.
 */
export async function launchBrowser({ testDir, env, viewport = { width: 1440, height: 900 }, onConsole } = {}) {
  const { chromium } = await import('playwright-core');
  const profile = path.join(testDir, `chromium-${Date.now()}`);
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    env: env ?? process.env,
    viewport,
    timeout: 60_000,
  });
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    unregister();
    await context.close().catch(() => undefined);
  };
  const unregister = onCleanup(close);
  const page = context.pages()[0] ?? (await context.newPage());
  const consoleLines = [];
  page.on('console', (message) => {
    const line = `[${message.type()}] ${message.text()}`;
    consoleLines.push(line);
    onConsole?.(message);
  });
  page.on('pageerror', (error) => consoleLines.push(`[pageerror] ${error.message}`));
  return { context, page, consoleLines, close };
}

/** Waits until the workbench is up: the status bar is rendered and the window's extensions are settled. */
export async function waitForWorkbench(page, { timeoutMs = 90_000 } = {}) {
  await page.waitForSelector('.monaco-workbench .part.statusbar', { timeout: timeoutMs });
}

/** Builds the extension and its tests with esbuild (development bundles, source maps). */
export function build({ production = false } = {}) {
  const result = spawnSync(process.execPath, ['esbuild.mjs', ...(production ? ['--production'] : [])], { cwd: ROOT, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('build failed (node esbuild.mjs)');
}
