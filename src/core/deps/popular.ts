import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { canonicalName } from './names';
import type { Ecosystem } from './types';

/** The shipped list of popular packages of one ecosystem, loaded on first use. */
export interface PopularSet {
  ecosystem: Ecosystem;
  /** Names as written, most popular first. */
  readonly names: readonly string[];
  /** 1-based rank by canonical name; absent for names not in the list. */
  rank(name: string): number | undefined;
  has(name: string): boolean;
  /** The name as the list spells it, for messages (e.g. `PyYAML` for `pyyaml`). */
  spelling(canonical: string): string | undefined;
}

/** Where the data lives: dist/data/popular in the bundle, data/popular in the repository. */
function dataDirectory(): string {
  const candidates = [
    path.join(__dirname, 'data', 'popular'),
    path.join(__dirname, '..', 'data', 'popular'),
    path.join(__dirname, '..', '..', '..', 'data', 'popular'),
  ];
  return candidates.find((dir) => existsSync(path.join(dir, 'SOURCES.json'))) ?? candidates[candidates.length - 1];
}

const cache = new Map<Ecosystem, PopularSet>();

/** Builds a set from names in rank order. Exposed so tests and the bench can use their own lists. */
export function createPopularSet(ecosystem: Ecosystem, names: readonly string[]): PopularSet {
  const ranks = new Map<string, number>();
  const spellings = new Map<string, string>();
  names.forEach((name, i) => {
    const key = canonicalName(ecosystem, name);
    if (!ranks.has(key)) {
      ranks.set(key, i + 1);
      spellings.set(key, name);
    }
  });
  return {
    ecosystem,
    names,
    rank: (name) => ranks.get(canonicalName(ecosystem, name)),
    has: (name) => ranks.has(canonicalName(ecosystem, name)),
    spelling: (canonical) => spellings.get(canonical),
  };
}

function readList(file: string): string[] {
  const full = path.join(dataDirectory(), file);
  if (!existsSync(full)) return [];
  const text = file.endsWith('.gz') ? gunzipSync(readFileSync(full)).toString('utf8') : readFileSync(full, 'utf8');
  return text.split('\n').filter((line) => line && !line.startsWith('#'));
}

function readCurated(ecosystem: Ecosystem): string[] {
  const full = path.join(dataDirectory(), 'curated.json');
  if (!existsSync(full)) return [];
  try {
    const data = JSON.parse(readFileSync(full, 'utf8')) as Record<string, unknown>;
    const list = data[ecosystem];
    return Array.isArray(list) ? list.filter((n): n is string => typeof n === 'string') : [];
  } catch {
    return [];
  }
}

/**
 * The popular packages of an ecosystem. npm and PyPI come from data/popular/<ecosystem>.txt.gz (built by
 * scripts/rebuild-popular.mjs); the others from the hand-curated data/popular/curated.json. Missing data
 * gives an empty set, so the rules degrade to "unknown" rather than fail.
 */
export function popularSet(ecosystem: Ecosystem): PopularSet {
  let set = cache.get(ecosystem);
  if (!set) {
    const names = ecosystem === 'npm' || ecosystem === 'pypi' ? [...readList(`${ecosystem}.txt.gz`), ...readCurated(ecosystem)] : readCurated(ecosystem);
    set = createPopularSet(ecosystem, names);
    cache.set(ecosystem, set);
  }
  return set;
}
