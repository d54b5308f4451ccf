import { defineConfigRule } from './defineConfigRule';

/** A constant initialization vector or nonce. */
export const hardcodedIv = defineConfigRule({
  id: 'config/hardcoded-iv',
  severity: 'medium',
  cwe: [329, 1204],
  languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin', 'csharp'],
  keywords: ['iv', 'nonce', 'ivparameterspec', 'createcipheriv'],
  docs: {
    summary: 'A hard-coded IV or nonce',
    why: 'An IV or nonce that never changes makes equal plaintexts encrypt to equal ciphertexts, and with GCM or CTR a reused nonce lets an attacker recover the keystream and forge messages.',
    fix: 'Generate a fresh random IV or nonce for every encryption (`crypto.randomBytes(12)`, `os.urandom(12)`, `SecureRandom`) and store it next to the ciphertext.',
    example: { bad: "const iv = Buffer.from('0123456789abcdef');", good: 'const iv = crypto.randomBytes(16);' },
  },
  messages: { constant: '`{{match}}` uses a constant IV or nonce' },
  checks: [
    { regex: /\b(?:iv|IV|nonce|NONCE|initVector|init_vector|INIT_VECTOR)\b[ \t]*(?::=|=|:)[ \t]*(?:Buffer\.(?:from|alloc)[ \t]*\([ \t]*(?:["'[]|\d)|b?["'][^"'\n]{8,64}["']|new[ \t]+byte[ \t]*\[[ \t]*\][ \t]*\{|\[\]byte[ \t]*\([ \t]*"|bytes[ \t]*\([ \t]*\d|bytearray[ \t]*\([ \t]*\d|new[ \t]+Uint8Array[ \t]*\([ \t]*(?:\d|\[))/g, messageId: 'constant', valueIn: 'string' },
    { regex: /\bnew[ \t]+IvParameterSpec[ \t]*\([ \t]*(?:new[ \t]+byte[ \t]*\[|"|[A-Z_]{2,}\b)/g, messageId: 'constant', valueIn: 'string' },
    { regex: /\bcreateCipheriv[ \t]*\([^,\n]{1,80},[^,\n]{1,80},[ \t]*(?:["']|Buffer\.(?:from|alloc)[ \t]*\([ \t]*["'\d])/g, messageId: 'constant', valueIn: 'string' },
  ],
});
