/**
 * Maven's version order (org.apache.maven.artifact.versioning.ComparableVersion), written here because no
 * small maintained npm package implements it: the ones on npm are either abandoned or pull in a whole
 * build tool. The algorithm is the one Maven 3.x documents: items split on `.`, `-` and digit/letter
 * transitions, well-known qualifiers ordered alpha < beta < milestone < rc < snapshot < release < sp.
 */

type Item = { kind: 'int'; value: bigint } | { kind: 'string'; value: string } | { kind: 'list'; items: Item[] };

const QUALIFIERS = ['alpha', 'beta', 'milestone', 'rc', 'snapshot', '', 'sp'];
const ALIASES: Readonly<Record<string, string>> = { ga: '', final: '', release: '', cr: 'rc' };
const RELEASE_INDEX = String(QUALIFIERS.indexOf(''));

function qualifierKey(value: string): string {
  const index = QUALIFIERS.indexOf(value);
  return index >= 0 ? String(index) : `${QUALIFIERS.length}-${value}`;
}

function stringItem(value: string, followedByDigit: boolean): Item {
  let v = value;
  if (followedByDigit && v.length === 1) v = v === 'a' ? 'alpha' : v === 'b' ? 'beta' : v === 'm' ? 'milestone' : v;
  return { kind: 'string', value: ALIASES[v] ?? v };
}

function parseItem(isDigit: boolean, text: string, followedByDigit: boolean): Item {
  return isDigit ? { kind: 'int', value: BigInt(text.replace(/^0+(?=\d)/, '')) } : stringItem(text, followedByDigit);
}

function isNull(item: Item): boolean {
  if (item.kind === 'int') return item.value === 0n;
  if (item.kind === 'string') return qualifierKey(item.value) === RELEASE_INDEX;
  return item.items.length === 0;
}

/** Drops trailing "null" items (0, "", ga, final, release) of each list, as Maven does. */
function normalize(list: Item & { kind: 'list' }): void {
  for (let i = list.items.length - 1; i >= 0; i--) {
    const item = list.items[i];
    if (isNull(item)) list.items.splice(i, 1);
    else if (item.kind !== 'list') break;
  }
}

/** Parses a Maven version into its item tree. */
export function parseMavenVersion(version: string): Item {
  const text = version.trim().toLowerCase();
  const root: Item & { kind: 'list' } = { kind: 'list', items: [] };
  let list = root;
  const stack: (Item & { kind: 'list' })[] = [root];
  let isDigit = false;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '.') {
      list.items.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, text.slice(start, i), false));
      start = i + 1;
    } else if (c === '-') {
      list.items.push(i === start ? { kind: 'int', value: 0n } : parseItem(isDigit, text.slice(start, i), false));
      start = i + 1;
      const next: Item & { kind: 'list' } = { kind: 'list', items: [] };
      list.items.push(next);
      list = next;
      stack.push(next);
    } else if (c >= '0' && c <= '9') {
      if (!isDigit && i > start) {
        // `1.0.0.X1` is read like `1.0.0-X-1`: a qualifier followed by a number opens a sub-list.
        list.items.push(stringItem(text.slice(start, i), true));
        start = i;
        const next: Item & { kind: 'list' } = { kind: 'list', items: [] };
        list.items.push(next);
        list = next;
        stack.push(next);
      }
      isDigit = true;
    } else {
      if (isDigit && i > start) {
        list.items.push(parseItem(true, text.slice(start, i), false));
        start = i;
        const next: Item & { kind: 'list' } = { kind: 'list', items: [] };
        list.items.push(next);
        list = next;
        stack.push(next);
      }
      isDigit = false;
    }
  }
  if (text.length > start) list.items.push(parseItem(isDigit, text.slice(start), false));
  for (let i = stack.length - 1; i >= 0; i--) normalize(stack[i]);
  return root;
}

function compareItem(a: Item | undefined, b: Item | undefined): number {
  if (!a && !b) return 0;
  if (!a) return -compareItem(b, undefined);
  if (!b) {
    if (a.kind === 'int') return a.value === 0n ? 0 : 1;
    if (a.kind === 'string') {
      const key = qualifierKey(a.value);
      return key === RELEASE_INDEX ? 0 : key < RELEASE_INDEX ? -1 : 1;
    }
    return a.items.length === 0 ? 0 : compareItem(a.items[0], undefined);
  }
  if (a.kind === 'int') {
    if (b.kind === 'int') return a.value === b.value ? 0 : a.value < b.value ? -1 : 1;
    return 1;
  }
  if (a.kind === 'string') {
    if (b.kind === 'int') return -1;
    if (b.kind === 'string') {
      const x = qualifierKey(a.value);
      const y = qualifierKey(b.value);
      return x === y ? 0 : x < y ? -1 : 1;
    }
    return -1;
  }
  if (b.kind === 'int') return -1;
  if (b.kind === 'string') return 1;
  const length = Math.max(a.items.length, b.items.length);
  for (let i = 0; i < length; i++) {
    const order = compareItem(a.items[i], b.items[i]);
    if (order !== 0) return order;
  }
  return 0;
}

/** Compares two Maven versions: negative, zero or positive. */
export function compareMaven(a: string, b: string): number {
  return compareItem(parseMavenVersion(a), parseMavenVersion(b));
}

/** Maven accepts almost any string as a version; we only refuse empty ones and property references. */
export function isMavenVersion(version: string): boolean {
  const v = version.trim();
  return v.length > 0 && v.length <= 128 && /^[0-9A-Za-z][0-9A-Za-z._+-]*$/.test(v);
}

/** Patterns of this module, for the ReDoS test. */
export const MAVEN_PATTERNS: readonly RegExp[] = [/^0+(?=\d)/, /^[0-9A-Za-z][0-9A-Za-z._+-]*$/];
