import { createHash } from 'node:crypto';
import { maskSecret } from '../model/mask';
import type { Rule } from '../rules/types';
import { allRules } from '../rules/index';
import { scanText } from '../scan/engine';

/** Keys whose string (or string-array) values are file content: stored as a hash and a length, never as text. */
export const CONTENT_KEYS: readonly string[] = ['content', 'text', 'base64', 'bytes', 'oldText', 'newText', 'lines', 'contentBase64'];

/** Keys that hold hashes the gate computed (sha256, prevHash, fingerprint…). */
const HASH_KEY = /(?:sha256|hash|fingerprint)$/i;

/** How much text the secret scan of one audit string looks at; longer strings are hashed whole. */
const MAX_SCANNED_STRING = 64 * 1024;

function digest(value: string): { sha256: string; length: number } {
  return { sha256: createHash('sha256').update(value).digest('hex'), length: value.length };
}

/**
 * Makes audit data safe to keep: file contents become `{ sha256, length }`, and every other string is
 * scanned with the engine's secret rules, each secret masked in place. Findings from the engine are
 * masked already; this also catches a key pasted into a comment or a reason.
 */
export async function maskAuditData<T>(data: T, rules: readonly Rule[] = allRules): Promise<T> {
  const secretRules = rules.filter((r) => r.meta.category === 'secret');
  const visit = async (value: unknown, key: string | undefined): Promise<unknown> => {
    if (key && CONTENT_KEYS.includes(key)) {
      if (typeof value === 'string') return digest(value);
      if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return digest(value.join('\n'));
    }
    // Our own hashes and fingerprints are not secrets; scanning them would only invite false positives.
    if (typeof value === 'string' && key && HASH_KEY.test(key) && /^[0-9a-f]{16,64}$/.test(value)) return value;
    if (typeof value === 'string') return maskSecretsInString(value, secretRules);
    if (Array.isArray(value)) return Promise.all(value.map((v) => visit(v, undefined)));
    if (value && typeof value === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = await visit(v, k);
      return out;
    }
    return value;
  };
  return (await visit(data, undefined)) as T;
}

/** Masks every secret the rules find in one string; strings too long to scan are replaced by their hash. */
export async function maskSecretsInString(value: string, secretRules: readonly Rule[]): Promise<string> {
  if (value.length < 8 || secretRules.length === 0) return value;
  if (value.length > MAX_SCANNED_STRING) return `[${value.length} characters, sha256 ${digest(value).sha256}]`;
  const result = await scanText('audit-entry.txt', value, { rules: secretRules, ignoreInlineSuppressions: true });
  if (result.findings.length === 0) return value;
  const lineStarts = [0];
  for (let i = 0; i < value.length; i++) if (value[i] === '\n') lineStarts.push(i + 1);
  const offset = (line: number, column: number) => lineStarts[line - 1] + column - 1;
  // Right to left, so earlier offsets stay valid.
  const spans = result.findings
    .map((f) => [offset(f.range.startLine, f.range.startColumn), offset(f.range.endLine, f.range.endColumn)] as const)
    .sort((a, b) => b[0] - a[0]);
  let masked = value;
  for (const [start, end] of spans) masked = masked.slice(0, start) + maskSecret(masked.slice(start, end)) + masked.slice(end);
  return masked;
}
