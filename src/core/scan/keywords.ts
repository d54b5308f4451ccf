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
  /** 1 for states where a keyword ends: one byte read per character in the hot loop. */
  private readonly accepting: Uint8Array;
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
    this.accepting = new Uint8Array(states);
    for (let state = 0; state < states; state++) this.accepting[state] = this.outStart[state + 1] > this.outStart[state] ? 1 : 0;
    this.outList = Int32Array.from(list);
  }

  /** The keywords that occur in `text`, ignoring ASCII case (keywords are lower-case). */
  find(text: string): Set<string> {
    const seen = new Uint8Array(this.keywords.length);
    const { table, outStart, outList, accepting } = this;
    let state = 0;
    for (let i = 0, n = text.length; i < n; i++) {
      const code = text.charCodeAt(i);
      state = code < 128 ? table[(state << 7) | code] : 0;
      if (accepting[state] !== 0) {
        for (let j = outStart[state], end = outStart[state + 1]; j < end; j++) seen[outList[j]] = 1;
      }
    }
    const found = new Set<string>();
    for (let i = 0; i < seen.length; i++) if (seen[i]) found.add(this.keywords[i]);
    if (this.nonAscii.length > 0) {
      const lower = text.toLowerCase();
      for (const keyword of this.nonAscii) if (lower.includes(keyword)) found.add(keyword);
    }
    return found;
  }
}

const matchers = new WeakMap<readonly Rule[], KeywordMatcher>();

/** One matcher per rule list, built on first use: the registry's is built once per process. */
export function keywordMatcherFor(rules: readonly Rule[]): KeywordMatcher {
  let matcher = matchers.get(rules);
  if (!matcher) {
    matcher = new KeywordMatcher(rules.flatMap((rule) => rule.meta.keywords ?? []));
    matchers.set(rules, matcher);
  }
  return matcher;
}
