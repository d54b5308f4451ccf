import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskSecret, redact } from '../../src/core/model/mask';
import { ALNUM, randomFrom } from '../helpers/fakeSecrets';

describe('masking', () => {
  it('shows at most the first 4 and last 2 characters of a long secret', () => {
    const secret = `ghp_${randomFrom(ALNUM, 36)}`;
    const masked = maskSecret(secret);
    assert.equal(masked, `ghp_${'*'.repeat(8)}${secret.slice(-2)}`);
    assert.ok(!masked.includes(secret.slice(4, 10)));
  });

  it('shows less of short secrets, and nothing of very short ones', () => {
    assert.equal(maskSecret('hunter2'), '*******');
    assert.equal(maskSecret('s3cr3tpass12'), 's3******');
    assert.equal(maskSecret(''), '');
  });

  it('redacts every occurrence, longest first', () => {
    const long = randomFrom(ALNUM, 30);
    const short = long.slice(0, 12);
    const text = `a=${long} b=${short} c=${long}`;
    const out = redact(text, [short, long]);
    assert.ok(!out.includes(long) && !out.includes(short));
    assert.equal(out.split(maskSecret(long)).length - 1, 2);
  });
});
