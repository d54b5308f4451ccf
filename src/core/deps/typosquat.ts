import { canonicalName, malformedName } from './names';
import type { PopularSet } from './popular';
import type { Ecosystem } from './types';

/** How a name imitates a popular one, in words for the finding. */
export type SquatTechnique =
  | 'separator' | 'homoglyph' | 'scope' | 'affix' | 'swapped letters' | 'doubled letter' | 'missing letter' | 'extra letter' | 'changed letter';

export interface TyposquatMatch {
  /** The popular package imitated, as the popular list spells it. */
  target: string;
  targetRank: number;
  technique: SquatTechnique;
}

/** Tuning of the index; the defaults are measured against the shipped lists (see docs/dependencies.md). */
export interface TyposquatOptions {
  /** Edit-distance and affix matches only imitate packages at or above this rank (default 15,000). */
  maxTargetRank?: number;
  /** Edit-distance matches need names of at least this many characters after folding (default 5). */
  minEditLength?: number;
}

const SEPARATORS = /[-_.]/g;

// Prefixes and suffixes that squatters add to or drop from a popular name. Longest first.
const PREFIXES = ['python3-', 'python-', 'python', 'py3-', 'py-', 'pypi-', 'nodejs-', 'node-', 'node', 'js-'];
const SUFFIXES = ['-python3', '-python', '-py3', '-py', '-nodejs', '-node', '-npm', '-js', '.js', 'js', '-lib', '-cli'];

/**
 * Folds a name to what a reader sees: homoglyphs (`I`/`1` to `l`, `0` to `o`, `rn` to `m`, `vv` to `w`)
 * mapped before case folding, so that `jeIlyfish` becomes `jellyfish`; separators and scope marks dropped.
 */
export function skeleton(name: string): string {
  return plain(name.replace(/I/g, 'l').toLowerCase().replace(/1/g, 'l').replace(/0/g, 'o').replace(/rn/g, 'm').replace(/vv/g, 'w'));
}

/** Lower case, separators and scope marks dropped: what one-letter typos are measured on. */
export function plain(name: string): string {
  return name.toLowerCase().replace(/[@/]/g, '').replace(SEPARATORS, '');
}

/** The name without the prefixes and suffixes squatters play with, then folded. */
export function affixCore(canonical: string): string {
  // A scope stays part of the core: `@scope/x-js` imitates `@scope/x`, not every `x`.
  const slash = canonical.startsWith('@') ? canonical.indexOf('/') + 1 : 0;
  const scope = canonical.slice(0, slash);
  let core = canonical.slice(slash);
  for (const prefix of PREFIXES) {
    if (core.startsWith(prefix) && core.length - prefix.length >= 2) {
      core = core.slice(prefix.length);
      break;
    }
  }
  for (const suffix of SUFFIXES) {
    if (core.endsWith(suffix) && core.length - suffix.length >= 2) {
      core = core.slice(0, -suffix.length);
      break;
    }
  }
  return skeleton(scope + core);
}

/** Optimal string alignment distance, stopping early once it exceeds `limit`. */
export function editDistance(a: string, b: string, limit = 2): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let prevPrev: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) value = Math.min(value, prevPrev[j - 2] + 1);
      row.push(value);
      if (value < best) best = value;
    }
    if (best > limit) return limit + 1;
    prevPrev = prev;
    prev = row;
  }
  return prev[b.length];
}

function classifyEdit(candidate: string, target: string): SquatTechnique {
  if (candidate.length === target.length) {
    for (let i = 0; i < candidate.length - 1; i++) {
      if (candidate[i] !== target[i]) {
        return candidate[i] === target[i + 1] && candidate[i + 1] === target[i] ? 'swapped letters' : 'changed letter';
      }
    }
    return 'changed letter';
  }
  if (candidate.length > target.length) {
    for (let i = 0; i < candidate.length; i++) {
      if (candidate[i] !== target[i]) return i > 0 && candidate[i] === candidate[i - 1] ? 'doubled letter' : 'extra letter';
    }
    return 'extra letter';
  }
  return 'missing letter';
}

/**
 * Finds the popular package a name imitates, without comparing against every popular name: exact
 * lookups by folded skeleton and by affix core, and, for one-letter typos, a pigeonhole index: a name
 * of length n within one edit of a candidate shares with it either its first k or its last k letters
 * (k = n/2 - 1), so each popular name is filed under those two keys and a lookup probes six buckets.
 * This indexes 15,000 names in a fraction of the time and memory of a full deletion neighbourhood.
 */
export class TyposquatIndex {
  private readonly bySkeleton = new Map<string, number>();
  private readonly byCore = new Map<string, number>();
  private readonly byHalf = new Map<string, number[]>();
  private readonly plains: string[] = [];
  private readonly scopes = new Set<string>();
  private readonly scopeDeletions = new Map<string, string[]>();
  private readonly maxTargetRank: number;
  private readonly minEditLength: number;

  constructor(private readonly popular: PopularSet, options: TyposquatOptions = {}) {
    this.maxTargetRank = options.maxTargetRank ?? 15_000;
    this.minEditLength = options.minEditLength ?? 5;
    popular.names.forEach((name, i) => {
      const sk = skeleton(name);
      const flat = plain(name);
      this.plains.push(flat);
      if (!this.bySkeleton.has(sk)) this.bySkeleton.set(sk, i);
      if (name.startsWith('@') && name.indexOf('/') > 1) {
        const scope = name.slice(1, name.indexOf('/')).toLowerCase();
        if (!this.scopes.has(scope)) {
          this.scopes.add(scope);
          for (const variant of deletions(scope)) {
            const list = this.scopeDeletions.get(variant);
            if (list) list.push(scope);
            else this.scopeDeletions.set(variant, [scope]);
          }
        }
      }
      if (i >= this.maxTargetRank) return;
      const core = affixCore(canonicalName(popular.ecosystem, name));
      if (core.length >= 2 && !this.byCore.has(core)) this.byCore.set(core, i);
      if (flat.length < this.minEditLength) return;
      for (const key of halfKeys(flat, flat.length)) {
        const list = this.byHalf.get(key);
        if (list) list.push(i);
        else this.byHalf.set(key, [i]);
      }
    });
  }

  get ecosystem(): Ecosystem {
    return this.popular.ecosystem;
  }

  /** The popular package `name` imitates, or undefined. Popular names themselves are never matches. */
  lookup(name: string): TyposquatMatch | undefined {
    if (malformedName(name)) return undefined;
    const canonical = canonicalName(this.popular.ecosystem, name);
    if (this.popular.has(canonical)) return undefined;
    const sk = skeleton(name);
    if (sk.length === 0) return undefined;

    const same = this.bySkeleton.get(sk);
    if (same !== undefined) return this.match(same, this.sameSkeletonTechnique(name, same));

    if (canonical.startsWith('@')) {
      const scope = canonical.slice(1, Math.max(canonical.indexOf('/'), 1));
      // Only the owner of a known scope can publish under it; `@types/x` mirrors x by design.
      if (this.scopes.has(scope) || scope === 'types') return undefined;
      const scoped = this.scopeChange(canonical);
      if (scoped) return scoped;
    }

    const flat = plain(name);
    if (flat.length >= this.minEditLength - 1) {
      let best: number | undefined;
      for (let n = flat.length - 1; n <= flat.length + 1; n++) {
        if (n < this.minEditLength) continue;
        for (const key of halfKeys(flat, n)) {
          for (const i of this.byHalf.get(key) ?? []) {
            if ((best === undefined || i < best) && editDistance(flat, this.plains[i], 1) <= 1) best = i;
          }
        }
      }
      if (best !== undefined) return this.match(best, classifyEdit(flat, this.plains[best]));
    }

    const core = affixCore(canonical);
    const byCore = core.length >= 2 ? this.byCore.get(core) : undefined;
    if (byCore !== undefined && canonicalName(this.popular.ecosystem, this.popular.names[byCore]) !== canonical) return this.match(byCore, 'affix');
    return undefined;
  }

  private match(i: number, technique: SquatTechnique): TyposquatMatch {
    return { target: this.popular.names[i], targetRank: i + 1, technique };
  }

  private sameSkeletonTechnique(name: string, i: number): SquatTechnique {
    const target = this.popular.names[i];
    const plain = (s: string) => s.toLowerCase().replace(/[@/]/g, '').replace(SEPARATORS, '');
    if (plain(name) !== plain(target)) return 'homoglyph';
    return name.startsWith('@') !== target.startsWith('@') ? 'scope' : 'separator';
  }

  /** `@types-node/x` for `@types/node`, or `@babell/core` for `@babel/core`. */
  private scopeChange(canonical: string): TyposquatMatch | undefined {
    const slash = canonical.indexOf('/');
    if (slash < 0) return undefined;
    const scope = canonical.slice(1, slash);
    const rest = canonical.slice(slash + 1);
    for (let i = 0; i < scope.length; i++) {
      if ('-_.'.includes(scope[i])) {
        const rank = this.popular.rank(`@${scope.slice(0, i)}/${scope.slice(i + 1)}`);
        if (rank !== undefined) return this.match(rank - 1, 'scope');
      }
    }
    if (scope.length >= 4) {
      for (const variant of deletions(scope)) {
        for (const known of this.scopeDeletions.get(variant) ?? []) {
          if (known === scope || editDistance(known, scope, 1) > 1) continue;
          const rank = this.popular.rank(`@${known}/${rest}`);
          if (rank !== undefined) return this.match(rank - 1, 'scope');
        }
      }
    }
    return undefined;
  }
}

/** The two pigeonhole keys under which a name of length `n` within one edit of `s` is filed. */
function halfKeys(s: string, n: number): [string, string] {
  const k = Math.max(1, Math.floor(n / 2) - 1);
  return [`${n}<${s.slice(0, k)}`, `${n}>${s.slice(s.length - k)}`];
}

/** The string itself and every string with one character deleted. */
function deletions(s: string): string[] {
  const out = [s];
  for (let i = 0; i < s.length; i++) {
    if (i > 0 && s[i] === s[i - 1]) continue;
    out.push(s.slice(0, i) + s.slice(i + 1));
  }
  return out;
}

/** Patterns of this module, for the ReDoS test. */
export const TYPOSQUAT_PATTERNS: readonly RegExp[] = [SEPARATORS, /I/g, /1/g, /0/g, /rn/g, /vv/g, /[@/]/g];
