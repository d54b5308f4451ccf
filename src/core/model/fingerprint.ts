import { createHash } from 'node:crypto';

/**
 * A fingerprint that survives line shifts: it hashes the rule, the file and the matched content,
 * plus the ordinal of identical matches in the file. It is a hash, so a baseline never stores a secret.
 */
export function computeFingerprint(ruleId: string, file: string, matchedContent: string, ordinal: number): string {
  const normalized = matchedContent.replace(/\s+/g, ' ').trim();
  const digest = createHash('sha256').update(`${ruleId}\0${file}\0${normalized}`).digest('hex').slice(0, 32);
  return `${digest}:${ordinal}`;
}
