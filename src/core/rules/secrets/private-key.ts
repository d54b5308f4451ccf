import type { Rule, RuleContext } from '../types';
import { lowerSeverity } from './defineSecretRule';

/**
 * PEM, OpenSSH, PGP and PuTTY private keys. A code rule rather than one regex: the header is found
 * with a bounded pattern and the body is checked by hand, which keeps it linear on hostile input
 * (thousands of BEGIN lines with no END) and lets a truncated block still be reported.
 */
const HEADER = /-----BEGIN ((?:[A-Z0-9]{1,12} ){0,3})PRIVATE KEY( BLOCK)?-----/g;
const PUTTY_HEADER = /PuTTY-User-Key-File-[23]: [\w-]{3,40}/g;
const MAX_BODY = 64 * 1024;
const MIN_BASE64 = 64;

export const privateKey: Rule = {
  patterns: [HEADER, PUTTY_HEADER],
  meta: {
    id: 'secrets/private-key',
    category: 'secret',
    severity: 'critical',
    confidence: 'high',
    cwe: [321, 798],
    keywords: ['private key', 'putty-user-key-file'],
    docs: {
      summary: 'A private key (PEM, OpenSSH, PGP or PuTTY) in a file',
      why: 'Whoever holds a private key can impersonate its owner: sign code, decrypt traffic, or log in to every server that trusts it. Keys committed to a repository spread to every clone and stay in its history.',
      fix: 'Remove the key from the file and from git history, revoke it and issue a new one, and load keys at run time from a secrets manager, an ssh-agent or a file outside the repository (listed in .gitignore).',
      example: { bad: "const key = `-----BEGIN RSA PRIVATE KEY-----\\nMIIEow...`;", good: "const key = fs.readFileSync(process.env.SIGNING_KEY_PATH, 'utf8');" },
    },
    messages: {
      found: '{{kind}} private key',
      truncated: '{{kind}} private key (the block has no END line)',
    },
  },
  check(context: RuleContext) {
    const { text } = context;
    const severity = context.isTestFile ? lowerSeverity('critical') : 'critical';
    // Both positions only move forward, so thousands of BEGIN lines without END stay linear.
    const nextEnd = forwardFinder(text, '-----END ');
    const nextBegin = forwardFinder(text, '-----BEGIN ');
    for (const match of text.matchAll(HEADER)) {
      if (context.timedOut()) return;
      const kind = describeKind(match[1].trim(), Boolean(match[2]));
      const bodyStart = match.index + match[0].length;
      const endAt = nextEnd(bodyStart);
      const bodyLimit = Math.min(nextBegin(bodyStart), bodyStart + MAX_BODY);
      const within = endAt >= 0 && endAt <= bodyLimit;
      const rawBody = text.slice(bodyStart, within ? endAt : Math.min(bodyLimit, text.length));
      const base64 = keyMaterial(rawBody);
      if (base64.length < MIN_BASE64) continue;
      const footerEnd = within ? text.indexOf('-----', endAt + 9) : -1;
      const end = within && footerEnd >= 0 && footerEnd - endAt < 200 ? footerEnd + 5 : bodyStart + rawBody.trimEnd().length;
      context.report({
        messageId: within ? 'found' : 'truncated',
        data: { kind },
        start: match.index,
        end,
        secret: base64,
        evidence: match[0],
        severity,
        confidence: within ? 'high' : 'medium',
      });
    }
    for (const match of text.matchAll(PUTTY_HEADER)) {
      const privateLines = text.indexOf('Private-Lines:', match.index);
      if (privateLines < 0 || privateLines - match.index > 8192) continue;
      const material = keyMaterial(text.slice(privateLines + 14, privateLines + 14 + 8192).split(/Private-MAC:|Private-Hash:/)[0]);
      if (material.length < MIN_BASE64) continue;
      context.report({ messageId: 'found', data: { kind: 'PuTTY' }, start: match.index, end: match.index + match[0].length, secret: material, evidence: match[0], severity });
    }
  },
};

/** Finds the next occurrence at or after a position, remembering the last answer (positions never go back). */
function forwardFinder(text: string, needle: string): (from: number) => number {
  let found = -2;
  return (from) => {
    if (found === -1) return Number.MAX_SAFE_INTEGER;
    if (found < from) found = text.indexOf(needle, from);
    return found === -1 ? Number.MAX_SAFE_INTEGER : found;
  };
}

function describeKind(prefix: string, pgp: boolean): string {
  if (pgp || prefix === 'PGP') return 'PGP';
  if (!prefix) return 'PKCS#8';
  return prefix;
}

/**
 * The base64 of a key body, with PEM headers, JSON `\n` escapes, quotes and string concatenation removed.
 * Placeholders like `...` or `<your key here>` leave too little to count as a key.
 */
function keyMaterial(body: string): string {
  const withoutHeaders = body
    .split(/\\n|\r?\n/)
    .filter((line) => !/^\s*[\w-]+:\s/.test(line))
    .join('');
  const stripped = withoutHeaders.replace(/["'`+,\s\\]/g, '');
  if (/[<>]|\.\.\./.test(stripped)) return '';
  const match = /^[A-Za-z0-9+/=]*/.exec(stripped);
  return match ? match[0] : '';
}
