/**
 * Values that look like a credential's slot rather than a credential: vendor doc examples, template
 * variables, environment lookups, one repeated character, obvious sequences. Keeping quiet on these is
 * what makes a secrets gate one that people leave on.
 */
const PLACEHOLDER_WORDS = /example|sample|dummy|placeholder|changeme|change_me|redacted|your[_-]?|xxxx|\*\*\*\*|fake|insert|replace|todo|<[^>]*>|\$\{|\{\{|%\(|process\.env|os\.environ|os\.getenv|getenv\(|system\.getenv/i;
// `$DB_PASSWORD`, a shell or Make variable; case-sensitive so that `access_token$production$…` stays a value.
const SHELL_VARIABLE = /\$[A-Z_][A-Z0-9_]{2,}/;

export function isPlaceholder(value: string): boolean {
  if (value.length === 0) return true;
  if (PLACEHOLDER_WORDS.test(value) || SHELL_VARIABLE.test(value)) return true;
  if (isRepeatedCharacter(value)) return true;
  if (isSequence(value)) return true;
  // ENV_VAR_NAME: an environment variable's name, not its value.
  if (/^[A-Z][A-Z0-9_]{2,}$/.test(value) && value.includes('_')) return true;
  return false;
}

function isRepeatedCharacter(value: string): boolean {
  const distinct = new Set(value.replace(/[-_.]/g, '')).size;
  return distinct <= 2;
}

const SEQUENCES = ['0123456789', 'abcdefghijklmnopqrstuvwxyz', '9876543210', 'qwertyuiop'];

function isSequence(value: string): boolean {
  const lower = value.toLowerCase().replace(/[-_]/g, '');
  if (lower.length < 6) return false;
  return SEQUENCES.some((sequence) => {
    const repeated = sequence.repeat(Math.ceil(lower.length / sequence.length) + 1);
    return repeated.includes(lower);
  });
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(value: string): number {
  if (value.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of value) counts.set(char, (counts.get(char) ?? 0) + 1);
  let entropy = 0;
  for (const count of counts.values()) {
    const p = count / value.length;
    entropy -= p * Math.log2(p);
  }
  return entropy;
}
