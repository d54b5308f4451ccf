import { defineConfigRule } from './defineConfigRule';

const PASSWORD = /(?:passw(?:or)?d|\bpwd\b|passphrase|\bpass\b)/i;

/** MD5 or SHA-1 used to hash passwords. */
export const weakPasswordHash = defineConfigRule({
  id: 'config/weak-password-hash',
  severity: 'high',
  cwe: [916, 328],
  languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin', 'php', 'csharp'],
  keywords: ['md5', 'sha1', 'sha-1'],
  docs: {
    summary: 'Passwords hashed with MD5 or SHA-1',
    why: 'MD5 and SHA-1 are fast: a stolen table of such hashes is cracked at billions of guesses per second on one GPU, and unsalted ones are looked up in precomputed tables.',
    fix: 'Hash passwords with a slow, salted password hash: Argon2id, scrypt or bcrypt (e.g. `argon2.hash()`, `bcrypt.hash(pw, 12)`, `hashlib.scrypt`, Spring\'s `Argon2PasswordEncoder`).',
    example: { bad: "const hash = crypto.createHash('md5').update(password).digest('hex');", good: 'const hash = await argon2.hash(password);' },
  },
  messages: { weak: '`{{match}}` hashes a password with a fast, broken hash' },
  checks: [
    { regex: /\bcreateHash[ \t]*\([ \t]*["'](?:md5|sha1)["']/gi, messageId: 'weak', valueIn: 'string', context: PASSWORD, contextLines: 1 },
    { regex: /\bhashlib\.(?:md5|sha1)[ \t]*\(|\bhashlib\.new[ \t]*\([ \t]*["'](?:md5|sha1)["']/g, messageId: 'weak', valueIn: 'string', context: PASSWORD, contextLines: 1 },
    { regex: /\bMessageDigest\.getInstance[ \t]*\([ \t]*"(?:MD5|SHA-?1)"/g, messageId: 'weak', valueIn: 'string', context: PASSWORD, contextLines: 1 },
    { regex: /\bDigestUtils\.(?:md5|sha1)(?:Hex)?[ \t]*\(/g, messageId: 'weak', context: PASSWORD, contextLines: 1 },
    { regex: /\b(?:md5|sha1)\.(?:Sum|New)[ \t]*\(/g, messageId: 'weak', languages: ['go'], context: PASSWORD, contextLines: 1 },
    { regex: /\b(?:CryptoJS\.)?(?:MD5|SHA1|md5|sha1)[ \t]*\(/g, messageId: 'weak', languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'php'], context: PASSWORD },
  ],
});
