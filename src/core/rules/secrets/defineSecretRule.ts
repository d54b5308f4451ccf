import type { Confidence, Severity } from '../../model/finding';
import type { LanguageId } from '../../scan/language';
import type { Rule, RuleContext } from '../types';
import type { Fake } from './fake';
import { createFake } from './fake';
import { isPlaceholder, shannonEntropy } from './placeholder';

/** Strings a rule must report, and strings it must not. */
export interface SecretSamples {
  truePositives: readonly string[];
  falsePositives: readonly string[];
}

/**
 * A secret rule as data, in the style of gitleaks: a regex with the secret in a capture group,
 * keywords for the prefilter, an optional entropy floor, allowlists, and the rule's own samples.
 */
export interface SecretRuleSpec {
  /** `secrets/<kebab-case>`. */
  id: string;
  /** What the credential is, e.g. "GitHub personal access token". */
  title: string;
  /** Must be global (`g`). Keep it linear: no nested quantifiers; bound every repetition. */
  regex: RegExp;
  /** Capture group holding the secret; 0 means the whole match. Default 1. */
  secretGroup?: number;
  /** Lower-case; the rule runs only on files containing one of them. */
  keywords: readonly string[];
  /** Minimum Shannon entropy (bits per character) of the secret. */
  entropy?: number;
  allowlist?: {
    /** A secret matching one of these is not reported. */
    regexes?: readonly RegExp[];
    /** A secret containing one of these (lower-case) is not reported. */
    stopwords?: readonly string[];
    /** Files whose path matches are not scanned by this rule. */
    paths?: readonly RegExp[];
    /** A whole match (name, operator and value) matching one of these is not reported, e.g. `heroku_app_id =`. */
    matches?: readonly RegExp[];
  };
  /** Set false for formats whose shape alone proves the value (e.g. a PEM block); default true. */
  placeholderFilter?: boolean;
  severity?: Severity;
  confidence?: Confidence;
  languages?: readonly LanguageId[];
  /** Why a leak of this credential hurts, beyond the generic text. */
  why?: string;
  /** How to revoke, rotate and remove it. */
  fix: string;
  /** Strings the rule must report, and strings it must not. Checked by a test. */
  samples: SecretSamples;
}

/**
 * What a rule module writes: the spec, with samples optionally built from a seeded fake generator
 * (`(fake) => ({ truePositives: [`ghp_${fake.alnum(36)}`], ... })`), so no key-shaped literal is committed.
 */
export type SecretRuleDefinition = Omit<SecretRuleSpec, 'samples'> & {
  samples: SecretSamples | ((fake: Fake) => SecretSamples);
};

/** A compiled data rule; `spec` keeps the definition, with samples built on first read. */
export type SecretRule = Rule & { spec: SecretRuleSpec };

const GENERIC_WHY =
  'A credential in source code is readable by everyone who can read the repository, its forks, its CI logs and every clone, and it stays in git history after it is deleted.';

/**
 * At most this many findings per rule and file. A file with more is a dump of credentials: it is flagged
 * either way, and the engine's per-finding redaction (every secret of the file from every string) would
 * otherwise grow with the square of the count on hostile input.
 */
export const MAX_REPORTS_PER_FILE = 200;

/** One level lower, for real-looking keys in tests and fixtures. */
export function lowerSeverity(severity: Severity): Severity {
  switch (severity) {
    case 'critical': return 'high';
    case 'high': return 'medium';
    default: return 'low';
  }
}

/** Compiles a spec into a rule. The samples travel with it so the rule test can check them. */
export function defineSecretRule(definition: SecretRuleDefinition): SecretRule {
  if (!definition.regex.global) throw new Error(`${definition.id}: regex must have the g flag`);
  const spec = withLazySamples(definition);
  const secretGroup = spec.secretGroup ?? 1;
  const severity = spec.severity ?? 'high';
  const stopwords = spec.allowlist?.stopwords?.map((w) => w.toLowerCase());
  // `d` gives the secret group's own offsets, so a lookbehind may hold the secret and the literal part of
  // a pattern can come first (a literal-first regex is found by a fast string search, ~10x faster).
  const regex = new RegExp(spec.regex.source, spec.regex.flags.includes('d') ? spec.regex.flags : `${spec.regex.flags}d`);
  return {
    spec,
    meta: {
      id: spec.id,
      category: 'secret',
      severity,
      confidence: spec.confidence ?? 'high',
      cwe: [798],
      keywords: spec.keywords,
      languages: spec.languages,
      docs: {
        summary: `${spec.title} in source`,
        why: spec.why ? `${spec.why} ${GENERIC_WHY}` : GENERIC_WHY,
        fix: spec.fix,
      },
      messages: { found: `${spec.title} hard-coded here`, foundInTest: `${spec.title} in a test file` },
    },
    patterns: [spec.regex],
    appliesToPath: spec.allowlist?.paths ? (path) => !spec.allowlist!.paths!.some((p) => p.test(path)) : undefined,
    check(context: RuleContext) {
      // One compiled regex per rule, reset per file: check() is synchronous, so no other file can interleave.
      regex.lastIndex = 0;
      let reports = 0;
      for (let match = regex.exec(context.text); match && reports < MAX_REPORTS_PER_FILE; match = regex.exec(context.text)) {
        if (match[0].length === 0) regex.lastIndex++;
        const secret = match[secretGroup];
        if (!secret) continue;
        if (spec.entropy !== undefined && shannonEntropy(secret) < spec.entropy) continue;
        if (spec.placeholderFilter !== false && isPlaceholder(secret)) continue;
        if (spec.allowlist?.regexes?.some((allowed) => allowed.test(secret))) continue;
        if (stopwords?.some((word) => secret.toLowerCase().includes(word))) continue;
        if (spec.allowlist?.matches?.some((allowed) => allowed.test(match[0]))) continue;
        const start = match.indices?.[secretGroup]?.[0] ?? match.index;
        context.report({
          messageId: context.isTestFile ? 'foundInTest' : 'found',
          start,
          end: start + secret.length,
          secret,
          severity: context.isTestFile ? lowerSeverity(severity) : severity,
        });
        reports++;
        if (context.timedOut()) return;
      }
    },
  };
}

function withLazySamples(definition: SecretRuleDefinition): SecretRuleSpec {
  const { samples, ...rest } = definition;
  if (typeof samples !== 'function') return { ...rest, samples };
  let built: SecretSamples | undefined;
  return Object.defineProperty({ ...rest } as SecretRuleSpec, 'samples', {
    enumerable: true,
    get: () => (built ??= samples(createFake(definition.id))),
  });
}
