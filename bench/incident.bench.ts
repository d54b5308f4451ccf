import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { AuditLog, verifyAuditDirectory } from '../src/core/audit/auditLog';
import { createIncidentReport } from '../src/core/incident/incidentReport';
import { purgeAuditLog } from '../src/core/retention/auditPurge';

const CHANGE_SETS = 2000; // five entries each: 10,000 entries, a busy month of one team's agents
const AGENTS = ['Claude Code', 'Codex', 'Copilot', 'Aider'];
const START = Date.UTC(2026, 10, 1);

/** Incident report over a 10,000-entry log (whole log, and one agent), then a purge of half of it and a verify. */
export async function run(): Promise<void> {
  const dir = await mkdtemp(path.join(tmpdir(), 'ag-bench-incident-'));
  try {
    let clock = START;
    // Written unmasked for speed; the report masks every entry it shows again, which is what is measured.
    const log = await AuditLog.open({ directory: dir, now: () => new Date(clock), mask: async (d) => d, maxFiles: 0 });
    for (let i = 0; i < CHANGE_SETS; i++) {
      clock += 10 * 60 * 1000;
      const changeSetId = `cs-${i}`;
      const agent = AGENTS[i % AGENTS.length];
      await log.append('proposal', agent, { changeSetId, source: { channel: 'hook', agent, message: `Refactor module ${i} and update its tests` }, risk: 'low', summary: '2 files, 3 hunks; no findings', files: [{ path: `src/mod${i}.ts`, status: 'modified', additions: 12, deletions: 4 }, { path: `test/mod${i}.test.ts`, status: 'modified', additions: 30, deletions: 2 }] });
      await log.append('finding', 'agent-guard', { changeSetId, findings: [{ ruleId: 'injection/sql-concat', severity: 'high', category: 'injection', file: `src/mod${i}.ts`, line: 40, message: 'SQL built by string concatenation', evidence: "db.query('SELECT ' + id)" }] });
      await log.append('policy', 'policy', { changeSetId, action: 'review', rule: 'default:review', reasons: ['auto-approve is off'] });
      await log.append('decision', 'user', { changeSetId, target: { kind: 'changeSet' }, verdict: 'approved', comment: 'Looks right' });
      await log.append('apply', 'user', { applyId: `ap-${i}`, changeSetId, files: [{ path: `src/mod${i}.ts`, action: 'write' }] });
    }
    for (const [label, filter] of [['whole log', {}], ['one agent', { agent: 'claude-code' }], ['one day', { since: new Date(START + 3 * 86_400_000), until: new Date(START + 4 * 86_400_000) }]] as const) {
      const started = performance.now();
      const { report, text } = await createIncidentReport(dir, filter, 'html');
      console.log(`incident report (${label}): ${report.items.length} of ${CHANGE_SETS * 5} entries, ${(text.length / 1024).toFixed(0)} KiB HTML in ${(performance.now() - started).toFixed(0)} ms`);
    }
    let started = performance.now();
    const result = await purgeAuditLog(log, new Date(START + (CHANGE_SETS / 2) * 10 * 60 * 1000));
    console.log(`audit purge: ${result.purgedEntries} entries removed (${result.removedFiles.length} files removed, ${result.rewrittenFiles.length} rewritten) in ${(performance.now() - started).toFixed(0)} ms, verify included`);
    started = performance.now();
    const verified = await verifyAuditDirectory(dir);
    console.log(`verify after purge: ${verified.ok ? 'ok' : 'BROKEN'}, ${verified.entries} entries in ${(performance.now() - started).toFixed(0)} ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
