import { createHash } from 'node:crypto';
import type { Hunk } from '../model/change';

/** Hunks whose changed lines hold fewer visible characters than this get no hash: a lone `}` or blank line recurs everywhere. */
const MIN_SIGNIFICANT_CHARS = 8;

/**
 * A content hash of what a hunk changes, for spotting a rejected hunk proposed again. It covers the
 * added lines (or, for a pure deletion, the removed lines) with surrounding whitespace trimmed and blank lines left out, and not
 * the context or line numbers, so the same edit proposed against a shifted file still matches. Null for a
 * trivial hunk. Only the hash goes into the audit log, never the lines.
 */
export function hunkContentHash(hunk: Pick<Hunk, 'lines'>): string | null {
  // Blank lines are left out: a diff may place an added blank line before or after the same block.
  const added = hunk.lines.filter((l) => l.startsWith('+')).map((l) => l.slice(1).trim()).filter(Boolean);
  const changed = added.length > 0 ? added : hunk.lines.filter((l) => l.startsWith('-')).map((l) => l.slice(1).trim()).filter(Boolean).map((l) => `-${l}`);
  const significant = changed.reduce((n, l) => n + l.replace(/\s+/g, '').length, 0);
  if (significant < MIN_SIGNIFICANT_CHARS) return null;
  return createHash('sha256').update(changed.join('\n')).digest('hex');
}
