import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Fetcher } from '../../src/core/deps/online';
import { createRegistryClient, judgeAnswer } from '../../src/core/deps/online';

/** A fake registry: no test touches the network. */
function fakeFetcher(routes: Record<string, { status: number; body?: unknown; delayMs?: number }>): Fetcher & { calls: string[] } {
  const calls: string[] = [];
  const fetcher = (async (url: string, init: { signal: AbortSignal }) => {
    calls.push(url);
    const route = routes[url] ?? { status: 404 };
    if (route.delayMs) {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, route.delayMs);
        init.signal.addEventListener('abort', () => {
          clearTimeout(timer);
          reject(new Error('aborted'));
        });
      });
    }
    return { status: route.status, json: async () => route.body };
  }) as unknown as Fetcher & { calls: string[] };
  fetcher.calls = calls;
  return fetcher;
}

describe('online registry check', () => {
  it('reads npm creation date and monthly downloads, scoped names encoded', async () => {
    const fetcher = fakeFetcher({
      'https://registry.npmjs.org/@scope%2Fpkg': { status: 200, body: { time: { created: '2020-01-01T00:00:00Z' } } },
      'https://api.npmjs.org/downloads/point/last-month/@scope%2Fpkg': { status: 200, body: { downloads: 1234 } },
    });
    const answer = await createRegistryClient({ fetcher }).lookup('npm', '@scope/pkg');
    assert.deepEqual(answer, { exists: true, created: new Date('2020-01-01T00:00:00Z'), monthlyDownloads: 1234 });
  });

  it('says a 404 does not exist, and caches answers', async () => {
    const fetcher = fakeFetcher({});
    const client = createRegistryClient({ fetcher });
    assert.deepEqual(await client.lookup('npm', 'made-up'), { exists: false });
    assert.deepEqual(await client.lookup('npm', 'made-up'), { exists: false });
    assert.equal(fetcher.calls.length, 1);
  });

  it('reads PyPI first upload time', async () => {
    const fetcher = fakeFetcher({ 'https://pypi.org/pypi/demo/json': { status: 200, body: { releases: { '1.0': [{ upload_time_iso_8601: '2024-05-01T00:00:00Z' }], '0.1': [{ upload_time_iso_8601: '2023-01-01T00:00:00Z' }] } } } });
    assert.deepEqual(await createRegistryClient({ fetcher }).lookup('pypi', 'demo'), { exists: true, created: new Date('2023-01-01T00:00:00Z') });
  });

  it('gives up quickly on a slow registry and answers undefined (offline verdict stands)', async () => {
    const fetcher = fakeFetcher({ 'https://registry.npmjs.org/slow': { status: 200, body: {}, delayMs: 5000 } });
    const started = performance.now();
    assert.equal(await createRegistryClient({ fetcher, timeoutMs: 50 }).lookup('npm', 'slow'), undefined);
    assert.ok(performance.now() - started < 2000);
  });

  it('answers undefined on server errors and for ecosystems it does not know', async () => {
    const fetcher = fakeFetcher({ 'https://registry.npmjs.org/broken': { status: 500 } });
    const client = createRegistryClient({ fetcher });
    assert.equal(await client.lookup('npm', 'broken'), undefined);
    assert.equal(await client.lookup('cargo', 'serde'), undefined);
  });

  it('judges: missing is critical, new or barely used is high, established is fine', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    assert.equal(judgeAnswer({ exists: false }, now).severity, 'critical');
    assert.equal(judgeAnswer({ exists: true, created: new Date(now - 5 * 86_400_000) }, now).severity, 'high');
    assert.equal(judgeAnswer({ exists: true, created: new Date(now - 500 * 86_400_000), monthlyDownloads: 10 }, now).severity, 'high');
    assert.equal(judgeAnswer({ exists: true, created: new Date(now - 500 * 86_400_000), monthlyDownloads: 100_000 }, now).severity, undefined);
  });
});
