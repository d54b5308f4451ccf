import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { privateKey } from '../../src/core/rules/secrets/private-key';
import { scanText } from '../../src/core/scan/engine';
import { fakePem, randomBase64 } from '../helpers/fakeSecrets';

const scan = (path: string, text: string) => scanText(path, text, { rules: [privateKey] });

describe('secrets/private-key', () => {
  const invalid: [string, () => string, string][] = [
    ['an RSA key in a .pem file', () => fakePem('RSA PRIVATE KEY'), 'RSA'],
    ['an EC key', () => fakePem('EC PRIVATE KEY', 200), 'EC'],
    ['a DSA key', () => fakePem('DSA PRIVATE KEY', 400), 'DSA'],
    ['an OpenSSH key', () => fakePem('OPENSSH PRIVATE KEY', 400), 'OPENSSH'],
    ['a PKCS#8 key', () => fakePem('PRIVATE KEY'), 'PKCS#8'],
    ['an encrypted PKCS#8 key', () => fakePem('ENCRYPTED PRIVATE KEY'), 'ENCRYPTED'],
    ['a PGP key block', () => fakePem('PGP PRIVATE KEY BLOCK'), 'PGP'],
    ['a legacy encrypted PEM with headers', () => fakePem('RSA PRIVATE KEY').replace('\n', '\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,0A1B2C3D4E5F60718293A4B5C6D7E8F9\n\n'), 'RSA'],
  ];
  for (const [name, make, kind] of invalid) {
    it(`reports ${name}`, async () => {
      const result = await scan('deploy/key.pem', make());
      assert.equal(result.findings.length, 1, name);
      assert.equal(result.findings[0].message, `${kind} private key`);
    });
  }

  it('reports a service-account key inside JSON with \\n escapes', async () => {
    const pem = fakePem('PRIVATE KEY').split('\n').join('\\n');
    const json = JSON.stringify({ type: 'service_account', project_id: 'demo-project', private_key_id: randomBase64(20), private_key: 'PLACEHOLDER' }, null, 2).replace('PLACEHOLDER', pem);
    const result = await scan('config/service-account.json', json);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].range.startLine, 5);
  });

  it('reports a PuTTY key', async () => {
    const body = randomBase64(600).match(/.{1,64}/g)!;
    const ppk = ['PuTTY-User-Key-File-3: ssh-ed25519', 'Encryption: none', 'Comment: deploy', 'Public-Lines: 2', randomBase64(48), randomBase64(20), `Private-Lines: ${body.length}`, ...body, `Private-MAC: ${randomBase64(32)}`].join('\n');
    const result = await scan('keys/deploy.ppk', ppk);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].message, 'PuTTY private key');
  });

  it('reports a truncated block with medium confidence', async () => {
    const truncated = fakePem().split('\n').slice(0, 8).join('\n');
    const result = await scan('notes.txt', truncated);
    assert.equal(result.findings.length, 1);
    assert.equal(result.findings[0].confidence, 'medium');
    assert.match(result.findings[0].message, /no END line/);
  });

  it('reports a real-looking key in a test file at lower severity', async () => {
    const result = await scan('test/fixtures/key.pem', fakePem());
    assert.equal(result.findings[0].severity, 'high');
  });

  const valid: [string, string][] = [
    ['a public key', fakePem('PUBLIC KEY')],
    ['a certificate', fakePem('CERTIFICATE')],
    ['a docs placeholder', '-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----'],
    ['a template slot', '-----BEGIN PRIVATE KEY-----\n<your private key here, base64 encoded, as issued by the CA portal>\n-----END PRIVATE KEY-----'],
    ['a header check in code', "if (pem.startsWith('-----BEGIN RSA PRIVATE KEY-----')) { return parseRsa(pem); }"],
    ['a header split over string pieces', "const header = '-----BEGIN ' + kind + ' PRIVATE KEY-----';"],
  ];
  for (const [name, text] of valid) {
    it(`does not report ${name}`, async () => {
      assert.deepEqual((await scan('src/keys.ts', text)).findings, []);
    });
  }

  it('stays fast on thousands of BEGIN lines with no END', async () => {
    const hostile = '-----BEGIN RSA PRIVATE KEY-----\nAAAA\n'.repeat(20000);
    const started = performance.now();
    await scan('hostile.txt', hostile);
    assert.ok(performance.now() - started < 2000, 'hostile input took too long');
  });
});
