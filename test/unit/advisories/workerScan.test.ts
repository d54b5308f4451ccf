import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Finding } from '../../../src/core/model/finding';
import { runWorkerJob } from '../../../src/core/scan/workerJob';
import type { WorkerJob, WorkerScanSettings, WorkerToHost } from '../../../src/core/scan/workerProtocol';
import { buildFixtureIndex } from '../../helpers/advisories';

const RULE = 'dependencies/known-vulnerability';
const pkg = (dependencies: Record<string, string>) => `${JSON.stringify({ name: 'fixture-app', version: '1.0.0', dependencies }, null, 2)}\n`;

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
}

/** Runs a job as the worker thread would, and returns the known-vulnerability findings of its first root. */
async function vulnerabilityFindings(job: WorkerJob): Promise<Finding[]> {
  const messages: WorkerToHost[] = [];
  await runWorkerJob(job, (m) => messages.push(m), new AbortController().signal);
  const done = messages.find((m) => m.type === 'done');
  assert.ok(done && done.type === 'done', JSON.stringify(messages.filter((m) => m.type === 'failed')));
  assert.equal(done.results[0].error, undefined);
  assert.deepEqual(done.results[0].ruleErrors, []);
  return done.results[0].findings.filter((f) => f.ruleId === RULE);
}

describe('worker scans with the known-vulnerability check', () => {
  let index: string;
  let workspace: string;
  let repo: string;
  const on = (): WorkerScanSettings => ({ advisories: { directory: index, maxAgeDays: 7, updateHint: 'run "Agent Guard: Update Vulnerability Data"' } });

  before(async () => {
    index = await buildFixtureIndex();
    workspace = mkdtempSync(path.join(tmpdir(), 'ag-adv-ws-'));
    writeFileSync(path.join(workspace, 'package.json'), pkg({ express: '^4.19.2', minimist: '1.2.5' }));
    repo = mkdtempSync(path.join(tmpdir(), 'ag-adv-git-'));
    git(repo, 'init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'package.json'), pkg({ express: '^4.19.2' }));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'initial');
    // The uncommitted change adds a vulnerable version; the committed express stays as it was.
    writeFileSync(path.join(repo, 'package.json'), pkg({ express: '^4.19.2', minimist: '1.2.5' }));
  });
  after(() => {
    for (const dir of [index, workspace, repo]) rmSync(dir, { recursive: true, force: true });
  });

  it('Scan Workspace reports a vulnerable dependency with ids, severity and the quick fix to the first fixed version', async () => {
    const findings = await vulnerabilityFindings({ kind: 'workspace', roots: [{ index: 0, path: workspace }], settings: on() });
    assert.equal(findings.length, 1, JSON.stringify(findings));
    const [finding] = findings;
    assert.equal(finding.file, 'package.json');
    assert.equal(finding.severity, 'critical');
    assert.equal(finding.message, 'minimist 1.2.5: GHSA-xvch-5gv4-984h, CVE-2021-44906 (critical): Prototype Pollution in minimist; first fixed in 1.2.6');
    assert.equal(finding.fix?.title, 'Use minimist 1.2.6');
    assert.deepEqual(finding.fix?.edits.map((e) => e.text), ['1.2.6']);
  });

  it('Scan Uncommitted Changes and Scan Staged Changes report the version the change adds', async () => {
    const uncommitted = await vulnerabilityFindings({ kind: 'git', scope: 'uncommitted', roots: [{ index: 0, path: repo }], settings: on() });
    assert.deepEqual(uncommitted.map((f) => `${f.file}:${f.severity}:${f.fix?.title}`), ['package.json:critical:Use minimist 1.2.6']);

    assert.deepEqual(await vulnerabilityFindings({ kind: 'git', scope: 'staged', roots: [{ index: 0, path: repo }], settings: on() }), [], 'nothing staged yet');
    git(repo, 'add', 'package.json');
    const staged = await vulnerabilityFindings({ kind: 'git', scope: 'staged', roots: [{ index: 0, path: repo }], settings: on() });
    assert.deepEqual(staged.map((f) => f.message), ['minimist 1.2.5: GHSA-xvch-5gv4-984h, CVE-2021-44906 (critical): Prototype Pollution in minimist; first fixed in 1.2.6']);
    git(repo, 'reset', '-q', 'package.json');
  });

  it('check off (no advisory settings): the scans stay as before, with no finding and no note', async () => {
    assert.deepEqual(await vulnerabilityFindings({ kind: 'workspace', roots: [{ index: 0, path: workspace }], settings: {} }), []);
    assert.deepEqual(await vulnerabilityFindings({ kind: 'git', scope: 'uncommitted', roots: [{ index: 0, path: repo }], settings: {} }), []);
  });

  it('check on but no data downloaded: a low "did not run" note saying what to run, not silence', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'ag-adv-empty-'));
    try {
      const settings: WorkerScanSettings = { advisories: { directory: empty, updateHint: 'run "Agent Guard: Update Vulnerability Data"' } };
      for (const job of [
        { kind: 'workspace', roots: [{ index: 0, path: workspace }], settings },
        { kind: 'git', scope: 'uncommitted', roots: [{ index: 0, path: repo }], settings },
      ] satisfies WorkerJob[]) {
        const findings = await vulnerabilityFindings(job);
        assert.equal(findings.length, 1, JSON.stringify(findings));
        assert.equal(findings[0].severity, 'low');
        assert.match(findings[0].message, /^known-vulnerability check did not run for \d dependenc(y|ies): no advisory data has been downloaded yet \(run "Agent Guard: Update Vulnerability Data"\)$/);
      }
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
