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
  return createRedactor(secrets)(text);
}

const PREFIX = 4;

/**
 * `redact` for many strings against one set of secrets (a file's findings): the secrets are sorted and
 * indexed by their first characters once, so each string costs its own length rather than the number of
 * secrets. A file with thousands of findings stayed quadratic otherwise.
 */
export function createRedactor(secrets: Iterable<string>): (text: string) => string {
  const ordered = [...new Set(secrets)].filter((s) => s.length > 0).sort((a, b) => b.length - a.length);
  if (ordered.length === 0) return (text) => text;
  const short = ordered.filter((s) => s.length < PREFIX);
  const byPrefix = new Map<string, string[]>();
  for (const secret of ordered) {
    if (secret.length < PREFIX) continue;
    const key = secret.slice(0, PREFIX);
    const list = byPrefix.get(key);
    if (list) list.push(secret);
    else byPrefix.set(key, [secret]);
  }
  return (text) => {
    // Which secrets occur at all, longest first, then the same split-and-join as before.
    const present = new Set<string>();
    for (let i = 0; i + PREFIX <= text.length; i++) {
      const candidates = byPrefix.get(text.slice(i, i + PREFIX));
      if (candidates) for (const secret of candidates) if (text.startsWith(secret, i)) present.add(secret);
    }
    for (const secret of short) if (text.includes(secret)) present.add(secret);
    if (present.size === 0) return text;
    let result = text;
    for (const secret of ordered) {
      if (present.has(secret) && result.includes(secret)) result = result.split(secret).join(maskSecret(secret));
    }
    return result;
  };
}
