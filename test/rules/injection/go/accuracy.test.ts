import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatAccuracy, measureAccuracy } from '../../../helpers/treeSitterAccuracy';

describe('Go injection accuracy on whole-file fixtures (net/http, gin, gorm, sqlx)', () => {
  it('has precision and recall of at least 90% per category', async () => {
    const { rows, misses } = await measureAccuracy('go');
    console.log(formatAccuracy(rows));
    for (const r of rows) {
      assert.ok(r.precision >= 0.9, `${r.category} precision ${r.precision}\n${misses.join('\n')}`);
      assert.ok(r.recall >= 0.9, `${r.category} recall ${r.recall}\n${misses.join('\n')}`);
    }
    assert.ok(rows.find((r) => r.category === 'all')!.truePositives >= 10, 'too few marked lines to measure');
  });
});
