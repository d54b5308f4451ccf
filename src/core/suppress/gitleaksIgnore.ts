import type { Finding } from '../model/finding';

/**
 * `.gitleaksignore` support. Gitleaks fingerprints are `file:rule:line` (a directory scan) or
 * `commit:file:rule:line` (a git history scan). They are locations, not content hashes, so they are
 * matched against a finding's file, rule and start line.
 *
 * What maps: the file path (relative to the folder holding `.gitleaksignore`), the line, and the rule
 * when gitleaks' rule id has an Agent Guard equivalent (`secrets/<gitleaks-id>`, or an alias below).
 * What cannot map: a gitleaks rule with no equivalent here (the entry is kept but matches nothing),
 * and the commit of a history fingerprint (Agent Guard scans working files, not history; the entry is
 * honoured while the finding still sits on the same line of the same file).
 */
export const GITLEAKS_IGNORE_FILE_NAME = '.gitleaksignore';

/** One parsed line of `.gitleaksignore`. */
export interface GitleaksIgnoreEntry {
  commit?: string;
  /** Forward slashes, no leading `./`. */
  file: string;
  /** The gitleaks rule id as written, e.g. `aws-access-token`. */
  gitleaksRuleId: string;
  line: number;
}

/** A line that could not be read, with the 1-based line number in `.gitleaksignore`. */
export interface GitleaksIgnoreProblem {
  lineNumber: number;
  message: string;
}

/**
 * Gitleaks rule ids whose Agent Guard rule has a different name. Ids not listed map to
 * `secrets/<id>` when such a rule exists.
 */
export const GITLEAKS_RULE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  'private-key': ['secrets/private-key'],
  'aws-access-token': ['secrets/aws-access-key'],
  'github-pat': ['secrets/github-token'],
  'github-fine-grained-pat': ['secrets/github-token'],
  'github-oauth': ['secrets/github-token'],
  'github-app-token': ['secrets/github-token'],
  'gcp-api-key': ['secrets/google-api-key'],
  'slack-bot-token': ['secrets/slack-token'],
  'slack-user-token': ['secrets/slack-token'],
  'stripe-access-token': ['secrets/stripe-key'],
  'openai-api-key': ['secrets/openai-api-key'],
  'anthropic-api-key': ['secrets/anthropic-api-key'],
  'generic-api-key': ['secrets/generic-api-key', 'secrets/generic-secret'],
  jwt: ['secrets/jwt'],
};

const COMMIT = /^[0-9a-f]{7,64}$/i;

/** Parses `.gitleaksignore`. Blank lines and `#` comments are skipped; malformed lines are reported, not thrown. */
export function parseGitleaksIgnore(text: string): { entries: GitleaksIgnoreEntry[]; problems: GitleaksIgnoreProblem[] } {
  const entries: GitleaksIgnoreEntry[] = [];
  const problems: GitleaksIgnoreProblem[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const entry = parseFingerprint(line);
    if (entry) entries.push(entry);
    else problems.push({ lineNumber: index + 1, message: `line ${index + 1}: expected file:rule:line or commit:file:rule:line` });
  });
  return { entries, problems };
}

function parseFingerprint(line: string): GitleaksIgnoreEntry | undefined {
  // The file may itself contain colons, so the rule and line are taken from the end.
  const lastColon = line.lastIndexOf(':');
  if (lastColon < 0) return undefined;
  const lineNumber = Number(line.slice(lastColon + 1));
  if (!Number.isInteger(lineNumber) || lineNumber < 1) return undefined;
  const head = line.slice(0, lastColon);
  const ruleColon = head.lastIndexOf(':');
  if (ruleColon < 0) return undefined;
  const gitleaksRuleId = head.slice(ruleColon + 1);
  let file = head.slice(0, ruleColon);
  if (!/^[\w.-]+$/.test(gitleaksRuleId) || !file) return undefined;
  let commit: string | undefined;
  const firstColon = file.indexOf(':');
  if (firstColon > 0 && COMMIT.test(file.slice(0, firstColon))) {
    commit = file.slice(0, firstColon);
    file = file.slice(firstColon + 1);
  }
  file = file.replace(/\\/g, '/').replace(/^\.\//, '');
  return file ? { commit, file, gitleaksRuleId, line: lineNumber } : undefined;
}

/** The Agent Guard rule ids a gitleaks rule id stands for. */
export function mapGitleaksRule(gitleaksRuleId: string): readonly string[] {
  const id = gitleaksRuleId.toLowerCase();
  return GITLEAKS_RULE_ALIASES[id] ?? [`secrets/${id}`];
}

/** A matcher built once per `.gitleaksignore`, answering in constant time per finding. */
export class GitleaksIgnore {
  private readonly keys = new Set<string>();

  constructor(readonly entries: readonly GitleaksIgnoreEntry[]) {
    for (const entry of entries) {
      for (const ruleId of mapGitleaksRule(entry.gitleaksRuleId)) this.keys.add(key(entry.file, ruleId, entry.line));
    }
  }

  static parse(text: string): GitleaksIgnore {
    return new GitleaksIgnore(parseGitleaksIgnore(text).entries);
  }

  /**
   * True when an entry names this finding. Only secrets map: gitleaks finds nothing else.
   * `pathPrefix` is the finding's folder relative to the `.gitleaksignore` folder, when they differ.
   */
  ignores(finding: Pick<Finding, 'file' | 'ruleId' | 'category' | 'range'>, pathPrefix = ''): boolean {
    if (finding.category !== 'secret' || this.keys.size === 0) return false;
    const file = pathPrefix ? `${pathPrefix.replace(/\/$/, '')}/${finding.file}` : finding.file;
    return this.keys.has(key(file, finding.ruleId, finding.range.startLine));
  }

  /** The findings no entry names, and how many were left out. */
  filter<F extends Pick<Finding, 'file' | 'ruleId' | 'category' | 'range'>>(findings: readonly F[], pathPrefix = ''): { kept: F[]; suppressed: number } {
    const kept = findings.filter((f) => !this.ignores(f, pathPrefix));
    return { kept, suppressed: findings.length - kept.length };
  }
}

function key(file: string, ruleId: string, line: number): string {
  return `${file}\0${ruleId}\0${line}`;
}
