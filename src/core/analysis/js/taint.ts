/** Where tainted data entered: a request field, the URL, a postMessage, a command-line argument… */
export interface Source {
  /** For messages: "request parameter `id`". */
  label: string;
  /** The singular form used when a field of this source is read: "request body field". */
  fieldLabel?: string;
  start: number;
  end: number;
}

/** Checks that a value has passed, which some sinks accept in place of sanitization. */
export const CHECKED_PATH = 1;
export const CHECKED_STRING = 2;

/**
 * What the analysis knows about a value. It is a small lattice: constant (0) < unknown origin (1) <
 * from a known source (2). `params` says which parameters of the enclosing function the value depends
 * on, so that a call from elsewhere in the file can raise it to 2.
 */
export interface Taint {
  level: 0 | 1 | 2;
  /** Bit i: depends on parameter i of the enclosing function. */
  params: number;
  source?: Source;
  /** A string assembled from non-constant parts: concatenation, a template with expressions, format(). */
  built: boolean;
  /** The constant text of the value, as far as known (capped), e.g. to tell SQL or HTML from other strings. */
  text: string;
  /** Leading constant text, e.g. to tell `'https://api.example.com/' + id` from `base + id`. */
  prefix?: string;
  /** A short name of the non-constant part, for messages: `name`, `user.bio`. */
  what?: string;
  /** CHECKED_* bits. */
  checks: number;
}

const MAX_TEXT = 400;

export const CONSTANT: Taint = { level: 0, params: 0, built: false, text: '', checks: 0 };

export function constant(text: string): Taint {
  return { level: 0, params: 0, built: false, text: text.slice(0, MAX_TEXT), prefix: text.slice(0, 80), checks: 0 };
}

export function unknown(what?: string): Taint {
  return { level: 1, params: 0, built: false, text: '', what, checks: 0 };
}

export function fromSource(source: Source): Taint {
  return { level: 2, params: 0, source, built: false, text: '', checks: 0 };
}

/** 2 from a known source, 1 of unknown origin (including a parameter), 0 constant. */
export function effectiveLevel(taint: Taint): 0 | 1 | 2 {
  if (taint.level === 2) return 2;
  return taint.level === 1 || taint.params !== 0 ? 1 : 0;
}

/** Either value may flow here: a conditional, `||`, an array or an object. */
export function join(a: Taint, b: Taint): Taint {
  const first = a.level >= b.level ? a : b;
  return {
    level: first.level,
    params: a.params | b.params,
    source: a.level === 2 ? a.source : b.source,
    built: a.built || b.built,
    text: (a.text + (a.text && b.text ? ' ' : '') + b.text).slice(0, MAX_TEXT),
    prefix: a.prefix,
    what: effectiveLevel(a) > 0 ? (a.what ?? b.what) : (b.what ?? a.what),
    checks: a.checks | b.checks,
  };
}

/** `a + b`, a template literal: the result is built when any part is not constant. */
export function concat(a: Taint, b: Taint): Taint {
  const joined = join(a, b);
  joined.text = (a.text + b.text).slice(0, MAX_TEXT);
  const aConstant = effectiveLevel(a) === 0;
  const bConstant = effectiveLevel(b) === 0;
  joined.prefix = aConstant ? (a.text + (bConstant ? b.text : (b.prefix ?? ''))).slice(0, 80) : (a.prefix ?? '');
  if (!aConstant || !bConstant) joined.built = true;
  return joined;
}

/** Reading field `key` of a value: a field of a tainted object is tainted and named more precisely. */
export function field(object: Taint, key: string | undefined): Taint {
  if (object.level !== 2 || !object.source || key === undefined) return object;
  const { source } = object;
  if (!source.fieldLabel) return object;
  return { ...object, source: { label: `${source.fieldLabel} \`${key}\``, start: source.start, end: source.end } };
}

/** A sanitizer's result: constant as far as injection goes. */
export function sanitized(): Taint {
  return { ...CONSTANT };
}
