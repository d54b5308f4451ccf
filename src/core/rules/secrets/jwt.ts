import type { Severity } from '../../model/finding';
import type { Rule, RuleContext } from '../types';
import { MAX_REPORTS_PER_FILE, lowerSeverity } from './defineSecretRule';
import { shannonEntropy } from './placeholder';

/**
 * JSON Web Tokens that look like real signed tokens. Each candidate is decoded: the header must name a
 * signing algorithm (not `none`), the payload must be a JSON object, and the signature must have the length
 * that algorithm produces and look random. The jwt.io sample and hand-made tokens in docs fail these checks.
 */
const JWT = /(?<![A-Za-z0-9_-])(eyJ[A-Za-z0-9_-]{8,2000}\.eyJ[A-Za-z0-9_-]{8,12000}\.([A-Za-z0-9_-]{22,1400}))(?![A-Za-z0-9_-])/g;

/** Signature size in bytes per algorithm; RSA sizes depend on the key, so they are a range. */
const SIGNATURE_BYTES: Record<string, readonly [number, number]> = {
  HS256: [32, 32], HS384: [48, 48], HS512: [64, 64],
  RS256: [128, 1024], RS384: [128, 1024], RS512: [128, 1024],
  PS256: [128, 1024], PS384: [128, 1024], PS512: [128, 1024],
  ES256: [64, 64], ES256K: [64, 64], ES384: [96, 96], ES512: [132, 132], EdDSA: [64, 114],
};

// The payload of jwt.io's sample token and its common variants.
const DOC_SUBJECTS = new Set(['1234567890', 'user123', 'test', 'example']);
const DOC_NAMES = /^(?:john doe|jane doe|test user|example user)$/i;

export const jwt: Rule = {
  patterns: [JWT],
  meta: {
    id: 'secrets/jwt',
    category: 'secret',
    severity: 'high',
    confidence: 'medium',
    cwe: [798],
    keywords: ['eyj'],
    docs: {
      summary: 'A signed JSON Web Token (JWT) in source',
      why: 'A valid JWT is a bearer credential: whoever holds it is that user, service or role until it expires, and service tokens (such as a Supabase `service_role` key) often never expire.',
      fix: 'Revoke the token (rotate the signing key or the API key it stands for), remove it from the file and git history, and have code fetch tokens at run time. Tests should mint their own short-lived tokens with a test key.',
      example: { bad: 'const SUPABASE_KEY = "eyJhbGciOi…";', good: 'const SUPABASE_KEY = process.env.SUPABASE_SERVICE_ROLE_KEY;' },
    },
    messages: {
      found: 'Signed JWT ({{alg}}) hard-coded here',
      privileged: 'Signed JWT with role {{role}} hard-coded here',
      expired: 'Expired signed JWT ({{alg}}) hard-coded here',
      publicKey: 'Public (anon) JWT hard-coded here',
    },
  },
  check(context: RuleContext) {
    let reports = 0;
    for (const match of context.text.matchAll(JWT)) {
      if (context.timedOut() || reports >= MAX_REPORTS_PER_FILE) return;
      const token = match[1];
      const verdict = inspectJwt(token);
      if (!verdict) continue;
      const severity = context.isTestFile ? lowerSeverity(verdict.severity) : verdict.severity;
      context.report({ messageId: verdict.messageId, data: verdict.data, start: match.index, end: match.index + token.length, secret: token, severity });
      reports++;
    }
  },
};

interface JwtVerdict {
  messageId: 'found' | 'privileged' | 'expired' | 'publicKey';
  data: Record<string, string>;
  severity: Severity;
}

/** Decodes and judges a candidate token; undefined when it is not a real signed token. */
export function inspectJwt(token: string, now = Date.now()): JwtVerdict | undefined {
  const [headerPart, payloadPart, signaturePart] = token.split('.');
  const header = decodeJson(headerPart);
  const payload = decodeJson(payloadPart);
  if (!header || !payload) return undefined;
  const alg = typeof header.alg === 'string' ? header.alg : '';
  const expected = SIGNATURE_BYTES[alg];
  if (!expected) return undefined;
  const signatureBytes = Math.floor((signaturePart.length * 3) / 4);
  if (signatureBytes < expected[0] || signatureBytes > expected[1]) return undefined;
  if (shannonEntropy(signaturePart) < 3.5) return undefined;
  if (isDocumentationPayload(payload)) return undefined;

  const role = typeof payload.role === 'string' ? payload.role : undefined;
  const exp = typeof payload.exp === 'number' ? payload.exp : undefined;
  if (exp !== undefined && exp * 1000 < now) return { messageId: 'expired', data: { alg }, severity: 'low' };
  if (role === 'anon') return { messageId: 'publicKey', data: { alg }, severity: 'low' };
  if (role && /service_role|admin|root|superuser/i.test(role)) return { messageId: 'privileged', data: { role }, severity: 'critical' };
  return { messageId: 'found', data: { alg }, severity: 'high' };
}

function decodeJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function isDocumentationPayload(payload: Record<string, unknown>): boolean {
  if (typeof payload.sub === 'string' && DOC_SUBJECTS.has(payload.sub.toLowerCase())) return true;
  if (typeof payload.name === 'string' && DOC_NAMES.test(payload.name)) return true;
  return payload.iat === 1516239022;
}
