/**
 * Masks a secret for display: at most the first 4 and last 2 characters stay visible,
 * and short values show fewer, so no output ever carries enough of a key to use it.
 */
export function maskSecret(secret: string): string {
  const length = secret.length;
  if (length === 0) return '';
  if (length < 8) return '*'.repeat(Math.min(length, 8));
  if (length < 16) return `${secret.slice(0, 2)}${'*'.repeat(6)}`;
  return `${secret.slice(0, 4)}${'*'.repeat(8)}${secret.slice(-2)}`;
}

/** Replaces every occurrence of each secret in `text` by its mask. Longest secrets first, so overlaps mask fully. */
export function redact(text: string, secrets: Iterable<string>): string {
  const ordered = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  let result = text;
  for (const secret of ordered) {
    if (result.includes(secret)) result = result.split(secret).join(maskSecret(secret));
  }
  return result;
}
