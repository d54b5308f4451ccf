#!/usr/bin/env node
// Installs code-server (a real VS Code 1.100.3 that runs on Node 20 and needs no download from outside the npm
// registry) into a cache folder of its own, so that it is never a dependency of the extension.
// Every environment variable below answers a pitfall in /work/shared/real-vscode-testing.md.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const CODE_SERVER_VERSION = '4.100.3';
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CODE_SERVER_DIR = path.join(root, '.vscode-test', `code-server-${CODE_SERVER_VERSION}`);
const PACKAGE_DIR = path.join(CODE_SERVER_DIR, 'node_modules', 'code-server');
export const CODE_SERVER_BIN = path.join(PACKAGE_DIR, 'out', 'node', 'entry.js');
const MARKER = path.join(CODE_SERVER_DIR, '.installed');

// What @vscode/ripgrep's postinstall would download from GitHub; it takes a cached archive of this name instead.
const RIPGREP_CACHE = 'vscode-ripgrep-cache-1.15.11';
const RIPGREP_ARCHIVE = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

// python3 and g++/make for node-gyp, libkrb5-dev for kerberos, ripgrep for @vscode/ripgrep, chromium for the UI layers.
const APT_PACKAGES = ['chromium', 'ripgrep', 'libkrb5-dev', 'g++', 'make', 'python3'];

// Native modules that code-server's postinstall builds; a missing one means a script silently did not run.
const NATIVE_MODULES = [
  'lib/vscode/node_modules/node-pty/build/Release/pty.node',
  'lib/vscode/node_modules/kerberos/build/Release/kerberos.node',
  'lib/vscode/node_modules/@vscode/spdlog/build/Release/spdlog.node',
  'lib/vscode/node_modules/native-watchdog/build/Release/watchdog.node',
  'lib/vscode/node_modules/@vscode/ripgrep/bin/rg',
];

function log(message) {
  console.log(`code-server: ${message}`);
}

/** dpkg-query, not dpkg -s: the latter also succeeds for removed packages. */
export function missingAptPackages(names = APT_PACKAGES) {
  return names.filter((name) => {
    const result = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
    return result.status !== 0 || result.stdout.trim() !== 'install ok installed';
  });
}

function filesPresent() {
  if (!existsSync(CODE_SERVER_BIN)) return false;
  const installed = JSON.parse(readFileSync(path.join(PACKAGE_DIR, 'package.json'), 'utf8')).version;
  return installed === CODE_SERVER_VERSION && NATIVE_MODULES.every((p) => existsSync(path.join(PACKAGE_DIR, p)));
}

/** The marker is written only after code-server started once, so a half-finished install is never trusted. */
function verifiedInstall() {
  return existsSync(MARKER) && readFileSync(MARKER, 'utf8').trim() === CODE_SERVER_VERSION && filesPresent();
}

function run(command, args, options) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'], ...options });
    child.on('error', reject);
    child.on('close', (code, signal) => (code === 0 ? resolve() : reject(new Error(`${command} ${args.join(' ')} exited with ${code ?? signal}`))));
  });
}

/** Starts the installed code-server once and waits for /healthz: proof that its native modules load. */
async function smokeTest() {
  const { startCodeServer } = await import('./codeServer.mjs');
  const server = await startCodeServer({ label: 'install-check' });
  try {
    log(`started and healthy on ${server.url}`);
  } finally {
    await server.stop();
  }
}

/** Installs code-server unless a verified install is already cached. Returns the path of its entry script. */
export async function ensureCodeServer({ force = false } = {}) {
  if (!force && verifiedInstall()) return CODE_SERVER_BIN;
  if (!force && filesPresent()) {
    // Installed by an earlier run that stopped before the check: checking is cheaper than reinstalling.
    try {
      await smokeTest();
      writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n`);
      return CODE_SERVER_BIN;
    } catch (error) {
      log(`cached install does not start (${error.message}); reinstalling`);
    }
  }

  let missing = missingAptPackages();
  if (missing.length && process.getuid?.() === 0) {
    // As root (CI, these machines) the README's two commands must work on a fresh machine: install them.
    console.log(`code-server: installing Debian packages: ${missing.join(' ')}`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
    missing = missingAptPackages();
  }
  if (missing.length) throw new Error(`missing Debian packages: ${missing.join(' ')} (run: sudo apt-get install -y ${missing.join(' ')})`);

  log(`installing ${CODE_SERVER_VERSION} into ${path.relative(root, CODE_SERVER_DIR)} (about 2 minutes, 300 MB)`);
  const started = Date.now();
  rmSync(CODE_SERVER_DIR, { recursive: true, force: true });
  mkdirSync(CODE_SERVER_DIR, { recursive: true });
  writeFileSync(
    path.join(CODE_SERVER_DIR, 'package.json'),
    `${JSON.stringify(
      {
        name: 'agent-guard-code-server-cache',
        private: true,
        description: 'A cached code-server for Agent Guard tests; see scripts/vscode/installCodeServer.mjs',
        // npm 11 runs only reviewed install scripts in future releases; these build or fetch what code-server needs.
        allowScripts: { 'code-server': true, argon2: true, kerberos: true, 'node-pty': true, '@vscode/ripgrep': true },
      },
      null,
      2,
    )}\n`,
  );

  // @vscode/ripgrep would download rg from GitHub; give it Debian's rg as the archive it looks for.
  const tmp = path.join(CODE_SERVER_DIR, 'tmp');
  const cache = path.join(tmp, RIPGREP_CACHE);
  mkdirSync(cache, { recursive: true });
  await run('tar', ['-czf', path.join(cache, RIPGREP_ARCHIVE), '-C', '/usr/bin', 'rg']);

  const env = {
    ...process.env,
    TMPDIR: tmp,
    npm_config_unsafe_perm: 'true', // postinstall.sh refuses to run as root without it
    npm_config_yes: 'true', // node-pty's postinstall runs `npx node-gyp`; a user npmrc with yes=false cancels it
    npm_config_nodedir: '/usr', // build against /usr/include/node instead of downloading headers
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
  };
  await run('npm', ['install', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`], { cwd: CODE_SERVER_DIR, env });
  rmSync(tmp, { recursive: true, force: true });

  const absent = NATIVE_MODULES.filter((p) => !existsSync(path.join(PACKAGE_DIR, p)));
  if (absent.length) throw new Error(`code-server install is incomplete; an install script did not run or failed: ${absent.join(', ')}`);
  await smokeTest();
  writeFileSync(MARKER, `${CODE_SERVER_VERSION}\n`);
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return CODE_SERVER_BIN;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  ensureCodeServer({ force: process.argv.includes('--force') })
    .then((bin) => log(`ready: ${path.relative(root, bin)}`))
    .catch((error) => {
      console.error(`code-server: install failed: ${error.message}`);
      process.exitCode = 1;
    });
}
