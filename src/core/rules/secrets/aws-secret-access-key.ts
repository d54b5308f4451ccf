import type { Rule, RuleContext } from '../types';
import { MAX_REPORTS_PER_FILE, lowerSeverity } from './defineSecretRule';
import { isPlaceholder, shannonEntropy } from './placeholder';

/**
 * AWS secret access keys. A 40-character base64 string is everywhere (hashes, ids, encoded data), so a
 * candidate is reported only when something says it is an AWS secret: an access key id nearby (the pair,
 * as in `~/.aws/credentials` or a `.env` file) or an AWS secret name on its own line.
 */
const KEY_ID = /(?<![A-Z0-9])((?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Z0-9])/g;
// Not glued to `_` or `-` either: 40 characters inside `sk_live_…` are part of another token.
const CANDIDATE = /(?<![A-Za-z0-9/+_-])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=_-])/g;
const SECRET_NAME = /aws.{0,24}secret|secret.?access.?key/i;
const SECRET_NAME_GLOBAL = new RegExp(SECRET_NAME.source, 'gi');
/** How far (in characters) a key id may be from its secret to count as a pair: a few lines of a config file. */
const PAIR_WINDOW = 600;

export const awsSecretAccessKey: Rule = {
  patterns: [KEY_ID, CANDIDATE, SECRET_NAME, SECRET_NAME_GLOBAL],
  meta: {
    id: 'secrets/aws-secret-access-key',
    category: 'secret',
    severity: 'critical',
    confidence: 'high',
    cwe: [798],
    keywords: ['akia', 'asia', 'abia', 'acca', 'aws_secret', 'secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws-secret'],
    docs: {
      summary: 'AWS secret access key, alone under an AWS name or paired with its access key ID',
      why: 'An access key pair is the password of an IAM user: whoever holds it calls the AWS API as that user, and leaked pairs are exploited within minutes (crypto mining, data theft) by bots watching public repositories.',
      fix: 'Deactivate and delete the key in IAM (Users → Security credentials, or `aws iam delete-access-key`) and check CloudTrail for its use. Replace it with roles and short-lived credentials (SSO, instance profiles, OIDC from CI); if a static key is unavoidable, load it from a secrets manager. Purge the old one from git history.',
      example: { bad: 'aws_access_key_id = AKIA…\naws_secret_access_key = wJal…', good: '# use `aws sso login` or a role; no keys in files' },
    },
    messages: {
      paired: 'AWS secret access key, paired with access key ID {{keyId}}',
      named: 'AWS secret access key assigned to an AWS secret name',
    },
  },
  check(context: RuleContext) {
    const { text } = context;
    const keyIds = [...text.matchAll(KEY_ID)].map((m) => ({ start: m.index, end: m.index + m[1].length, value: m[1] }));
    const severity = context.isTestFile ? lowerSeverity('critical') : 'critical';
    const reported = new Set<number>();
    // Candidates are only looked for where they could count: around a key id, and after an AWS secret name.
    const windows: [number, number][] = keyIds.map((id) => [Math.max(0, id.start - PAIR_WINDOW - 40), Math.min(text.length, id.end + PAIR_WINDOW + 40)]);
    for (const name of text.matchAll(SECRET_NAME_GLOBAL)) {
      const lineEnd = text.indexOf('\n', name.index);
      windows.push([name.index, Math.min(lineEnd < 0 ? text.length : lineEnd, name.index + 200)]);
    }
    for (const [from, to] of mergeWindows(windows)) {
      const slice = text.slice(from, to);
      for (const match of slice.matchAll(CANDIDATE)) {
        if (context.timedOut() || reported.size >= MAX_REPORTS_PER_FILE) return;
        const secret = match[1];
        const start = from + match.index;
        if (reported.has(start) || !looksLikeSecretKey(secret)) continue;
        const pair = nearest(keyIds, start);
        const lineStart = text.lastIndexOf('\n', start) + 1;
        const named = SECRET_NAME.test(text.slice(Math.max(lineStart, start - 120), start));
        if (!pair && !named) continue;
        reported.add(start);
        context.report({
          messageId: pair ? 'paired' : 'named',
          data: pair ? { keyId: `${pair.value.slice(0, 4)}…${pair.value.slice(-2)}` } : undefined,
          start,
          end: start + secret.length,
          secret,
          severity,
          related: pair ? [{ message: 'the access key ID of this pair', start: pair.start, end: pair.end }] : undefined,
        });
      }
    }
  },
};

/** Sorted, overlapping windows joined, so no stretch of text is scanned twice. */
function mergeWindows(windows: [number, number][]): [number, number][] {
  windows.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const [from, to] of windows) {
    const last = merged[merged.length - 1];
    if (last && from <= last[1]) last[1] = Math.max(last[1], to);
    else merged.push([from, to]);
  }
  return merged;
}

/**
 * Real secret keys are random base64: high entropy, mixed case and digits, not hex. (No path test: random
 * keys start with `/` or hold `//` often enough that one would miss real keys; the pairing is the context.)
 */
function looksLikeSecretKey(value: string): boolean {
  if (/^[0-9a-f]+$/i.test(value)) return false;
  if (!/[a-z]/.test(value) || !/[A-Z]/.test(value) || !/[0-9]/.test(value)) return false;
  if (shannonEntropy(value) < 4.2) return false;
  return !isPlaceholder(value);
}

/** The key id closest to `at`, within the pair window; ids are in text order, so a binary search finds it. */
function nearest<T extends { start: number; end: number }>(items: readonly T[], at: number): T | undefined {
  let low = 0;
  let high = items.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (items[mid].start < at) low = mid + 1;
    else high = mid;
  }
  const after = items[low];
  const before = items[low - 1];
  const afterDistance = after ? after.start - at : Infinity;
  const beforeDistance = before ? at - before.end : Infinity;
  const best = afterDistance <= beforeDistance ? after : before;
  return Math.min(afterDistance, beforeDistance) <= PAIR_WINDOW ? best : undefined;
}
