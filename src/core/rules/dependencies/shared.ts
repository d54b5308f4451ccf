import type { DependencyAnalysis } from '../../deps/analysis';
import { dependencyAnalysis } from '../../deps/analysis';
import { manifestKindOf } from '../../deps/manifest';
import { displayName } from '../../deps/names';
import { popularSet } from '../../deps/popular';
import type { TyposquatMatch } from '../../deps/typosquat';
import { TyposquatIndex } from '../../deps/typosquat';
import type { DeclaredDependency, Ecosystem } from '../../deps/types';
import type { RuleContext } from '../types';

export { dependencyAnalysis };
export type { DependencyAnalysis };

/** True for files the dependency rules read. */
export function isManifestPath(path: string): boolean {
  return manifestKindOf(path) !== undefined;
}

const indexes = new Map<Ecosystem, TyposquatIndex>();

/** The typosquat index of an ecosystem, built on first use (a few hundred ms for npm) and kept. */
export function typosquatIndex(ecosystem: Ecosystem): TyposquatIndex {
  let index = indexes.get(ecosystem);
  if (!index) {
    index = new TyposquatIndex(popularSet(ecosystem));
    indexes.set(ecosystem, index);
  }
  return index;
}

/** The name actually fetched from the registry: an npm alias fetches its target. */
export function registryName(dep: DeclaredDependency): string | undefined {
  if (dep.source === 'alias') return dep.aliasOf;
  return dep.source === 'registry' ? dep.name : undefined;
}

/** The typosquat verdict of a dependency, shared so the unknown-package rule can defer to it. */
export function squatOf(context: RuleContext, dep: DeclaredDependency): TyposquatMatch | undefined {
  const name = registryName(dep);
  if (!name) return undefined;
  return context.shared(`dependencies:squat:${dep.ecosystem}:${name}`, () => typosquatIndex(dep.ecosystem).lookup(name));
}

/** Printable name for messages. */
export function show(name: string): string {
  return displayName(name);
}

/** Printable spec for messages: empty shows as "any version". */
export function showSpec(spec: string): string {
  return spec ? displayName(spec) : 'any version';
}

/** Registry hosts every project may use without saying so. */
export const DEFAULT_REGISTRY_HOSTS: Readonly<Record<Ecosystem, readonly string[]>> = {
  npm: ['registry.npmjs.org', 'registry.yarnpkg.com', 'registry.npmjs.com'],
  pypi: ['pypi.org', 'files.pythonhosted.org', 'pypi.python.org'],
  cargo: ['crates.io', 'index.crates.io', 'static.crates.io'],
  go: ['proxy.golang.org', 'sum.golang.org'],
  rubygems: ['rubygems.org', 'index.rubygems.org'],
  packagist: ['packagist.org', 'repo.packagist.org'],
  maven: ['repo.maven.apache.org', 'repo1.maven.org', 'central.sonatype.com', 'plugins.gradle.org'],
  nuget: ['api.nuget.org', 'www.nuget.org'],
};

/** The host of a URL, lower case, or undefined when it is not an absolute URL. */
export function hostOf(url: string): string | undefined {
  try {
    return new URL(url).hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/**
 * The hosts a lockfile's `resolved` URLs may use: the defaults, hosts the old lockfile already used (the
 * project's own registry), and, in scan mode, a host most entries use.
 */
export function allowedLockHosts(analysis: DependencyAnalysis): Set<string> {
  const hosts = new Set(DEFAULT_REGISTRY_HOSTS[analysis.manifest.ecosystem]);
  const source = analysis.mode === 'diff' ? analysis.before?.dependencies ?? [] : analysis.manifest.dependencies;
  const counts = new Map<string, number>();
  for (const dep of source) {
    const host = dep.resolved ? hostOf(dep.resolved) : undefined;
    if (host) counts.set(host, (counts.get(host) ?? 0) + 1);
  }
  for (const [host, count] of counts) {
    if (analysis.mode === 'diff' || count * 2 > source.length) hosts.add(host);
  }
  return hosts;
}
