import assert from 'node:assert/strict';
import { createHmac, generateKeyPairSync, sign } from 'node:crypto';
import { describe, it } from 'node:test';
import { inspectJwt, jwt } from '../../../src/core/rules/secrets/jwt';
import { scanText } from '../../../src/core/scan/engine';
import { randomBase64 } from '../../helpers/fakeSecrets';

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const future = () => Math.floor(Date.now() / 1000) + 3600 * 24 * 365;

/** A token really signed with a throwaway key, so its shape is exactly what a server would issue. */
function hs256(payload: Record<string, unknown>, header: Record<string, unknown> = { alg: 'HS256', typ: 'JWT' }): string {
  const body = `${b64(header)}.${b64(payload)}`;
  return `${body}.${createHmac('sha256', randomBase64(32)).update(body).digest('base64url')}`;
}

function rs256(payload: Record<string, unknown>): string {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const body = `${b64({ alg: 'RS256', typ: 'JWT', kid: 'k1' })}.${b64(payload)}`;
  return `${body}.${sign('sha256', Buffer.from(body), privateKey).toString('base64url')}`;
}

const scan = (text: string, path = 'src/client.ts') => scanText(path, text, { rules: [jwt] });

describe('secrets/jwt', () => {
  it('reports a signed HS256 and RS256 token', async () => {
    for (const token of [hs256({ sub: 'svc-billing', iat: 1700000000, exp: future() }), rs256({ iss: 'https://auth.internal', sub: '8812', exp: future() })]) {
      const { findings } = await scan(`const token = "${token}";`);
      assert.equal(findings.length, 1);
      assert.equal(findings[0].severity, 'high');
      assert.ok(!findings[0].evidence.includes(token.split('.')[2]), 'signature leaked into evidence');
    }
  });

  it('rates a Supabase service_role key critical and an anon key low', async () => {
    const service = await scan(`SUPABASE_SERVICE_ROLE_KEY=${hs256({ iss: 'supabase', ref: 'abcd', role: 'service_role', iat: 1700000000, exp: future() })}`, '.env');
    assert.equal(service.findings[0].severity, 'critical');
    assert.match(service.findings[0].message, /service_role/);
    const anon = await scan(`SUPABASE_ANON_KEY=${hs256({ iss: 'supabase', role: 'anon', exp: future() })}`, '.env');
    assert.equal(anon.findings[0].severity, 'low');
  });

  it('rates an expired token low', async () => {
    const { findings } = await scan(`const t = "${hs256({ sub: 'u-1', exp: 1600000000 })}";`);
    assert.equal(findings[0].severity, 'low');
    assert.match(findings[0].message, /Expired/);
  });

  const quiet: [string, () => string][] = [
    ['the jwt.io sample payload', () => hs256({ sub: '1234567890', name: 'John Doe', iat: 1516239022 })],
    ['an unsigned alg:none token', () => `${b64({ alg: 'none' })}.${b64({ sub: 'x', exp: future() })}.${randomBase64(32).replace(/[+/=]/g, 'A')}`],
    ['a signature of the wrong length for its algorithm', () => `${b64({ alg: 'HS256' })}.${b64({ sub: 'svc', exp: future() })}.${Buffer.from(randomBase64(80)).toString('base64url')}`],
    ['a header that is not JSON', () => `eyJub3QganNvbg.${b64({ sub: 'svc' })}.${Buffer.from(randomBase64(32), 'base64').toString('base64url')}`],
    ['a low-entropy hand-made signature', () => `${b64({ alg: 'HS256' })}.${b64({ sub: 'svc' })}.${'abcd'.repeat(11)}`],
  ];
  for (const [name, make] of quiet) {
    it(`stays quiet on ${name}`, async () => {
      assert.deepEqual((await scan(`const t = "${make()}";`)).findings, []);
    });
  }

  it('inspectJwt rejects garbage without throwing', () => {
    assert.equal(inspectJwt('eyJ.eyJ.x'), undefined);
    assert.equal(inspectJwt(`eyJ${'%'.repeat(20)}.eyJ${'a'.repeat(20)}.${'b'.repeat(40)}`), undefined);
  });

  it('stays linear on hostile input: long eyJ runs and many dots', async () => {
    const hostile = `eyJ${'a'.repeat(3000)}.`.repeat(300) + 'eyJ.'.repeat(50_000);
    const started = performance.now();
    await scan(hostile, 'hostile.txt');
    assert.ok(performance.now() - started < 3000, 'hostile input took too long');
  });
});
