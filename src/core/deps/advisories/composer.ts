/**
 * Composer's (Packagist's) version order, which is PHP's `version_compare` on normalized versions:
 * `dev` < `alpha`/`a` < `beta`/`b` < `RC`/`rc` < a release < `patch`/`pl`/`p`. Written here because no
 * maintained npm package implements PHP's comparison (the ports on npm are small and abandoned), and
 * the algorithm is a page of PHP's C source.
 */

const SPECIAL: Readonly<Record<string, number>> = { dev: 0, alpha: 1, a: 1, beta: 2, b: 2, rc: 3, '#': 4, pl: 5, p: 5, patch: 5 };

/** PHP's canonical form: `-`, `_`, `+` become `.`, and a `.` goes between digits and letters. */
function canonical(version: string): string[] {
  let v = version.trim().replace(/^[vV](?=\d)/, '');
  v = v.replace(/[-_+]/g, '.');
  v = v.replace(/(\d)(?=[^\d.])/g, '$1.').replace(/([^\d.])(?=\d)/g, '$1.');
  const parts = v.split('.').filter((part) => part !== '');
  // Composer normalizes to four numbers (1.0 is 1.0.0.0) before comparing.
  let numbers = 0;
  while (numbers < parts.length && /^\d+$/.test(parts[numbers])) numbers++;
  if (numbers > 0 && numbers < 4) parts.splice(numbers, 0, ...Array<string>(4 - numbers).fill('0'));
  return parts;
}

function specialRank(part: string): number {
  // Any other word sorts before `dev`, as in PHP.
  return SPECIAL[part.toLowerCase()] ?? -1;
}

function comparePart(a: string, b: string): number {
  const numA = /^\d+$/.test(a);
  const numB = /^\d+$/.test(b);
  if (numA && numB) {
    const x = BigInt(a);
    const y = BigInt(b);
    return x === y ? 0 : x < y ? -1 : 1;
  }
  if (!numA && !numB) return Math.sign(specialRank(a) - specialRank(b));
  // A number against a word: compare the word with "#", which stands for any number.
  return numA ? Math.sign(specialRank('#') - specialRank(b)) : Math.sign(specialRank(a) - specialRank('#'));
}

/** Compares two Composer versions: negative, zero or positive. */
export function compareComposer(a: string, b: string): number {
  const x = canonical(a);
  const y = canonical(b);
  const length = Math.min(x.length, y.length);
  for (let i = 0; i < length; i++) {
    const order = comparePart(x[i], y[i]);
    if (order !== 0) return order;
  }
  if (x.length === y.length) return 0;
  // The longer one: a number left over makes it greater; a word is compared with "#" (1.0rc1 < 1.0 < 1.0pl1).
  const longer = x.length > y.length ? x : y;
  const sign = x.length > y.length ? 1 : -1;
  const rest = longer[length];
  const order = /^\d+$/.test(rest) ? 1 : Math.sign(specialRank(rest) - specialRank('#'));
  return sign * order;
}

/** True for something that reads as a Composer version (digits first, an optional `v`). */
export function isComposerVersion(version: string): boolean {
  return /^[vV]?\d{1,18}(?:[.\-_+]?[0-9A-Za-z]{1,32}){0,10}$/.test(version.trim());
}

export const COMPOSER_PATTERNS: readonly RegExp[] = [/^[vV](?=\d)/, /[-_+]/g, /(\d)(?=[^\d.])/g, /([^\d.])(?=\d)/g, /^\d+$/, /^[vV]?\d{1,18}(?:[.\-_+]?[0-9A-Za-z]{1,32}){0,10}$/];
