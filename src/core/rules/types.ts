import type { AdvisorySource } from '../deps/advisories/types';
import type { PackageRegistry } from '../deps/online';
import type { Category, Confidence, Severity, TextRange } from '../model/finding';
import type { LanguageId } from '../scan/language';
import type { LineIndex } from '../scan/lineIndex';

/** A rule's documentation: shown in hovers, the review panel, SARIF help and `agent-guard rules`. */
export interface RuleDocs {
  /** One line: what the rule finds. */
  summary: string;
  /** Why it matters: the attack or the damage, in a sentence or two. */
  why: string;
  /** How to fix it (for secrets: how to rotate and remove). */
  fix: string;
  /** Before and after, in the rule's main language. */
  example?: { bad: string; good: string };
}

/** What every rule declares about itself, ESLint style. */
export interface RuleMeta {
  /** Kebab-case, prefixed by family: `secrets/private-key`, `injection/sql-string-building`. */
  id: string;
  category: Category;
  /** Default severity; a report may raise or lower it. */
  severity: Severity;
  confidence: Confidence;
  cwe: readonly number[];
  docs: RuleDocs;
  /** Message templates by id; `{{name}}` is filled from the report's data. */
  messages: Readonly<Record<string, string>>;
  /** Languages the rule reads; absent means every text file. */
  languages?: readonly LanguageId[];
  /**
   * Lower-case words of which at least one must appear in the file for the rule to run.
   * This prefilter is why rules whose keywords are absent cost nothing.
   */
  keywords?: readonly string[];
  /**
   * A change-aware rule compares with `context.change.before` itself and reports only what the change
   * introduces (e.g. a dependency newly added). Other rules' findings are kept in diff mode only when
   * they touch an added line.
   */
  changeAware?: boolean;
}

/** One finding as a rule reports it; the engine fills in docs, fingerprint and masking. */
export interface ReportDescriptor {
  messageId: string;
  data?: Readonly<Record<string, string | number>>;
  /** Offsets into the file text: start inclusive, end exclusive. */
  start: number;
  end: number;
  /**
   * The raw secret, when the finding is a credential. It is masked in evidence, redacted from every
   * other string of every finding in the file, and only ever hashed into the fingerprint.
   */
  secret?: string;
  /** What to show as evidence; the matched text by default. Secrets are redacted from it. */
  evidence?: string;
  severity?: Severity;
  confidence?: Confidence;
  /** Replaces the docs' `why` for this finding when the context says more. */
  explanation?: string;
  /** Replaces the docs' `fix` for this finding. */
  remediation?: string;
  related?: readonly { message: string; start: number; end: number }[];
  fix?: { title: string; edits: readonly { start: number; end: number; text: string }[] };
}

/** The file as it was before the change, in diff mode. */
export interface ChangeContext {
  status: 'added' | 'modified' | 'deleted' | 'renamed';
  beforePath?: string;
  beforeText?: string;
  /** 1-based lines of the new text that the change added or changed. */
  addedLines: ReadonlySet<number>;
}

/**
 * Read access to the rest of the project, for rules that need another file than the one they check
 * (e.g. the nearest package.json for an import). Paths are relative to the scanned root, forward slashes.
 */
export interface ProjectFiles {
  /** The file as it is now; undefined when it is absent, unreadable, too large or outside the root. */
  readText(path: string): Promise<string | undefined>;
  /** In diff mode: the file as it was before the change. */
  readBeforeText?(path: string): Promise<string | undefined>;
  /** Names of the folders directly inside a folder ('' is the root); empty when it can't be read. */
  listFolders?(path: string): Promise<string[]>;
}

/** What a rule sees of the file it checks. */
export interface RuleContext {
  /** Path relative to the scanned root, forward slashes. */
  readonly path: string;
  readonly text: string;
  readonly language: LanguageId;
  readonly lines: LineIndex;
  /** True for test, spec and fixture files, where real-looking keys are reported at lower severity. */
  readonly isTestFile: boolean;
  /** Present in diff mode. */
  readonly change?: ChangeContext;
  /** Other files of the project; absent when the caller has none to give (e.g. a single open document). */
  readonly project?: ProjectFiles;
  /** The package registry, only when the user turned the online check on. */
  readonly registry?: PackageRegistry;
  /** Local OSV advisory data, when the caller offers the known-vulnerability check (on or off: it says which). */
  readonly advisories?: AdvisorySource;
  /**
   * The keywords (of any rule) that the prefilter found in this file, lower-case. A rule with many
   * alternative names can build its pattern from the ones present instead of scanning for all of them.
   */
  readonly keywords?: ReadonlySet<string>;
  report(descriptor: ReportDescriptor): void;
  /** True once the file's time budget is spent; long rules check it and stop early. */
  timedOut(): boolean;
  /** A per-file cache, so rules of one family parse a file once. */
  shared<T>(key: string, compute: () => T): T;
}

/** A rule: metadata plus one function that checks a file. */
export interface Rule {
  meta: RuleMeta;
  /** Optional path filter, cheaper than reading the text. */
  appliesToPath?(path: string): boolean;
  /** Every regex the rule runs over file text, so the ReDoS test can check each one. */
  patterns?: readonly RegExp[];
  /**
   * One-time setup on first use, e.g. loading a parser. The engine awaits it before a file's time budget
   * starts; the rule makes repeated calls cheap. Never called at registry import or extension activation.
   */
  prepare?(): void | Promise<void>;
  check(context: RuleContext): void | Promise<void>;
}

export type { TextRange };
