import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { allRules } from '../../../src/core/rules/index';
import { awsSecretAccessKey } from '../../../src/core/rules/secrets/aws-secret-access-key';
import { scanText } from '../../../src/core/scan/engine';
import { randomFrom } from '../../helpers/fakeSecrets';

const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const keyId = () => `AKIA${randomFrom(BASE32, 16)}`;
/** A fake secret key with the mix of classes real ones have. */
const secretKey = () => `${randomFrom(B64, 37)}a1Z`;
const scan = (path: string, text: string) => scanText(path, text, { rules: [awsSecretAccessKey] });

describe('secrets/aws-secret-access-key', () => {
  it('reports a pair in a credentials file, pointing at the key id', async () => {
    const id = keyId();
    const secret = secretKey();
    const text = `[default]\naws_access_key_id = ${id}\naws_secret_access_key = ${secret}\nregion = eu-west-1\n`;
    const { findings } = await scan('home/.aws/credentials', text);
    assert.equal(findings.length, 1);
    const [finding] = findings;
    assert.equal(finding.severity, 'critical');
    assert.match(finding.message, /paired with access key ID AKIA…/);
    assert.equal(finding.range.startLine, 3);
    assert.equal(finding.related?.[0].range.startLine, 2);
    assert.ok(!JSON.stringify(finding).includes(secret) && !JSON.stringify(finding).includes(id));
  });

  it('pairs by proximity across a JS object, without an AWS name on the secret', async () => {
    const text = `const s3 = new S3Client({\n  credentials: {\n    accessKeyId: "${keyId()}",\n    secretAccessKey: "${secretKey()}",\n  },\n});`;
    assert.equal((await scan('src/storage.ts', text)).findings.length, 1);
    const noName = `const a = "${keyId()}";\nconst b = "${secretKey()}";`;
    assert.equal((await scan('src/x.ts', noName)).findings[0].message.includes('paired'), true);
  });

  it('reports a secret under an AWS secret name without a key id', async () => {
    const { findings } = await scan('.env', `AWS_SECRET_ACCESS_KEY=${secretKey()}\n`);
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /AWS secret name/);
  });

  it('stays quiet on the vendor docs example pair, hashes and far-away strings', async () => {
    const docs = 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n';
    assert.deepEqual((await scan('README.md', docs)).findings, []);
    const sha = `AWS_SECRET_ACCESS_KEY_SHA=${'0123456789abcdef'.repeat(2)}01234567\n`;
    assert.deepEqual((await scan('.env', sha)).findings, []);
    const far = `const id = "${keyId()}";\n${'// filler line of ordinary code here\n'.repeat(40)}const data = "${secretKey()}";`;
    assert.deepEqual((await scan('src/far.ts', far)).findings, []);
  });

  it('does not take 40 characters inside another token for a secret key', async () => {
    const text = `AWS_ACCESS_KEY_ID=${keyId()}\nSTRIPE_KEY=sk_live_${randomFrom(B64.slice(0, 62), 40)}\nTOKEN=glpat-${randomFrom(B64.slice(0, 62), 40)}\n`;
    assert.deepEqual((await scan('.env', text)).findings, []);
  });

  it('lowers severity in a test file', async () => {
    const { findings } = await scan('test/fixtures/aws.env', `AWS_ACCESS_KEY_ID=${keyId()}\nAWS_SECRET_ACCESS_KEY=${secretKey()}\n`);
    assert.equal(findings[0].severity, 'high');
  });

  it('with the whole registry, the key id and the secret are each reported once', async () => {
    const { findings } = await scanText('.env', `AWS_ACCESS_KEY_ID=${keyId()}\nAWS_SECRET_ACCESS_KEY=${secretKey()}\n`, { rules: allRules });
    // files/credentials-file also reports the .env itself (category sensitive-file); each secret is reported once.
    assert.deepEqual(findings.filter((f) => f.category === 'secret').map((f) => f.ruleId).sort(), ['secrets/aws-access-key-id', 'secrets/aws-secret-access-key']);
  });

  it('stays linear on thousands of key ids and base64 runs (hostile input)', async () => {
    const hostile = `${keyId()} ${randomFrom(B64, 40)}\n`.repeat(5000) + 'A'.repeat(100_000);
    const started = performance.now();
    await scan('hostile.txt', hostile);
    assert.ok(performance.now() - started < 3000, 'hostile input took too long');
  });
});
