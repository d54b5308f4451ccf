/**
 * Fake credentials for the rules' own samples. The samples are written as functions of a seeded
 * generator, so the repository holds no key-shaped string (push protection and other scanners stay
 * quiet on it) while every test run sees the same, reproducible values.
 */
export interface Fake {
  /** Characters of an alphabet; `alnum`, `hex` and the rest are shorthands. */
  from(alphabet: string, length: number): string;
  alnum(length: number): string;
  upper(length: number): string;
  lower(length: number): string;
  /** Upper-case letters and digits. */
  upperNum(length: number): string;
  /** Lower-case letters and digits. */
  lowerNum(length: number): string;
  digits(length: number): string;
  hex(length: number): string;
  /** Standard base64 alphabet, no padding. */
  base64(length: number): string;
  /** URL-safe base64 alphabet (letters, digits, `-`, `_`). */
  base64url(length: number): string;
  uuid(): string;
  /** A JSON object as unpadded base64url, as in a JWT. */
  b64json(value: unknown): string;
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';

/** A generator seeded by a string (the rule id), xorshift32: fast, deterministic, not for cryptography. */
export function createFake(seed: string): Fake {
  let state = 2166136261;
  for (let i = 0; i < seed.length; i++) state = Math.imul(state ^ seed.charCodeAt(i), 16777619) >>> 0;
  if (state === 0) state = 1;
  const next = (): number => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state;
  };
  const from = (alphabet: string, length: number): string => {
    let out = '';
    for (let i = 0; i < length; i++) out += alphabet[next() % alphabet.length];
    return out;
  };
  const fake: Fake = {
    from,
    alnum: (n) => from(UPPER + LOWER + DIGITS, n),
    upper: (n) => from(UPPER, n),
    lower: (n) => from(LOWER, n),
    upperNum: (n) => from(UPPER + DIGITS, n),
    lowerNum: (n) => from(LOWER + DIGITS, n),
    digits: (n) => from(DIGITS, n),
    hex: (n) => from('0123456789abcdef', n),
    base64: (n) => from(`${UPPER}${LOWER}${DIGITS}+/`, n),
    base64url: (n) => from(`${UPPER}${LOWER}${DIGITS}-_`, n),
    uuid: () => `${fake.hex(8)}-${fake.hex(4)}-4${fake.hex(3)}-a${fake.hex(3)}-${fake.hex(12)}`,
    b64json: (value) => Buffer.from(JSON.stringify(value)).toString('base64url'),
  };
  return fake;
}
