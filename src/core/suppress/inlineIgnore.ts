import type { Category } from '../model/finding';
import type { LineIndex } from '../scan/lineIndex';

/**
 * Inline suppressions on the finding's line or the line before it:
 * `agent-guard-ignore`, `agent-guard-ignore: rule-id -- reason`, and the markers users already have:
 * `gitleaks:allow` and `pragma: allowlist secret` (secrets only) and `nosec` (any rule).
 */
const MARKER = 'agent-guard-ignore';

export interface InlineSuppression {
  /** Rule ids named by the comment; empty means every rule. */
  ruleIds: string[];
  secretsOnly: boolean;
}

export function parseSuppression(lineText: string): InlineSuppression | undefined {
  if (lineText.length > 4000) return undefined;
  const markerAt = lineText.indexOf(MARKER);
  if (markerAt >= 0) return { ruleIds: ruleIdsAfterMarker(lineText.slice(markerAt + MARKER.length)), secretsOnly: false };
  if (lineText.includes('gitleaks:allow') || /pragma:\s?allowlist secret/.test(lineText)) {
    return { ruleIds: [], secretsOnly: true };
  }
  if (/(?:^|[^\w])nosec(?:[^\w]|$)/.test(lineText)) return { ruleIds: [], secretsOnly: false };
  return undefined;
}

/** True when a comment on `line` or the line before suppresses `ruleId`. */
export function isSuppressedInline(lines: LineIndex, line: number, ruleId: string, category: Category): boolean {
  for (const candidate of [line, line - 1]) {
    if (candidate < 1 || candidate > lines.lineCount) continue;
    const suppression = parseSuppression(lines.lineText(candidate));
    if (!suppression) continue;
    if (suppression.secretsOnly && category !== 'secret') continue;
    if (suppression.ruleIds.length === 0 || suppression.ruleIds.some((id) => ruleMatches(id, ruleId))) return true;
  }
  return false;
}

/** `secrets/aws-access-key` matches itself, `secrets` (its family) and `secrets/*`. */
function ruleMatches(pattern: string, ruleId: string): boolean {
  if (pattern === ruleId) return true;
  const family = pattern.replace(/\/\*?$/, '');
  return ruleId.startsWith(`${family}/`);
}

// `: rule-a, rule-b -- reason` gives [rule-a, rule-b]; no colon means every rule.
function ruleIdsAfterMarker(rest: string): string[] {
  if (!rest.startsWith(':')) return [];
  let ids = rest.slice(1);
  for (const terminator of [' --', '*/', '-->', '#}', '%>']) {
    const at = ids.indexOf(terminator);
    if (at >= 0) ids = ids.slice(0, at);
  }
  return ids.split(/[\s,]+/).filter((id) => /^[\w./@*-]+$/.test(id));
}
