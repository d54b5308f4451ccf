#!/usr/bin/env node
// npm run test:vscode: the integration suite inside a real VS Code (code-server 4.100.3) in headless Chromium.
// The extension runs from this checkout (extensionDevelopmentPath) and the suite is passed as extensionTestsPath
// through the workbench's `payload` URL parameter; the workbench reports the suite's exit code through
// window.codeAutomationExit. The last line is `integration: N passed, N failed` (scripts/test.mjs reads it).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { formatWithOptions } from 'node:util';
import { buildIntegrationSuite, SUITE_ENTRY } from './buildTests.mjs';
import { build, cleanupAll, copyWorkspace, launchBrowser, makeTestDir, RESULTS_DIR, ROOT, startCodeServer } from './codeServer.mjs';
import { ensureCodeServer } from './installCodeServer.mjs';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace');
// Covers a cold extension host on a loaded 2-core machine; the suite's own tests have 30 s each.
const SUITE_TIMEOUT_MS = Number(process.env.AGENT_GUARD_SUITE_TIMEOUT_MS ?? 300_000);

// Workbench chatter that says nothing about the suite.
const NOISE = [/vsda/, /sandbox/i, /Failed to load resource/, /punycode/, /same-origin iframe/, /ENOTFOUND/, /Overwriting extension/, /connection token/i, /socket (hang up|closed|timeout)/i, /Service Worker|builtin extensions cache|ChatSessionStore|Creation of workbench contribution/];

/** The extension host's console lines arrive printf-style with CSS (`%c INFO`); print them as mocha wrote them. */
async function consoleText(message) {
  const values = await Promise.all(message.args().map((arg) => arg.jsonValue().catch(() => String(arg))));
  if (typeof values[0] !== 'string') return message.text();
  // `%c INFO`, its CSS, then the extension host's own console arguments (mocha's format string and values).
  const [format, ...rest] = values;
  if (/^%c\s*(INFO|WARN|ERR|DEBUG|TRACE)\s*$/.test(format) && rest.length >= 2) return formatWithOptions({ colors: false }, ...rest.slice(1));
  return formatWithOptions({ colors: false }, format, ...rest);
}

async function main() {
  const started = Date.now();
  await ensureCodeServer();
  build();
  await buildIntegrationSuite();

  const testDir = makeTestDir('integration');
  const workspace = copyWorkspace(FIXTURE, testDir);
  const reportPath = path.join(testDir, 'report.json');
  // The extension host inherits code-server's environment: that is how the suite learns where to write.
  // Console lines are formatted asynchronously; all of them print before the summary, which must be last.
  const pending = new Set();
  const server = await startCodeServer({ label: 'integration', testDir, env: { AGENT_GUARD_TEST_REPORT: reportPath } });
  const { page, consoleLines } = await launchBrowser({
    testDir,
    env: server.env,
    onConsole: (message) => {
      const printed = consoleText(message)
        .then((text) => {
          if (!NOISE.some((re) => re.test(text))) console.log(`  ${text.split('\n')[0]}`);
        })
        .catch(() => undefined)
        .finally(() => pending.delete(printed));
      pending.add(printed);
    },
  });

  let exit;
  const exited = new Promise((resolve) => (exit = resolve));
  await page.exposeFunction('codeAutomationExit', (code) => exit(code));
  const url = server.workbenchUrl(workspace, [
    ['extensionDevelopmentPath', server.remoteUri(ROOT)],
    ['extensionTestsPath', server.remoteUri(SUITE_ENTRY)],
  ]);
  await page.goto(url);
  let timer;
  const code = await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), SUITE_TIMEOUT_MS)))]);
  clearTimeout(timer);
  await Promise.allSettled([...pending]);
  writeFileSync(path.join(RESULTS_DIR, 'integration-console.log'), `${consoleLines.join('\n')}\n`);

  const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined;
  await cleanupAll();

  if (code === 'timeout') console.error(`integration: the suite did not finish within ${SUITE_TIMEOUT_MS / 1000} s`);
  if (!report) console.error('integration: the suite wrote no report (did the extension host start it?); see test-results/integration-*.log');
  for (const t of report?.tests ?? []) if (t.state === 'failed') console.error(`\n✗ ${t.title}\n${t.error}`);
  const passed = report?.passed ?? 0;
  // A missing report, a timeout or a non-zero exit with no failed test still counts as one failure.
  const failed = (report?.failed ?? 0) || (code === 0 ? 0 : 1);
  console.log(`\nintegration: finished in ${((Date.now() - started) / 1000).toFixed(0)} s, exit code ${code}`);
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || code !== 0 ? 1 : 0;
}

main().catch(async (error) => {
  console.error(`integration: ${error.stack ?? error.message}`);
  await cleanupAll();
  console.log('integration: 0 passed, 1 failed');
  process.exitCode = 1;
});
