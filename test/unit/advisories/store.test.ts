import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { indexRecord, severityOf } from '../../../src/core/deps/advisories/osv';
import { openAdvisoryDatabase, SHARDS } from '../../../src/core/deps/advisories/store';
import { bucketSource, folderSource, loadCvssScorer, updateAdvisories } from '../../../src/core/deps/advisories/update';
import { buildFixtureIndex, fixtureSource, fixtureZip, writeFixtureMirror } from '../../helpers/advisories';

describe('advisory index', () => {
  it('indexes every ecosystem of the fixture set from its zip, by canonical package name', async () => {
    const directory = await buildFixtureIndex();
    const db = openAdvisoryDatabase({ directory });
    const status = await db.status();
    assert.equal(status.state, 'ready');
    assert.deepEqual(status.state === 'ready' && [...status.ecosystems].sort(), ['cargo', 'go', 'maven', 'npm', 'nuget', 'packagist', 'pypi', 'rubygems']);
    assert.deepEqual((await db.lookup('npm', 'lodash')).map((a) => a.id), ['GHSA-35jh-r3h4-6jhm', 'GHSA-p6mc-m468-83gw']);
    // PyPI names fold case and separators; NuGet folds case.
    assert.deepEqual((await db.lookup('pypi', 'Requests')).map((a) => a.id), ['GHSA-j8r2-6x86-q33q']);
    assert.deepEqual((await db.lookup('nuget', 'newtonsoft.json')).map((a) => a.id), ['GHSA-5crp-9r3c-p9vr']);
    assert.deepEqual(await db.lookup('npm', 'left-pad'), []);
    assert.equal(readdirSync(path.join(directory, 'npm')).length, SHARDS);
  });

  it('never keeps a withdrawn advisory', async () => {
    const db = openAdvisoryDatabase({ directory: await buildFixtureIndex() });
    assert.deepEqual(await db.lookup('npm', 'express'), []);
  });

  it('says missing, disabled, unreadable and stale, with what to do', async () => {
    const empty = mkdtempSync(path.join(tmpdir(), 'agent-guard-adv-'));
    const missing = await openAdvisoryDatabase({ directory: empty, updateHint: 'run "Agent Guard: Update Vulnerability Data"' }).status();
    assert.equal(missing.state, 'missing');
    assert.match(missing.state === 'missing' ? missing.detail : '', /Update Vulnerability Data/);

    const directory = await buildFixtureIndex(new Date('2026-01-01T00:00:00Z'));
    assert.equal((await openAdvisoryDatabase({ directory, enabled: () => false }).status()).state, 'disabled');
    const stale = await openAdvisoryDatabase({ directory, now: () => Date.parse('2026-01-20T00:00:00Z') }).status();
    assert.deepEqual(stale.state === 'ready' && [stale.stale, stale.ageDays], [true, 19]);
    const fresh = await openAdvisoryDatabase({ directory, now: () => Date.parse('2026-01-03T00:00:00Z') }).status();
    assert.deepEqual(fresh.state === 'ready' && [fresh.stale, fresh.ageDays], [false, 2]);

    writeFileSync(path.join(directory, 'meta.json'), '{"format": 99}');
    const broken = await openAdvisoryDatabase({ directory }).status();
    assert.equal(broken.state, 'unreadable');
  });

  it('a failed download leaves the previous data in place and names the ecosystem', async () => {
    const directory = await buildFixtureIndex();
    const before = readFileSync(path.join(directory, 'meta.json'), 'utf8');
    const damaged = async () => (async function* () {
      yield new TextEncoder().encode('PK\u0003\u0004 this is not a zip');
    })();
    const result = await updateAdvisories({ directory, ecosystems: ['npm'], source: damaged });
    assert.deepEqual(result.updated, []);
    assert.equal(result.failed[0].ecosystem, 'npm');
    assert.equal(readFileSync(path.join(directory, 'meta.json'), 'utf8'), before);
    assert.equal((await openAdvisoryDatabase({ directory }).lookup('npm', 'lodash')).length, 2);
  });

  it('a re-download replaces the data, and an open database sees it', async () => {
    const directory = await buildFixtureIndex(new Date('2026-01-01T00:00:00Z'));
    const db = openAdvisoryDatabase({ directory, now: () => Date.parse('2026-03-01T00:00:00Z') });
    assert.equal((await db.status()).state === 'ready' && (await db.status() as { stale: boolean }).stale, true);
    const source = fixtureSource();
    await updateAdvisories({ directory, ecosystems: ['npm'], source, now: () => new Date('2026-02-28T00:00:00Z') });
    assert.deepEqual(source.asked, ['npm']);
    const status = await db.status();
    assert.equal(status.state === 'ready' && status.updated.toISOString(), '2026-02-28T00:00:00.000Z');
  });

  it('reads an offline mirror folder (<Ecosystem>/all.zip)', async () => {
    const mirror = mkdtempSync(path.join(tmpdir(), 'agent-guard-mirror-'));
    await writeFixtureMirror(mirror);
    const directory = mkdtempSync(path.join(tmpdir(), 'agent-guard-adv-'));
    const result = await updateAdvisories({ directory, ecosystems: ['maven', 'go'], source: folderSource(mirror) });
    assert.deepEqual(result.updated.map((u) => [u.ecosystem, u.advisories]), [['maven', 1], ['go', 1]]);
  });

  it('downloads from the OSV bucket URL of each ecosystem (through the fetcher it is given)', async () => {
    const asked: string[] = [];
    const source = bucketSource(async (url) => {
      asked.push(url);
      return { status: 404, body: null };
    });
    const directory = mkdtempSync(path.join(tmpdir(), 'agent-guard-adv-'));
    const result = await updateAdvisories({ directory, ecosystems: ['cargo', 'pypi'], source });
    assert.deepEqual(asked, ['https://osv-vulnerabilities.storage.googleapis.com/crates.io/all.zip', 'https://osv-vulnerabilities.storage.googleapis.com/PyPI/all.zip']);
    assert.match(result.failed[0].message, /HTTP 404/);
    assert.equal((await openAdvisoryDatabase({ directory }).status()).state, 'missing');
  });
});

describe('OSV record reading', () => {
  it('severity: the database word first, then the CVSS vector (v3 and v4), MAL- as critical, else unknown medium', async () => {
    const score = await loadCvssScorer();
    assert.deepEqual(severityOf('GHSA-x', { severity: 'MODERATE' }, [], score), { severity: 'medium', source: 'database' });
    assert.deepEqual(severityOf('GO-x', undefined, [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }], score), { severity: 'critical', source: 'cvss', score: 9.8 });
    assert.equal(severityOf('X', undefined, [{ type: 'CVSS_V4', score: 'CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N' }], score).source, 'cvss');
    assert.deepEqual(severityOf('MAL-2024-1', undefined, undefined, score), { severity: 'critical', source: 'malicious' });
    assert.deepEqual(severityOf('PYSEC-1', undefined, [{ type: 'CVSS_V3', score: 'garbage' }], score), { severity: 'medium', source: 'unknown' });
  });

  it('keeps one line of summary (from details when there is none), strips control characters, skips bad shapes', async () => {
    const score = await loadCvssScorer();
    const [entry] = indexRecord({ id: 'PYSEC-1', details: 'First line\u001b[31m red\nsecond line', affected: [{ package: { ecosystem: 'PyPI', name: 'Flask' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '1' }] }] }] }, score);
    assert.equal(entry.key, 'flask');
    assert.equal(entry.entry.summary, 'First line [31m red');
    assert.deepEqual(indexRecord({ id: 'bad id with spaces', affected: [] }, score), []);
    assert.deepEqual(indexRecord({ id: 'DEBIAN-1', affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }] }] }] }, score), []);
    assert.deepEqual(indexRecord({ id: 'GHSA-1', affected: [{ package: { ecosystem: 'npm', name: 'x' }, ranges: [{ type: 'GIT', events: [{ introduced: 'abc' }] }] }] }, score), []);
  });
});

describe('damaged downloads', () => {
  it('a zip cut off in the middle is refused, and the old data stays', async () => {
    const directory = await buildFixtureIndex();
    const zip = fixtureZip('npm');
    const cut = async () => (async function* () {
      yield zip.subarray(0, Math.floor(zip.length * 0.6));
    })();
    const result = await updateAdvisories({ directory, ecosystems: ['npm'], source: cut });
    assert.equal(result.updated.length, 0);
    assert.match(result.failed[0].message, /cut off|damaged/);
    assert.equal((await openAdvisoryDatabase({ directory }).lookup('npm', 'minimist')).length, 1);
  });
});

describe('large downloads', () => {
  it('indexes thousands of small entries arriving in one big chunk (no stack overflow), skipping broken JSON', async () => {
    const { zipSync } = await import('fflate');
    const files: Record<string, Uint8Array> = {};
    const encoder = new TextEncoder();
    for (let i = 0; i < 5000; i++) {
      files[`MAL-2025-${i}.json`] = encoder.encode(JSON.stringify({ id: `MAL-2025-${i}`, summary: `Malicious code in evil-${i} (npm)`, affected: [{ package: { ecosystem: 'npm', name: `evil-${i}` }, ranges: [{ type: 'SEMVER', events: [{ introduced: '0' }] }] }] }));
    }
    files['broken.json'] = encoder.encode('{"id": "GHSA-cut');
    const zip = zipSync(files, { level: 0 });
    const directory = mkdtempSync(path.join(tmpdir(), 'agent-guard-adv-'));
    const result = await updateAdvisories({ directory, ecosystems: ['npm'], source: async () => (async function* () {
      yield zip;
    })() });
    assert.deepEqual(result.failed, []);
    assert.deepEqual([result.updated[0].advisories, result.updated[0].skipped], [5000, 1]);
    const [advisory] = await openAdvisoryDatabase({ directory }).lookup('npm', 'evil-4321');
    assert.deepEqual([advisory.id, advisory.severity], ['MAL-2025-4321', 'critical']);
  });
});
