import type { Rule } from '../rules/types';

/**
 * Finds which of many keywords occur in a text in one pass (Aho–Corasick over ASCII), so the keyword
 * prefilter costs the same for 5 rules or 500. Checking each keyword with `includes` read the whole file
 * once per keyword, which made the prefilter itself the slowest part of a secrets scan.
 */
export class KeywordMatcher {
  readonly keywords: readonly string[];
  private readonly table: Int32Array;
  private readonly outStart: Int32Array;
  private readonly outList: Int32Array;
  /** Keywords with characters beyond ASCII are rare; they keep the plain `includes` check. */
  private readonly nonAscii: readonly string[];

  constructor(keywords: Iterable<string>) {
    const unique = [...new Set(keywords)].filter((k) => k.length > 0);
    this.keywords = unique.filter((k) => /^[\x00-\x7f]+$/.test(k));
    this.nonAscii = unique.filter((k) => !/^[\x00-\x7f]+$/.test(k));
    // Trie of the keywords, then failure links in breadth-first order, folded into a full transition table.
    const next: Map<number, number>[] = [new Map()];
    const outputs: number[][] = [[]];
    this.keywords.forEach((keyword, index) => {
      let state = 0;
      for (let i = 0; i < keyword.length; i++) {
        const code = keyword.charCodeAt(i);
        let target = next[state].get(code);
        if (target === undefined) {
          target = next.length;
          next.push(new Map());
          outputs.push([]);
          next[state].set(code, target);
        }
        state = target;
      }
      outputs[state].push(index);
    });
    const states = next.length;
    const table = new Int32Array(states * 128);
    const fail = new Int32Array(states);
    const queue: number[] = [];
    for (const [code, target] of next[0]) {
      table[code] = target;
      queue.push(target);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head];
      outputs[state].push(...outputs[fail[state]]);
      for (let code = 0; code < 128; code++) {
        const target = next[state].get(code);
        if (target === undefined) {
          table[state * 128 + code] = table[fail[state] * 128 + code];
        } else {
          table[state * 128 + code] = target;
          fail[target] = table[fail[state] * 128 + code];
          queue.push(target);
        }
      }
    }
    // Fold ASCII case into the table, so callers need not lower-case the whole file first.
    for (let state = 0; state < states; state++) {
      for (let code = 65; code <= 90; code++) table[state * 128 + code] = table[state * 128 + code + 32];
    }
    this.table = table;
    this.outStart = new Int32Array(states + 1);
    const list: number[] = [];
    for (let state = 0; state < states; state++) {
      this.outStart[state] = list.length;
      list.push(...new Set(outputs[state]));
    }
    this.outStart[states] = list.length;
    // A transition into a state where a keyword ends is stored as ~state (negative): the hot loop tests the
    // sign instead of reading a second array, about a third faster.
    for (let i = 0; i < table.length; i++) {
      const target = table[i];
      if (this.outStart[target + 1] > this.outStart[target]) table[i] = ~target;
    }
    this.outList = Int32Array.from(list);
  }

  /** The keywords that occur in `text`, ignoring ASCII case (keywords are lower-case). */
  find(text: string): Set<string> {
    const seen = this.scan(text);
    const found = new Set<string>();
    for (let i = 0; i < seen.length; i++) if (seen[i]) found.add(this.keywords[i]);
    if (this.nonAscii.length > 0) {
      const lower = text.toLowerCase();
      for (const keyword of this.nonAscii) if (lower.includes(keyword)) found.add(keyword);
    }
    return found;
  }

  /** 1 at the index (in `keywords`) of each ASCII keyword that occurs in `text`. */
  scan(text: string): Uint8Array {
    const seen = new Uint8Array(this.keywords.length);
    const { table, outStart, outList } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128) {
        state = 0;
        continue;
      }
      state = table[(state << 7) | code];
      if (state < 0) {
        state = ~state;
        for (let j = outStart[state], end = outStart[state + 1]; j < end; j++) seen[outList[j]] = 1;
      }
    }
    return seen;
  }

  /** Whether any keyword beyond ASCII is in use; those need `find`. */
  get hasNonAscii(): boolean {
    return this.nonAscii.length > 0;
  }
}

/**
 * The rules of a list whose keywords occur in a text (plus those without keywords), in list order.
 * Going from the keywords found to their rules costs the number of candidates, not the number of rules,
 * which matters for small files.
 */
export class RuleKeywordIndex {
  private readonly matcher: KeywordMatcher;
  /** For each ASCII keyword (matcher order), the indices of the rules that list it. */
  private readonly rulesOf: number[][];
  private readonly alwaysRun: number[];
  private readonly nonAsciiRules: number[];

  constructor(private readonly rules: readonly Rule[]) {
    this.matcher = new KeywordMatcher(rules.flatMap((rule) => rule.meta.keywords ?? []));
    const position = new Map(this.matcher.keywords.map((keyword, i) => [keyword, i]));
    this.rulesOf = this.matcher.keywords.map(() => []);
    this.alwaysRun = [];
    this.nonAsciiRules = [];
    rules.forEach((rule, index) => {
      const keywords = rule.meta.keywords;
      if (!keywords) return void this.alwaysRun.push(index);
      for (const keyword of keywords) {
        const at = position.get(keyword);
        if (at === undefined) this.nonAsciiRules.push(index);
        else this.rulesOf[at].push(index);
      }
    });
  }

  candidates(text: string, rules: readonly Rule[] = this.rules): Rule[] {
    return this.select(text, rules).rules;
  }

  /**
   * The candidate rules, and the keywords found (which rules may use to narrow their own patterns).
   * `rules` is the caller's list, which has the same ids and keywords in the same order as the indexed one.
   */
  select(text: string, rules: readonly Rule[] = this.rules): { rules: Rule[]; keywords: Set<string> } {
    const selected = new Uint8Array(this.rules.length);
    for (const index of this.alwaysRun) selected[index] = 1;
    const seen = this.matcher.scan(text);
    const keywords = new Set<string>();
    for (let k = 0; k < seen.length; k++) {
      if (!seen[k]) continue;
      keywords.add(this.matcher.keywords[k]);
      for (const index of this.rulesOf[k]) selected[index] = 1;
    }
    if (this.nonAsciiRules.length > 0) {
      const found = this.matcher.find(text);
      for (const keyword of found) keywords.add(keyword);
      for (const index of this.nonAsciiRules) if (this.rules[index].meta.keywords!.some((k) => found.has(k))) selected[index] = 1;
    }
    const chosen: Rule[] = [];
    for (let i = 0; i < selected.length; i++) if (selected[i]) chosen.push(rules[i]);
    return { rules: chosen, keywords };
  }
}

const indexes = new WeakMap<readonly Rule[], RuleKeywordIndex>();
const bySignature = new Map<string, RuleKeywordIndex>();
const MAX_SIGNATURES = 64;

/**
 * One index per rule list, built on first use: the registry's is built once per process. Callers that
 * build a fresh array per file (`{ rules: [rule] }`, a filtered registry) find the index by the list's
 * ids and keywords instead of paying ~30 ms to rebuild it each time.
 */
export function keywordIndexFor(rules: readonly Rule[]): RuleKeywordIndex {
  let index = indexes.get(rules);
  if (index) return index;
  const signature = rules.map((rule) => `${rule.meta.id}:${rule.meta.keywords?.join(',') ?? '*'}`).join('\n');
  index = bySignature.get(signature);
  if (!index) {
    index = new RuleKeywordIndex(rules);
    if (bySignature.size >= MAX_SIGNATURES) bySignature.delete(bySignature.keys().next().value as string);
    bySignature.set(signature, index);
  }
  indexes.set(rules, index);
  return index;
}
