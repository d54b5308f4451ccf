// The mocha runner the extension host loads (extensionTestsPath). The same file serves @vscode/test-electron
// (npm run test:integration) and code-server (npm run test:vscode). Each *.test.js beside it is one suite file,
// so adding tests is adding a file.
import { readdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';

/** The JSON report written to $AGENT_GUARD_TEST_REPORT, read by scripts/vscode/runIntegration.mjs. */
export interface IntegrationReport {
  passed: number;
  failed: number;
  pending: number;
  tests: { title: string; state: 'passed' | 'failed' | 'pending'; durationMs?: number; error?: string }[];
}

export function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  const grep = process.env.AGENT_GUARD_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) mocha.addFile(path.join(__dirname, file));

  const report: IntegrationReport = { passed: 0, failed: 0, pending: 0, tests: [] };
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      const reportPath = process.env.AGENT_GUARD_TEST_REPORT;
      if (reportPath) writeFileSync(reportPath, `${JSON.stringify(report, null, 2)}\n`);
      if (failures > 0) reject(new Error(`${failures} integration test${failures === 1 ? '' : 's'} failed`));
      else resolve();
    });
    runner.on('pass', (test) => {
      report.passed++;
      report.tests.push({ title: test.fullTitle(), state: 'passed', durationMs: test.duration });
    });
    // A failing hook counts as a failure too (mocha reports it with the hook's title).
    runner.on('fail', (test, error) => {
      report.failed++;
      report.tests.push({ title: test.fullTitle(), state: 'failed', error: String(error?.stack ?? error) });
    });
    runner.on('pending', (test) => {
      report.pending++;
      report.tests.push({ title: test.fullTitle(), state: 'pending' });
    });
  });
}
