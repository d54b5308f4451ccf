import { existsSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { zipSync } from 'fflate';
import type { ZipSource } from '../../src/core/deps/advisories/update';
import { updateAdvisories } from '../../src/core/deps/advisories/update';
import { OSV_ECOSYSTEMS } from '../../src/core/deps/advisories/types';
import type { Ecosystem } from '../../src/core/deps/types';

/** The fixture advisory set: real OSV records, trimmed, one folder per OSV ecosystem. */
export const FIXTURE_RECORDS = findRecords();

/** From source (tsx) this file sits in test/helpers; bundled into an integration suite it sits in out/…: look upward. */
function findRecords(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test/fixtures/advisories/records');
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) return path.resolve(__dirname, '../fixtures/advisories/records');
  }
}

/** The fixture records of one ecosystem as the zip OSV publishes (`<Ecosystem>/all.zip`: `<id>.json` entries). */
export function fixtureZip(ecosystem: Ecosystem): Uint8Array {
  const folder = path.join(FIXTURE_RECORDS, OSV_ECOSYSTEMS[ecosystem]);
  const files: Record<string, Uint8Array> = {};
  for (const name of readdirSync(folder)) files[name] = readFileSync(path.join(folder, name));
  return zipSync(files, { level: 6 });
}

/** A zip source that serves the fixtures in small chunks, as a slow download would: never the network. */
export function fixtureSource(chunkSize = 97): ZipSource & { asked: Ecosystem[] } {
  const asked: Ecosystem[] = [];
  const source = Object.assign(async (ecosystem: Ecosystem) => {
    asked.push(ecosystem);
    const zip = fixtureZip(ecosystem);
    return (async function* () {
      for (let i = 0; i < zip.length; i += chunkSize) yield zip.subarray(i, i + chunkSize);
    })();
  }, { asked });
  return source;
}

/** Writes the fixture zips as an offline mirror: `<folder>/<Ecosystem>/all.zip`. */
export async function writeFixtureMirror(folder: string): Promise<void> {
  for (const ecosystem of Object.keys(OSV_ECOSYSTEMS) as Ecosystem[]) {
    await mkdir(path.join(folder, OSV_ECOSYSTEMS[ecosystem]), { recursive: true });
    await writeFile(path.join(folder, OSV_ECOSYSTEMS[ecosystem], 'all.zip'), fixtureZip(ecosystem));
  }
}

/** A fresh index folder built from the fixtures through the real download-and-index path. */
export async function buildFixtureIndex(now: Date = new Date()): Promise<string> {
  const directory = mkdtempSync(path.join(tmpdir(), 'agent-guard-advisories-'));
  const result = await updateAdvisories({ directory, source: fixtureSource(), now: () => now });
  if (result.failed.length) throw new Error(`fixture index failed: ${JSON.stringify(result.failed)}`);
  return directory;
}
