import { defineConfigRule } from './defineConfigRule';

/** Block ciphers in ECB mode, named or by default. */
export const ecbMode = defineConfigRule({
  id: 'config/ecb-mode',
  severity: 'medium',
  cwe: [327],
  languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin', 'csharp', 'php'],
  keywords: ['ecb', 'cipher.getinstance'],
  docs: {
    summary: 'A block cipher in ECB mode',
    why: 'ECB encrypts equal blocks to equal ciphertext, so patterns in the data show through (the "ECB penguin") and blocks can be cut, reordered and replayed without the key.',
    fix: 'Use an authenticated mode such as AES-GCM (or ChaCha20-Poly1305) with a fresh random nonce per message.',
    example: { bad: "crypto.createCipheriv('aes-256-ecb', key, null)", good: "crypto.createCipheriv('aes-256-gcm', key, crypto.randomBytes(12))" },
  },
  messages: {
    ecb: '`{{match}}` encrypts in ECB mode',
    defaultEcb: '`{{match}}` uses the provider default, which is ECB',
  },
  checks: [
    { regex: /["'](?:aes|des|des-ede3?|bf|blowfish|camellia|sm4)(?:-\d{2,3})?-ecb["']/gi, messageId: 'ecb', valueIn: 'string' },
    { regex: /["'](?:AES|DES|DESede|Blowfish|RSA)\/ECB\//g, messageId: 'ecb', valueIn: 'string' },
    { regex: /\bCipher\.getInstance[ \t]*\([ \t]*"(?:AES|DES|DESede|Blowfish)"[ \t]*\)/g, messageId: 'defaultEcb', valueIn: 'code' },
    { regex: /\b(?:AES|DES3?|Blowfish)\.MODE_ECB\b|\bmodes\.ECB[ \t]*\(/g, messageId: 'ecb' },
    { regex: /\bCipherMode\.ECB\b|\bNewECB(?:En|De)crypter\b/g, messageId: 'ecb' },
  ],
});
