import type { RuleContext } from '../types';
import { defineConfigRule } from './defineConfigRule';

const NONE_ALGORITHM = /["'](?:none|None|NONE)["']/;

/** `algorithms: ['HS256', 'none']`: the value (up to the end of the list or line) names `none`. */
function allowsNone(context: RuleContext, start: number, matched: string): boolean {
  const rest = context.text.slice(start + matched.length, start + matched.length + 200);
  const end = rest.search(/[\]\n]/);
  return NONE_ALGORITHM.test(end < 0 ? rest : rest.slice(0, end + 1));
}

/** JSON Web Tokens accepted without a signature check. */
export const jwtInsecure = defineConfigRule({
  id: 'config/jwt-insecure',
  severity: 'high',
  cwe: [347],
  languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin'],
  keywords: ['none', 'verify', 'signingmethodnone', 'unsafeallownonesignaturetype', 'ignoreexpiration'],
  docs: {
    summary: 'JWTs accepted with the `none` algorithm or without signature verification',
    why: 'A token whose signature is not checked is just JSON the client wrote: anyone can set `"sub": "admin"` or extend the expiry and the server will believe it.',
    fix: 'Verify every token with a fixed list of expected algorithms and the right key (`jwt.verify(token, key, { algorithms: [\'RS256\'] })`, `jwt.decode(token, key, algorithms=["RS256"])`); never allow `none`.',
    example: { bad: "jwt.decode(token, options={'verify_signature': False})", good: "jwt.decode(token, public_key, algorithms=['RS256'])" },
  },
  messages: {
    none: '`{{match}}` accepts unsigned tokens',
    noVerify: '`{{match}}` decodes a token without checking its signature',
    noExpiry: '`{{match}}` accepts expired tokens',
  },
  extraPatterns: [NONE_ALGORITHM],
  checks: [
    { regex: /\balgorithms?["']?[ \t]*[:=]/g, messageId: 'none', accept: allowsNone },
    { regex: /\bSigningMethodNone\b|\bUnsafeAllowNoneSignatureType\b|\bAlgorithm\.none[ \t]*\(/g, messageId: 'none' },
    { regex: /["']verify_signature["'][ \t]*:[ \t]*False\b/g, messageId: 'noVerify' },
    { regex: /\bverify[ \t]*=[ \t]*False\b/g, messageId: 'noVerify', languages: ['python'], context: /\bjwt\b/ },
    { regex: /["']?\bignoreExpiration["']?[ \t]*:[ \t]*true\b/g, messageId: 'noExpiry', severity: 'medium' },
  ],
});
