import { randomBytes } from 'node:crypto';

/**
 * Fake credentials for tests: well-formed, random on every run, never real. Generating them at test time
 * keeps key-shaped strings out of the repository.
 */
export function randomBase64(bytes: number): string {
  return randomBytes(bytes).toString('base64');
}

/** Random characters from an alphabet, e.g. for token bodies. */
export function randomFrom(alphabet: string, length: number): string {
  const bytes = randomBytes(length);
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[bytes[i] % alphabet.length];
  return out;
}

export const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A PEM block with random body, 64-character lines. */
export function fakePem(label = 'RSA PRIVATE KEY', bodyBytes = 900): string {
  const body = randomBase64(bodyBytes).match(/.{1,64}/g)!.join('\n');
  return `-----BEGIN ${label}-----\n${body}\n-----END ${label}-----`;
}
