import type { Finding } from '../model/finding';

/** The file format of `.agent-guard-baseline.json`: fingerprints only, never values. */
export interface BaselineFile {
  version: 1;
  createdAt: string;
  findings: { fingerprint: string; ruleId: string; file: string }[];
}

export const BASELINE_FILE_NAME = '.agent-guard-baseline.json';

export function createBaseline(findings: readonly Finding[], now = new Date()): BaselineFile {
  const seen = new Set<string>();
  const entries: BaselineFile['findings'] = [];
  for (const finding of findings) {
    if (seen.has(finding.fingerprint)) continue;
    seen.add(finding.fingerprint);
    entries.push({ fingerprint: finding.fingerprint, ruleId: finding.ruleId, file: finding.file });
  }
  entries.sort((a, b) => (a.file + a.fingerprint < b.file + b.fingerprint ? -1 : 1));
  return { version: 1, createdAt: now.toISOString(), findings: entries };
}

/** Parses a baseline, throwing an Error that says what is wrong with it. */
export function parseBaseline(text: string, source: string): Set<string> {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${source}: not valid JSON (${(error as Error).message})`);
  }
  const findings = (data as Partial<BaselineFile> | null)?.findings;
  if (!Array.isArray(findings)) throw new Error(`${source}: expected {"version": 1, "findings": [...]}`);
  const fingerprints = new Set<string>();
  findings.forEach((entry, index) => {
    const fingerprint = (entry as { fingerprint?: unknown })?.fingerprint;
    if (typeof fingerprint !== 'string') throw new Error(`${source}: findings[${index}].fingerprint must be a string`);
    fingerprints.add(fingerprint);
  });
  return fingerprints;
}
