#!/usr/bin/env node
// npm run test:integration: the same suite as `npm run test:vscode`, through the standard @vscode/test-electron
// runner. It downloads VS Code (desktop, Electron), so it needs internet access; on machines without it, use
// `npm run test:vscode`, which runs the suite in code-server. It runs on the oldest VS Code that engines.vscode
// allows and on the current stable one (override with VSCODE_TEST_VERSIONS=1.100.3,insiders).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { buildIntegrationSuite, SUITE_ENTRY } from '../../scripts/vscode/buildTests.mjs';
import { build, cleanupAll, copyWorkspace, makeTestDir, prepareDirs, RESULTS_DIR, ROOT } from '../../scripts/vscode/codeServer.mjs';

const FIXTURE = path.join(ROOT, 'test', 'fixtures', 'workspace');
const versions = (process.env.VSCODE_TEST_VERSIONS ?? '1.100.0,stable').split(',').map((v) => v.trim()).filter(Boolean);

async function main() {
  build();
  await buildIntegrationSuite();
  let passed = 0;
  let failed = 0;
  for (const version of versions) {
    const testDir = makeTestDir(`electron-${version}`);
    const workspace = copyWorkspace(FIXTURE, testDir);
    const dirs = prepareDirs(testDir);
    const reportPath = path.join(testDir, 'report.json');
    console.log(`\n=== VS Code ${version} ===`);
    let code = 0;
    try {
      code = await runTests({
        version,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: SUITE_ENTRY,
        extensionTestsEnv: { AGENT_GUARD_TEST_REPORT: reportPath },
        launchArgs: [workspace, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
      });
    } catch (error) {
      console.error(`integration: VS Code ${version} failed: ${error.message ?? error}`);
      code = 1;
    }
    const report = existsSync(reportPath) ? JSON.parse(readFileSync(reportPath, 'utf8')) : undefined;
    passed += report?.passed ?? 0;
    failed += (report?.failed ?? 0) || (code === 0 ? 0 : 1);
    if (report) {
      mkdirSync(RESULTS_DIR, { recursive: true });
      writeFileSync(path.join(RESULTS_DIR, `integration-electron-${version}.json`), JSON.stringify(report, null, 2));
    }
  }
  await cleanupAll();
  console.log(`integration: ${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 ? 1 : 0;
}

main().catch(async (error) => {
  console.error(`integration: ${error.stack ?? error.message}`);
  await cleanupAll();
  console.log('integration: 0 passed, 1 failed');
  process.exitCode = 1;
});
