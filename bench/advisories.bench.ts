/**
 * The known-vulnerability check: indexing a synthetic OSV zip the size of a large ecosystem's, then checking a
 * 1,000-entry lockfile change against it (cold: shards read from disk; warm: shards cached).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import { openAdvisoryDatabase } from '../src/core/deps/advisories/store';
import { updateAdvisories } from '../src/core/deps/advisories/update';
import { knownVulnerability } from '../src/core/rules/dependencies/known-vulnerability';
import { newDependency } from '../src/core/rules/dependencies/new-dependency';
import { scanTextChange } from '../src/core/scan/diffScan';

const PACKAGES = 20_000;
const RECORDS = 40_000;

function syntheticZip(): Uint8Array {
  const files: Record<string, Uint8Array> = {};
  const encoder = new TextEncoder();
  for (let i = 0; i < RECORDS; i++) {
    const name = `pkg-${i % PACKAGES}`;
    const record = {
      id: `GHSA-bench-${i.toString(36).padStart(4, '0')}-test`,
      aliases: [`CVE-2024-${10000 + i}`],
      summary: `Synthetic advisory ${i} about ${name}`,
      database_specific: { severity: ['LOW', 'MODERATE', 'HIGH', 'CRITICAL'][i % 4] },
      affected: [{ package: { ecosystem: 'npm', name }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }, { fixed: `${1 + (i % 5)}.${i % 10}.0` }] }] }],
    };
    files[`${record.id}.json`] = encoder.encode(JSON.stringify(record));
  }
  return zipSync(files, { level: 6 });
}

function lockfile(count: number, version: string): string {
  const packages: Record<string, unknown> = { '': { name: 'bench', version: '1.0.0' } };
  for (let i = 0; i < count; i++) packages[`node_modules/pkg-${i * 7}`] = { version, resolved: `https://registry.npmjs.org/pkg-${i * 7}/-/pkg-${i * 7}-${version}.tgz` };
  return JSON.stringify({ name: 'bench', lockfileVersion: 3, packages }, null, 2);
}

export async function run(): Promise<void> {
  const directory = mkdtempSync(path.join(tmpdir(), 'agent-guard-bench-adv-'));
  try {
    const zip = syntheticZip();
    let started = performance.now();
    const result = await updateAdvisories({
      directory,
      ecosystems: ['npm'],
      source: async () => (async function* () {
        for (let i = 0; i < zip.length; i += 64 * 1024) yield zip.subarray(i, i + 64 * 1024);
      })(),
    });
    const indexMs = performance.now() - started;
    console.log(`index: ${RECORDS.toLocaleString('en-US')} records (${(zip.length / 1024 / 1024).toFixed(1)} MB zip) in ${indexMs.toFixed(0)} ms, ${Math.round(RECORDS / (indexMs / 1000)).toLocaleString('en-US')} records/s; ${result.updated[0]?.packages} packages`);

    const advisories = openAdvisoryDatabase({ directory });
    const before = lockfile(1000, '9.9.9');
    const after = lockfile(1000, '1.0.0');
    // The lockfile parse and diff alone (a cheap dependency rule), to tell the check's own cost from it.
    started = performance.now();
    await scanTextChange({ path: 'package-lock.json', before, after }, { rules: [newDependency], timeBudgetMs: 60_000 });
    console.log(`baseline: parse and diff of the same change with one cheap rule, ${(performance.now() - started).toFixed(1)} ms`);
    for (const label of ['cold', 'warm', 'warm']) {
      started = performance.now();
      const { findings } = await scanTextChange({ path: 'package-lock.json', before, after }, { rules: [knownVulnerability], advisories, timeBudgetMs: 60_000 });
      console.log(`check (${label}): 1,000 changed lockfile entries, ${findings.length} vulnerable, ${(performance.now() - started).toFixed(1)} ms`);
    }
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}
