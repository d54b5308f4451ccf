import type { RuleContext } from '../rules/types';
import { manifestKindOf, parseManifest } from './manifest';
import { canonicalName, displayName, malformedName } from './names';
import type { DeclaredDependency, InstallHook, ManifestKind, ManifestProblem, ParsedManifest, RegistrySetting } from './types';

/** Manifests larger than this are not parsed; the rule that would read them reports why. */
export const MAX_MANIFEST_BYTES = 8 * 1024 * 1024;

/** A dependency whose spec or section changed. */
export interface ChangedDependency {
  before: DeclaredDependency;
  after: DeclaredDependency;
}

/**
 * What one manifest change introduces, computed once per file and shared by the dependency rules.
 * In scan mode (no change context) every entry counts as present, and `added` is empty.
 */
export interface DependencyAnalysis {
  mode: 'scan' | 'diff';
  kind: ManifestKind;
  /** The manifest after the change (or as it is, in scan mode). */
  manifest: ParsedManifest;
  before?: ParsedManifest;
  /** Diff mode: names that no section of the old manifest had. */
  added: DeclaredDependency[];
  /** Diff mode: names whose spec or section changed. */
  changed: ChangedDependency[];
  /** Diff mode: names the new manifest no longer has (no line in the new text; for the review gate). */
  removed: DeclaredDependency[];
  /** Entries to check for sources, typosquats and pins: added and changed ones in diff mode, all in scan mode. */
  subject: DeclaredDependency[];
  /** Hooks that are new or whose command changed (diff), or all hooks (scan). */
  hooks: InstallHook[];
  /** Registry settings that are new or changed (diff), or all (scan). */
  registries: RegistrySetting[];
  /** Problems the change introduces (diff), or all (scan). */
  problems: ManifestProblem[];
  /** True when the old manifest named this package anywhere (canonical name). */
  knewBefore(name: string): boolean;
}

/** Compares two versions of a manifest. `before` undefined means the file is new (diff) or scan mode. */
export function analyzeManifest(kind: ManifestKind, afterText: string, beforeText: string | undefined, mode: 'scan' | 'diff'): DependencyAnalysis {
  const manifest = sanitize(parseManifest(kind, afterText));
  const before = beforeText === undefined ? undefined : sanitize(parseManifest(kind, beforeText));
  const ecosystem = manifest.ecosystem;
  const key = (d: DeclaredDependency) => canonicalName(ecosystem, d.name);
  const beforeByName = new Map<string, DeclaredDependency[]>();
  for (const dep of before?.dependencies ?? []) {
    const list = beforeByName.get(key(dep));
    if (list) list.push(dep);
    else beforeByName.set(key(dep), [dep]);
  }

  const added: DeclaredDependency[] = [];
  const changed: ChangedDependency[] = [];
  const subject: DeclaredDependency[] = [];
  if (mode === 'scan') {
    subject.push(...manifest.dependencies);
  } else {
    for (const dep of manifest.dependencies) {
      const previous = beforeByName.get(key(dep));
      if (!previous) {
        added.push(dep);
        subject.push(dep);
        continue;
      }
      if (manifest.lockfile) {
        // Lockfiles list one name at many versions: an entry is new when its version or source is.
        const same = previous.some((p) => p.spec === dep.spec && p.resolved === dep.resolved && p.integrity === dep.integrity);
        if (!same) {
          changed.push({ before: previous[0], after: dep });
          subject.push(dep);
        }
        continue;
      }
      const sameSection = previous.find((p) => p.section === dep.section) ?? previous[0];
      if (sameSection.spec !== dep.spec || sameSection.section !== dep.section) {
        changed.push({ before: sameSection, after: dep });
        subject.push(dep);
      }
    }
  }
  const afterNames = new Set(manifest.dependencies.map(key));
  const removed = mode === 'diff' ? (before?.dependencies ?? []).filter((d) => !afterNames.has(key(d))) : [];

  const beforeHooks = new Map((before?.hooks ?? []).map((h) => [h.name, h.command]));
  const hooks = mode === 'scan' ? manifest.hooks : manifest.hooks.filter((h) => beforeHooks.get(h.name) !== h.command);
  const beforeRegistries = new Set((before?.registries ?? []).map((r) => `${r.key}\0${r.url}`));
  const registries = mode === 'scan' ? manifest.registries : manifest.registries.filter((r) => !beforeRegistries.has(`${r.key}\0${r.url}`));
  const beforeProblems = new Set((before?.problems ?? []).map((p) => p.message));
  const problems = mode === 'scan' ? manifest.problems : manifest.problems.filter((p) => !beforeProblems.has(p.message));

  return {
    mode, kind, manifest, before, added, changed, removed, subject, hooks, registries, problems,
    knewBefore: (name) => beforeByName.has(canonicalName(ecosystem, name)),
  };
}

/** Entries with names no registry would accept (control characters, path tricks, 10,000 characters) become problems. */
function sanitize(manifest: ParsedManifest): ParsedManifest {
  const kept: DeclaredDependency[] = [];
  for (const dep of manifest.dependencies) {
    const reason = dep.source === 'registry' || dep.source === 'alias' ? malformedName(dep.name) : dep.name.length > 2000 ? 'name too long' : undefined;
    if (reason) manifest.problems.push({ message: `dependency name '${displayName(dep.name)}' is not a valid package name (${reason})`, span: dep.span });
    else kept.push(dep);
  }
  manifest.dependencies = kept;
  return manifest;
}

/** The analysis of the file a rule is looking at, parsed once per file; undefined for files that are not manifests. */
export function dependencyAnalysis(context: RuleContext): DependencyAnalysis | undefined {
  return context.shared('dependencies:analysis', () => {
    const kind = manifestKindOf(context.path);
    if (!kind || context.change?.status === 'deleted') return undefined;
    if (context.text.length > MAX_MANIFEST_BYTES) return undefined;
    const mode = context.change ? 'diff' : 'scan';
    return analyzeManifest(kind, context.text, context.change?.beforeText, mode);
  });
}

/** Lockfile kinds, for the lockfile-removal rule. */
export const LOCKFILE_KINDS: readonly ManifestKind[] = ['package-lock.json', 'yarn.lock', 'pnpm-lock.yaml'];
export const LOCKFILE_NAMES: readonly string[] = ['package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'poetry.lock', 'Pipfile.lock', 'uv.lock', 'pdm.lock', 'Cargo.lock', 'go.sum', 'Gemfile.lock', 'composer.lock', 'packages.lock.json', 'gradle.lockfile', 'bun.lockb', 'bun.lock'];
