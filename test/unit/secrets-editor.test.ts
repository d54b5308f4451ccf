import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { scanDocument } from '../../src/core/engineEntry';
import { ALNUM, randomFrom } from '../helpers/fakeSecrets';

/** The extension's entry point (Problems panel): what a diagnostic shows is the message and related messages. */
describe('secrets in the editor entry point', () => {
  it('masks every string a diagnostic shows and honours inline ignores, with the editor\'s language id', async () => {
    const id = `AKIA${randomFrom('ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)}`;
    const secretKey = `${randomFrom(ALNUM, 37)}/a1`;
    const stripe = `sk_live_${randomFrom(ALNUM, 40)}`;
    const ignored = `ghp_${randomFrom(ALNUM, 36)}`;
    const text = [`AWS_ACCESS_KEY_ID=${id}`, `AWS_SECRET_ACCESS_KEY=${secretKey}`, `STRIPE_KEY=${stripe}`, `GITHUB_TOKEN=${ignored} # agent-guard-ignore: secrets -- bot`].join('\n');
    const result = await scanDocument('untitled-1', text, {}, 'dotenv');
    assert.deepEqual(result.findings.map((f) => f.ruleId), ['secrets/aws-access-key-id', 'secrets/aws-secret-access-key', 'secrets/stripe-secret-key']);
    assert.equal(result.suppressed, 1);
    const shown = JSON.stringify(result.findings.map((f) => [f.message, f.evidence, f.explanation, f.remediation, f.related?.map((r) => r.message)]));
    for (const secret of [id, secretKey, stripe, ignored]) assert.ok(!shown.includes(secret.slice(4, 16)), 'a secret reached the editor');
  });
});
