/** The kinds of problem Agent Guard reports. */
export const CATEGORIES = ['secret', 'injection', 'dependency', 'sensitive-file', 'hidden-text', 'insecure-config'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Severities, most severe first. */
export const SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Overall risk of a hunk, file or change set: a severity, or none when nothing was found. */
export type Risk = Severity | 'none';
export const RISKS: readonly Risk[] = ['critical', 'high', 'medium', 'low', 'none'];

/** How sure a rule is that the finding is real. */
export type Confidence = 'high' | 'medium' | 'low';

/** A span in a file. Lines and columns are 1-based; columns count UTF-16 code units; the end column is exclusive. */
export interface TextRange {
  startLine: number;
  startColumn: number;
  endLine: number;
  endColumn: number;
}

/** A secondary location, e.g. where tainted data came from. */
export interface RelatedLocation {
  message: string;
  range: TextRange;
}

/** A mechanical fix: replace the text of `range` with `text`. */
export interface TextFix {
  title: string;
  edits: { range: TextRange; text: string }[];
}

/** One problem found in one file. */
export interface Finding {
  ruleId: string;
  category: Category;
  severity: Severity;
  confidence: Confidence;
  /** One line: what is wrong here. */
  message: string;
  /** Why it matters. */
  explanation: string;
  /** How to fix it. */
  remediation: string;
  /** CWE numbers, e.g. [89]. */
  cwe: number[];
  /** Path relative to the scanned root, forward slashes. */
  file: string;
  range: TextRange;
  /** What was matched, with any secret masked. Never a whole secret. */
  evidence: string;
  /** Stable across line shifts; a hash, never the value. Used by baselines. */
  fingerprint: string;
  related?: RelatedLocation[];
  fix?: TextFix;
}

export function isCategory(value: string): value is Category {
  return (CATEGORIES as readonly string[]).includes(value);
}

export function isSeverity(value: string): value is Severity {
  return (SEVERITIES as readonly string[]).includes(value);
}

/** Higher is more severe: critical 4 … low 1, none 0. */
export function riskRank(risk: Risk): number {
  switch (risk) {
    case 'critical': return 4;
    case 'high': return 3;
    case 'medium': return 2;
    case 'low': return 1;
    case 'none': return 0;
  }
}

/** The most severe of the given risks; none for an empty list. */
export function maxRisk(risks: Iterable<Risk>): Risk {
  let highest: Risk = 'none';
  for (const risk of risks) {
    if (riskRank(risk) > riskRank(highest)) highest = risk;
  }
  return highest;
}

/** True when `severity` is at or above `threshold`. A threshold of none is never met. */
export function meetsThreshold(severity: Risk, threshold: Risk): boolean {
  return threshold !== 'none' && riskRank(severity) >= riskRank(threshold);
}

/** Sort order of reports: file, then position, then rule. */
export function compareFindings(a: Finding, b: Finding): number {
  return (
    (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) ||
    a.range.startLine - b.range.startLine ||
    a.range.startColumn - b.range.startColumn ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0)
  );
}
