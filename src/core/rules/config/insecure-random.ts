import type { RuleContext } from '../types';
import { defineConfigRule } from './defineConfigRule';

const SECURITY_NAME = /(?:token|secret|passw(?:or)?d|pwd|nonce|salt|otp|session|csrf|api_?key|apikey|reset|invite|verif|auth|uuid|guid|\bids?\b|[a-z]Id\b|_id\b|\bkey\b)/i;
const MATH_RAND_IMPORT = /"math\/rand(?:\/v2)?"/;

/** Go's rand.* is only weak when the file imports math/rand rather than crypto/rand. */
function importsMathRand(context: RuleContext): boolean {
  return MATH_RAND_IMPORT.test(context.text);
}

/** Non-cryptographic random numbers used for tokens, ids, passwords or keys. */
export const insecureRandom = defineConfigRule({
  id: 'config/insecure-random',
  severity: 'medium',
  confidence: 'medium',
  cwe: [338, 330],
  languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin'],
  keywords: ['random', 'rand.'],
  docs: {
    summary: 'A predictable random generator makes a token, id or password',
    why: '`Math.random`, Python\'s `random` and Java\'s `Random` are predictable: after seeing a few outputs an attacker can compute the next ones, so reset tokens, session ids or generated passwords can be guessed.',
    fix: 'Use the cryptographic generator: `crypto.randomUUID()` / `crypto.randomBytes()` in Node, `secrets.token_urlsafe()` in Python, `SecureRandom` in Java, `crypto/rand` in Go.',
    example: { bad: 'const resetToken = Math.random().toString(36).slice(2);', good: "const resetToken = crypto.randomBytes(32).toString('base64url');" },
  },
  messages: { weak: '`{{match}}` is predictable but makes what looks like a token, id, key or password' },
  checks: [
    { regex: /\bMath\.random[ \t]*\(/g, messageId: 'weak', context: SECURITY_NAME, contextLines: 1 },
    { regex: /\brandom\.(?:random|randint|choice|choices|randrange|getrandbits|sample)[ \t]*\(/g, messageId: 'weak', languages: ['python'], context: SECURITY_NAME, contextLines: 1 },
    { regex: /\bnew[ \t]+Random[ \t]*\(|\bRandomStringUtils\.random\w{0,20}[ \t]*\(/g, messageId: 'weak', languages: ['java', 'kotlin'], context: SECURITY_NAME, contextLines: 1 },
    { regex: /\brand\.(?:Intn|Int63n?|Int31n?|Int|Read|Uint32|Uint64)[ \t]*\(/g, messageId: 'weak', languages: ['go'], context: SECURITY_NAME, contextLines: 1, accept: importsMathRand },
  ],
  extraPatterns: [MATH_RAND_IMPORT],
});
