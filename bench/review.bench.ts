import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { NodeWorkspaceFs } from '../src/core/fs/workspaceFs';
import { executePlan } from '../src/core/review/apply';
import { DirectoryBackupStore } from '../src/core/review/backups';
import type { ContentChange } from '../src/core/review/build';
import { buildChangeSetFromContents } from '../src/core/review/build';
import { autoApprove, emptyDecisions } from '../src/core/review/decisions';
import { planApply } from '../src/core/review/plan';

const FILES = 200;
const LINES_PER_FILE = 300;
const CHANGED_PER_FILE = 100; // 200 × 100 = 20,000 changed lines

function baseFile(i: number): string {
  const lines: string[] = [`// module ${i}`, "import { db } from './db';", ''];
  for (let n = 0; lines.length < LINES_PER_FILE; n++) lines.push(`export function handler${i}_${n}(input: string): string { return input.trim() + '${n}'; }`);
  return `${lines.join('\n')}\n`;
}

function editedFile(base: string, i: number): string {
  const lines = base.split('\n');
  // Changed lines spread over the file in blocks of 5, so each file has many hunks.
  let changed = 0;
  for (let at = 5; changed < CHANGED_PER_FILE && at < lines.length - 1; at += 14) {
    for (let k = 0; k < 5 && changed < CHANGED_PER_FILE; k++, changed++) lines[at + k] = `export const value${i}_${at + k} = await db.query('SELECT ${at + k}');`;
  }
  return lines.join('\n');
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/** Review model for 200 files / 20,000 changed lines (target < 1 s); apply 200 approved files (target < 2 s). */
export async function run(): Promise<void> {
  const bases = Array.from({ length: FILES }, (_, i) => baseFile(i));
  const changes: ContentChange[] = bases.map((base, i) => ({ path: `src/mod${i}.ts`, before: { bytes: Buffer.from(base), mode: 0o644 }, after: { bytes: Buffer.from(editedFile(base, i)), mode: 0o644 } }));

  await buildChangeSetFromContents({ channel: 'api' }, changes.slice(0, 10));
  const buildTimes: number[] = [];
  let changeSet = await buildChangeSetFromContents({ channel: 'api' }, changes);
  const buildCpu: number[] = [];
  for (let r = 0; r < 3; r++) {
    const started = performance.now();
    const cpu = process.cpuUsage();
    changeSet = await buildChangeSetFromContents({ channel: 'api' }, changes);
    buildTimes.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    buildCpu.push((used.user + used.system) / 1000);
  }
  const changedLines = changeSet.stats.additions;
  console.log(`review model: ${changeSet.stats.files} files, ${changeSet.stats.hunks} hunks, ${changedLines} changed lines: median ${median(buildTimes).toFixed(0)} ms wall, ${median(buildCpu).toFixed(0)} ms CPU (target < 1000 ms)`);
  // The builder yields between files; the longest stretch without a turn of the event loop is what a host would feel.
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  await buildChangeSetFromContents({ channel: 'api' }, changes);
  histogram.disable();
  console.log(`review model: longest event-loop block while building ~${(histogram.max / 1e6).toFixed(0)} ms (target ≤ 50 ms)`);

  const applyTimes: number[] = [];
  const applyCpu: number[] = [];
  for (let r = 0; r < 3; r++) {
    const root = await mkdtemp(path.join(tmpdir(), 'ag-bench-ws-'));
    const backupDir = await mkdtemp(path.join(tmpdir(), 'ag-bench-bk-'));
    try {
      await mkdir(path.join(root, 'src'));
      await Promise.all(bases.map((base, i) => writeFile(path.join(root, `src/mod${i}.ts`), base)));
      const decisions = autoApprove(changeSet, emptyDecisions(changeSet), 'bench', 'bench');
      const fs = new NodeWorkspaceFs(root);
      const started = performance.now();
      const cpu = process.cpuUsage();
      const plan = await planApply(changeSet, decisions, fs);
      await executePlan(plan, fs, new DirectoryBackupStore(backupDir));
      applyTimes.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      applyCpu.push((used.user + used.system) / 1000);
      if (plan.steps.length !== FILES) throw new Error(`expected ${FILES} steps, got ${plan.steps.length}`);
    } finally {
      await rm(root, { recursive: true, force: true });
      await rm(backupDir, { recursive: true, force: true });
    }
  }
  console.log(`apply: ${FILES} approved files (plan, re-check, backup, atomic write with fsync): median ${median(applyTimes).toFixed(0)} ms wall, ${median(applyCpu).toFixed(0)} ms CPU (target < 2000 ms)`);
  console.log(`(load average while measuring: ${(await import('node:os')).loadavg()[0].toFixed(1)} on ${(await import('node:os')).availableParallelism()} CPUs; wall times grow with contention, CPU times much less)`);
}
