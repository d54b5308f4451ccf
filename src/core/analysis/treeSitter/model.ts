/** Where request data entered the function, e.g. `request.args.get("id")`. */
export interface Taint {
  /** The source expression as written, shortened for messages. */
  label: string;
  start: number;
  end: number;
}

/** How a string was put together from pieces, when at least one piece is not a constant. */
export type BuiltBy = 'interpolation' | 'concatenation' | 'format';

/** What the analysis knows about an expression's value. */
export interface Value {
  /** Every piece is a constant written in this file, or a sanitized value (int(), escape functions). */
  constant: boolean;
  /** Set when the value is a string built from pieces, one of them not constant. */
  built?: BuiltBy;
  /** Set when request data reaches the value. */
  taint?: Taint;
  /** Where a value that came through a variable was built, for a related location. */
  origin?: { start: number; end: number };
}

/** A value at a place in the file: an argument, a receiver, an echoed expression. */
export interface Operand extends Value {
  start: number;
  end: number;
  text: string;
  /** The syntax node type, e.g. `string`, `identifier`, `call`. */
  nodeType: string;
  /** For array and list literals (`new String[]{"sh", "-c", cmd}`, `List.of(...)`): the elements. */
  elements?: Operand[];
}

/** A call (or `new`) the rules may care about. */
export interface CallSite {
  kind: 'call';
  /** The callee with aliases resolved and whitespace removed: `cursor.execute`, `subprocess.run`, `exec.Command`. */
  callee: string;
  /** The last segment of the callee: `execute`. */
  name: string;
  start: number;
  end: number;
  calleeStart: number;
  calleeEnd: number;
  /** The object the method is called on, when there is one. */
  receiver?: Operand;
  args: Operand[];
  /** Keyword arguments (Python), by name. */
  keywords: Readonly<Record<string, Operand>>;
}

/** A language construct that is a sink without being a call: PHP `echo`, backticks, shell pipelines. */
export interface ConstructSite {
  kind: 'echo' | 'backtick' | 'shell-eval' | 'shell-rm' | 'shell-pipe';
  start: number;
  end: number;
  operands: Operand[];
  /** Free-form details a rule needs, e.g. the downloader and shell of a pipe. */
  detail?: Readonly<Record<string, string>>;
}

export type Site = CallSite | ConstructSite;

/** Why the analysis of a file was cut short or skipped. */
export type Degradation = 'timeout' | 'parse-failed' | 'runtime-unavailable';

/** What one parse of a file yields for every rule of its language. */
export interface FileModel {
  sites: Site[];
  /** True when the parse found syntax errors; the sites come from the parts that parsed. */
  hasSyntaxErrors: boolean;
  degraded?: { reason: Degradation; detail: string };
  /** Import aliases, e.g. `sp` → `subprocess`, `system` → `os.system`. */
  aliases: ReadonlyMap<string, string>;
}

export const CONSTANT: Value = Object.freeze({ constant: true });
export const UNKNOWN: Value = Object.freeze({ constant: false });

/** Combines the pieces of a string: constant only if all are, tainted if any is, built when `by` is given and a piece is not constant. */
export function combine(values: readonly Value[], by?: BuiltBy): Value {
  let constant = true;
  let taint: Taint | undefined;
  let built: BuiltBy | undefined;
  for (const value of values) {
    if (!value.constant) constant = false;
    taint ??= value.taint;
    built ??= value.built;
  }
  if (constant) return CONSTANT;
  return { constant: false, built: by ?? built, taint };
}

/** A value derived from others (a method result, an attribute): not constant, tainted if any input is. */
export function derive(values: readonly Value[]): Value {
  const taint = values.find((v) => v.taint)?.taint;
  const built = values.find((v) => v.built)?.built;
  if (values.length > 0 && values.every((v) => v.constant)) return CONSTANT;
  return { constant: false, taint, built };
}

/** A variable's value at one assignment; computed on first use, since most assignments never reach a sink. */
interface Binding {
  version: number;
  value?: Value;
  compute?: () => Value;
  busy?: boolean;
}

/**
 * Variables known in the functions enclosing the current position. Assignments are bound lazily and in order:
 * evaluating the right-hand side of an assignment sees only the bindings made before it, so `q = q + x`
 * reads the previous `q`, and a cycle evaluates to unknown instead of recursing.
 */
export class Scopes {
  private readonly stack: { end: number; vars: Map<string, Binding[]> }[] = [{ end: Number.POSITIVE_INFINITY, vars: new Map() }];
  private version = 0;
  private limit = Number.POSITIVE_INFINITY;

  /** Leaves every scope that ends before `position`. */
  leaveBefore(position: number): void {
    while (this.stack.length > 1 && this.stack[this.stack.length - 1].end <= position) this.stack.pop();
  }

  enter(end: number): void {
    this.stack.push({ end, vars: new Map() });
  }

  set(name: string, value: Value | (() => Value)): void {
    this.bindIn(this.stack[this.stack.length - 1].vars, name, value);
  }

  /** Binds in the file scope: instance variables and globals outlive the method that sets them. */
  setGlobal(name: string, value: Value | (() => Value)): void {
    this.bindIn(this.stack[0].vars, name, value);
  }

  get(name: string): Value | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      const bindings = this.stack[i].vars.get(name);
      if (!bindings) continue;
      for (let j = bindings.length - 1; j >= 0; j--) {
        if (bindings[j].version < this.limit) return this.force(bindings[j]);
      }
    }
    return undefined;
  }

  private bindIn(vars: Map<string, Binding[]>, name: string, value: Value | (() => Value)): void {
    const binding: Binding = typeof value === 'function' ? { version: ++this.version, compute: value } : { version: ++this.version, value };
    const list = vars.get(name);
    if (list) list.push(binding);
    else vars.set(name, [binding]);
  }

  private force(binding: Binding): Value {
    if (binding.value) return binding.value;
    if (binding.busy || !binding.compute) return UNKNOWN;
    binding.busy = true;
    const saved = this.limit;
    this.limit = binding.version;
    try {
      binding.value = binding.compute();
    } finally {
      this.limit = saved;
      binding.busy = false;
    }
    binding.compute = undefined;
    return binding.value;
  }
}

/** Shortens source text for a message: first line, at most 60 characters. */
export function shorten(text: string, max = 60): string {
  const newline = text.indexOf('\n');
  const line = newline < 0 ? text : `${text.slice(0, newline)}…`;
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** Marks a variable that holds the request object itself (`r *http.Request`, `HttpServletRequest request`). */
export const REQUEST_OBJECT: Value = Object.freeze({ constant: false, requestObject: true } as Value);

/** True for the value of a request object variable. */
export function isRequestObject(value: Value | undefined): boolean {
  return !!value && (value as { requestObject?: boolean }).requestObject === true;
}

/**
 * Methods that read records from a database or store. Their result is stored data, not the request data used
 * to look it up: `User.find(params[:id]).bio` is not request data.
 */
const STORE_READS = new Set([
  'find', 'find_by', 'find_by!', 'find_by_sql', 'findOrFail', 'findOne', 'findById', 'findAll', 'first', 'last', 'take', 'get', 'get_object_or_404', 'filter',
  'where', 'fetchone', 'fetchall', 'fetchmany', 'fetch', 'fetchColumn', 'fetchAll', 'QueryRow', 'Query', 'Scan', 'getResultList', 'getSingleResult', 'execute', 'executeQuery',
]);

/** The value of a call of unknown effect: request data in the receiver stays; in arguments it stays unless the call reads a store. */
export function callResult(method: string, receiver: Value, args: readonly Value[]): Value {
  const taint = receiver.taint ?? (STORE_READS.has(method) ? undefined : args.find((a) => a.taint)?.taint);
  return { constant: false, taint };
}

/** `x += y`, `x .= y`, `sb.append(y)`: concatenation unless both sides are constant. */
export function appendValue(before: Value, added: Value): Value {
  return combine([before, added], before.constant && added.constant ? undefined : 'concatenation');
}

/** A lazy binding that remembers, for a built string, the statement that built it. */
export function lazyValue(compute: () => Value, statement: { startIndex: number; endIndex: number }): () => Value {
  return () => {
    const value = compute();
    return value.built ? { ...value, origin: { start: statement.startIndex, end: statement.endIndex } } : value;
  };
}
