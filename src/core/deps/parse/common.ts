import type { DeclaredDependency, Ecosystem, ManifestKind, ParsedManifest, Span } from '../types';

/** An empty result to fill in. */
export function emptyManifest(kind: ManifestKind, ecosystem: Ecosystem, lockfile = false): ParsedManifest {
  return { kind, ecosystem, lockfile, dependencies: [], hooks: [], registries: [], problems: [] };
}

/** Records a dependency; an entry without a usable name becomes a problem instead. */
export function addDependency(manifest: ParsedManifest, dep: Omit<DeclaredDependency, 'ecosystem'> & { ecosystem?: Ecosystem }): void {
  if (manifest.dependencies.length >= MAX_ENTRIES) {
    if (manifest.dependencies.length === MAX_ENTRIES) manifest.problems.push({ message: `more than ${MAX_ENTRIES} entries; the rest were not read`, span: dep.span });
    return;
  }
  manifest.dependencies.push({ ecosystem: manifest.ecosystem, ...dep });
}

/** Past this many entries a manifest is cut short (a lockfile of a large monorepo has ~10,000). */
export const MAX_ENTRIES = 50_000;

export function span(start: number, end: number): Span {
  return { start, end: Math.max(start, end) };
}

/** Line-by-line reading with offsets, for line-oriented formats (requirements.txt, go.mod, INI files). */
export function* linesOf(text: string): Generator<{ line: string; start: number }> {
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const raw = text.slice(start, end);
    yield { line: raw.endsWith('\r') ? raw.slice(0, -1) : raw, start };
    start = end + 1;
  }
}
