#!/usr/bin/env node
// npm run test:e2e: the packaged extension (.vsix), installed into code-server with --install-extension, driven
// through headless Chromium as a user would. Each file in test/e2e/flows/ exports named async functions; each
// function is one flow, run on a fresh page of the same code-server, with a fresh copy of the fixture workspace
// and its own extension host (stopped after it). Adding a flow is adding a file (or an export).
// Screenshots go to test-results/screenshots/. The last line is `e2e: N passed, N failed`.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { tsImport } from 'tsx/esm/api';
import { cleanupAll, codeServerCli, copyWorkspace, launchBrowser, makeTestDir, prepareDirs, RESULTS_DIR, ROOT, startCodeServer, waitForWorkbench } from './codeServer.mjs';
import { ensureCodeServer } from './installCodeServer.mjs';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const FLOWS_DIR = path.join(ROOT, 'test', 'e2e', 'flows');
const SCREENSHOTS = path.join(RESULTS_DIR, 'screenshots');
const VSIX = path.join(ROOT, 'agent-guard.vsix');
const FLOW_TIMEOUT_MS = Number(process.env.AGENT_GUARD_FLOW_TIMEOUT_MS ?? 120_000);
// AGENT_GUARD_E2E_GREP=problems runs only the flows whose name contains it.
const GREP = process.env.AGENT_GUARD_E2E_GREP;

function packageVsix() {
  // Reuse a .vsix only when asked to (CI packages once, then checks it); otherwise test what `npm run package` makes now.
  if (process.env.AGENT_GUARD_E2E_REUSE_VSIX && existsSync(VSIX)) return VSIX;
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0 || !existsSync(VSIX)) throw new Error('npm run package failed');
  return VSIX;
}

/** Every exported function of every flow file, in file then export order. */
async function loadFlows() {
  const flows = [];
  for (const file of readdirSync(FLOWS_DIR).filter((f) => f.endsWith('.mjs')).sort()) {
    const module = await import(pathToFileURL(path.join(FLOWS_DIR, file)).href);
    for (const [name, fn] of Object.entries(module)) {
      if (typeof fn !== 'function') continue;
      const id = `${path.basename(file, '.mjs')}.${name}`;
      if (!GREP || id.includes(GREP)) flows.push({ id, name, fn });
    }
  }
  return flows;
}

/** Each flow starts from a fresh copy of the fixture, in the same folder (the one the workbench URL opens). */
function resetWorkspace(workspace) {
  for (const name of readdirSync(workspace)) rmSync(path.join(workspace, name), { recursive: true, force: true });
  cpSync(FIXTURE, workspace, { recursive: true });
}

function withTimeout(promise, ms, what) {
  let timer;
  return Promise.race([promise, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`${what} timed out after ${ms / 1000} s`)), ms)))]).finally(() => clearTimeout(timer));
}

async function main() {
  const started = Date.now();
  await ensureCodeServer();
  const vsix = packageVsix();
  const { createWorkbench } = await import('../../test/e2e/workbench.mjs');
  // Fake credentials are made at run time by the same TypeScript helper the other layers use.
  const fakes = await tsImport('../../test/helpers/fakeSecrets.ts', import.meta.url);
  const flows = await loadFlows();
  if (flows.length === 0) throw new Error(`no flows found in ${path.relative(ROOT, FLOWS_DIR)}${GREP ? ` matching ${GREP}` : ''}`);

  const testDir = makeTestDir('e2e');
  const dirs = prepareDirs(testDir);
  const workspace = copyWorkspace(FIXTURE, testDir);
  // Installed exactly as a user installs a .vsix, into an extensions folder of its own.
  codeServerCli(dirs, ['--install-extension', vsix]);
  const listed = codeServerCli(dirs, ['--list-extensions', '--show-versions']);
  const { version } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  if (!listed.includes(`agent-guard.agent-guard@${version}`)) throw new Error(`the .vsix did not install: --list-extensions says ${JSON.stringify(listed)}`);
  console.log(`e2e: installed agent-guard.agent-guard@${version} from ${path.relative(ROOT, vsix)}`);

  const server = await startCodeServer({ label: 'e2e', testDir, dirs, workspace });
  // A flow may change user settings (a theme, say); the next flow starts from the original ones.
  const settingsFile = path.join(dirs.userData, 'User', 'settings.json');
  const initialSettings = readFileSync(settingsFile, 'utf8');
  const browser = await launchBrowser({ testDir, env: server.env });
  await browser.page.close();
  rmSync(SCREENSHOTS, { recursive: true, force: true });

  let passed = 0;
  let failed = 0;
  for (const flow of flows) {
    const flowStarted = Date.now();
    const page = await browser.context.newPage();
    const consoleLines = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    page.on('pageerror', (e) => consoleLines.push(`[pageerror] ${e.message}`));
    const wb = createWorkbench({ page, workspace, screenshotsDir: SCREENSHOTS, flowName: flow.id, server, fakes });
    writeFileSync(settingsFile, initialSettings);
    resetWorkspace(workspace);
    const hostsBefore = server.extensionHosts();
    try {
      await withTimeout(
        (async () => {
          await page.goto(server.workbenchUrl(workspace));
          await waitForWorkbench(page);
          // The window restores the previous flow's editors and panel (same workspace and profile); each flow starts
          // with neither, so that what it sees is what it did.
          await wb.runCommand('View: Close All Editors');
          if (await page.locator('.part.panel').isVisible()) await wb.runCommand('View: Hide Panel');
          await flow.fn(wb);
        })(),
        FLOW_TIMEOUT_MS,
        flow.id,
      );
      passed++;
      console.log(`  ✔ ${flow.id} (${((Date.now() - flowStarted) / 1000).toFixed(1)} s)`);
    } catch (error) {
      failed++;
      console.log(`  ✗ ${flow.id}: ${error.message}`);
      if (error.stack) console.log(error.stack.split('\n').slice(1, 6).join('\n'));
      const shot = await wb.screenshot('FAILED').catch(() => undefined);
      if (shot) console.log(`    screenshot: ${path.relative(ROOT, shot)}`);
      writeFileSync(path.join(RESULTS_DIR, `e2e-${flow.id}-console.log`), `${consoleLines.join('\n')}\n`);
    } finally {
      await page.close().catch(() => undefined);
      await server.stopExtensionHosts(hostsBefore);
    }
  }

  await cleanupAll();
  console.log(`\ne2e: finished in ${((Date.now() - started) / 1000).toFixed(0)} s; screenshots in ${path.relative(ROOT, SCREENSHOTS)}/`);
  console.log(`e2e: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch(async (error) => {
  console.error(`e2e: ${error.stack ?? error.message}`);
  await cleanupAll();
  console.log('e2e: 0 passed, 1 failed');
  process.exitCode = 1;
});
