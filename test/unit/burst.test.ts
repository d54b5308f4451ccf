import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BurstCoalescer } from '../../src/core/guard/burst';

describe('BurstCoalescer', () => {
  it('coalesces a 10,000-write flood into bounded batches with every path once, nothing dropped', async () => {
    const batches: string[][] = [];
    const coalescer = new BurstCoalescer((paths) => batches.push(paths), { quietMs: 50, maxWaitMs: 10_000, maxPaths: 200 });
    // 10,000 writes to 1,500 distinct files, as an agent rewriting a tree several times over.
    for (let i = 0; i < 10_000; i++) coalescer.add(`src/gen/file-${i % 1500}.ts`);
    assert.equal(coalescer.pending, 1500, 'memory holds distinct paths, not events');
    await new Promise((resolve) => setTimeout(resolve, 120));
    assert.equal(batches.length, 8, '1,500 paths in batches of at most 200');
    assert.ok(batches.every((b) => b.length <= 200));
    const all = batches.flat();
    assert.equal(all.length, 1500);
    assert.equal(new Set(all).size, 1500);
    assert.equal(coalescer.eventsSeen, 10_000);
    coalescer.dispose();
  });

  it('a steady stream is still flushed after the longest wait', async () => {
    const batches: string[][] = [];
    const coalescer = new BurstCoalescer((paths) => batches.push(paths), { quietMs: 40, maxWaitMs: 150, maxPaths: 200 });
    const timer = setInterval(() => coalescer.add(`f${Date.now()}`), 10);
    await new Promise((resolve) => setTimeout(resolve, 260));
    clearInterval(timer);
    assert.ok(batches.length >= 1, 'a never-quiet burst waited forever');
    coalescer.dispose();
  });
});
