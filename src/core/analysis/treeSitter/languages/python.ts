import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageAdapter } from '../analyze';
import type { CallSite, Operand, Site, Value } from '../model';
import { CONSTANT, Scopes, UNKNOWN, appendValue, callResult, combine, derive, lazyValue } from '../model';
import type { Node } from '../nodes';
import { MAX_EVAL_DEPTH, compactText, lastSegment, namedChildren, operand, reportStart, resolveAlias } from '../nodes';

/** Flask, Django, FastAPI and Starlette request data. `self.request` covers class-based views. */
const REQUEST_SOURCE = /^(?:self\.)?request\.(?:args|form|values|json|get_json|data|get_data|files|cookies|headers|GET|POST|COOKIES|FILES|META|body|query_params|path_params|stream)\b/;
/** Route decorators whose function parameters come from the URL or the query (Flask, FastAPI, APIRouter). */
const ROUTE_DECORATOR = /\.(?:route|get|post|put|patch|delete|api_route|websocket)\(/;

/** Calls whose result cannot carry an injection: conversions to numbers and escaping functions. */
const SANITIZERS = new Set([
  'int', 'float', 'bool', 'len', 'abs', 'round', 'uuid.UUID', 'UUID', 'shlex.quote', 'pipes.quote', 'quote', 'html.escape', 'escape',
  'markupsafe.escape', 'flask.escape', 'bleach.clean', 'conditional_escape', 'django.utils.html.escape', 'urllib.parse.quote',
  'urllib.parse.quote_plus', 'quote_plus', 'secure_filename', 'werkzeug.utils.secure_filename', 'sql.Identifier', 'sql.Literal', 'psycopg2.sql.Identifier',
]);

/** Parameter annotations that FastAPI converts and validates, so the value cannot carry text. */
const SAFE_ANNOTATIONS = new Set(['int', 'float', 'bool', 'UUID', 'uuid.UUID', 'datetime', 'date', 'Decimal']);

/** Callee names the Python rules look at; other calls are not turned into sites. */
const SINK_NAMES = new Set([
  'execute', 'executemany', 'executescript', 'text', 'exec_driver_sql', 'raw', 'extra', 'RawSQL',
  'run', 'call', 'check_call', 'check_output', 'Popen', 'getoutput', 'getstatusoutput', 'system', 'popen', 'spawnl', 'spawnlp',
  'eval', 'exec', 'compile', 'loads', 'load', 'open', 'unsafe_load', 'load_all', 'full_load', 'Unpickler',
  'render_template_string', 'Markup', 'mark_safe', 'SafeString', 'from_string', 'Template',
]);

const QUERY = `
(import_statement) @import
(import_from_statement) @import
(function_definition) @function
(assignment) @assignment
(augmented_assignment) @augmented
(for_statement) @for
(call) @call
`;

class PythonExtractor {
  readonly aliases = new Map<string, string>();
  readonly sites: Site[] = [];
  private readonly scopes = new Scopes();

  constructor(private readonly text: string) {}

  handle(name: string, node: Node): void {
    this.scopes.leaveBefore(node.startIndex);
    switch (name) {
      case 'import': return this.readImport(node);
      case 'function': return this.enterFunction(node);
      case 'assignment': return this.assign(node.childForFieldName('left'), node.childForFieldName('right'), node);
      case 'augmented': return this.augment(node);
      case 'for': {
        const iterable = node.childForFieldName('right');
        return this.bind(node.childForFieldName('left'), () => this.evaluate(iterable, 0), node);
      }
      case 'call': return this.call(node);
    }
  }

  private readImport(node: Node): void {
    if (node.type === 'import_statement') {
      for (const child of namedChildren(node)) {
        if (child.type === 'aliased_import') {
          const target = child.childForFieldName('name');
          const alias = child.childForFieldName('alias');
          if (target && alias) this.aliases.set(alias.text, target.text);
        }
      }
      return;
    }
    const module = node.childForFieldName('module_name')?.text;
    if (!module) return;
    for (const child of node.childrenForFieldName('name')) {
      if (!child) continue;
      if (child.type === 'aliased_import') {
        const target = child.childForFieldName('name');
        const alias = child.childForFieldName('alias');
        if (target && alias) this.aliases.set(alias.text, `${module}.${target.text}`);
      } else {
        this.aliases.set(child.text, `${module}.${child.text}`);
      }
    }
  }

  private enterFunction(node: Node): void {
    this.scopes.enter(node.endIndex);
    const parent = node.parent;
    const decorators = parent?.type === 'decorated_definition' ? this.text.slice(parent.startIndex, node.startIndex) : '';
    const isRoute = ROUTE_DECORATOR.test(decorators);
    for (const parameter of namedChildren(node.childForFieldName('parameters'))) {
      const nameNode = parameter.type === 'identifier' ? parameter : parameter.childForFieldName('name') ?? parameter.namedChild(0);
      if (!nameNode || nameNode.type !== 'identifier') continue;
      const name = nameNode.text;
      if (!isRoute || name === 'self' || name === 'request' || name === 'db' || name === 'session') {
        this.scopes.set(name, UNKNOWN);
        continue;
      }
      const annotation = parameter.childForFieldName('type')?.text ?? '';
      const fallback = parameter.childForFieldName('value')?.text ?? '';
      if (SAFE_ANNOTATIONS.has(annotation) || fallback.startsWith('Depends(')) {
        this.scopes.set(name, CONSTANT);
      } else {
        this.scopes.set(name, { constant: false, taint: { label: `route parameter ${name}`, start: nameNode.startIndex, end: nameNode.endIndex } });
      }
    }
  }

  private assign(left: Node | null, right: Node | null, statement: Node): void {
    if (!left || !right) return;
    this.bind(left, () => this.evaluate(right, 0), statement);
  }

  private bind(target: Node | null, compute: () => Value, statement: Node): void {
    if (!target) return;
    const type = target.type;
    if (type === 'identifier') this.scopes.set(target.text, lazyValue(compute, statement));
    else if (type === 'pattern_list' || type === 'tuple_pattern' || type === 'list_pattern') {
      // One evaluation serves every name of the pattern.
      let cached: Value | undefined;
      const shared = lazyValue(() => (cached ??= compute()), statement);
      for (const part of namedChildren(target)) if (part.type === 'identifier') this.scopes.set(part.text, shared);
    }
  }

  private augment(node: Node): void {
    const left = node.childForFieldName('left');
    if (left?.type !== 'identifier') return;
    const name = left.text;
    const right = node.childForFieldName('right');
    this.bind(left, () => appendValue(this.scopes.get(name) ?? UNKNOWN, this.evaluate(right, 0)), node);
  }

  private call(node: Node): void {
    const fn = node.childForFieldName('function');
    if (!fn) return;
    const shortName = fn.type === 'attribute' ? fn.childForFieldName('attribute')?.text ?? '' : fn.text;
    if (!SINK_NAMES.has(shortName)) return;
    const callee = resolveAlias(compactText(this.text, fn), this.aliases);
    const site: CallSite = {
      kind: 'call', callee, name: lastSegment(callee), start: node.startIndex, end: node.endIndex,
      calleeStart: fn.startIndex, calleeEnd: fn.endIndex, args: [], keywords: {},
    };
    if (fn.type === 'attribute') site.start = reportStart(this.text, node.startIndex, fn.childForFieldName('attribute')?.startIndex);
    if (fn.type === 'attribute') {
      const object = fn.childForFieldName('object');
      if (object) site.receiver = operand(object, this.evaluate(object, 0), this.text);
    }
    const keywords: Record<string, Operand> = {};
    for (const arg of namedChildren(node.childForFieldName('arguments'))) {
      if (arg.type === 'keyword_argument') {
        const key = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        if (key && value) keywords[key] = operand(value, this.evaluate(value, 0), this.text);
      } else if (arg.type !== 'list_splat' && arg.type !== 'dictionary_splat') {
        site.args.push(operand(arg, this.evaluate(arg, 0), this.text));
      }
    }
    site.keywords = keywords;
    this.sites.push(site);
  }

  /** What is known of an expression; bounded depth, so hostile nesting costs little. */
  evaluate(node: Node | null, depth: number): Value {
    if (!node || depth > MAX_EVAL_DEPTH) return UNKNOWN;
    const next = depth + 1;
    switch (node.type) {
      case 'string': {
        // Only f-strings interpolate; reading the prefix is far cheaper than walking the children.
        if (!isFString(this.text, node.startIndex)) return CONSTANT;
        const parts = namedChildren(node).filter((c) => c.type === 'interpolation');
        if (parts.length === 0) return CONSTANT;
        return combine(parts.map((p) => this.evaluate(p.childForFieldName('expression'), next)), 'interpolation');
      }
      case 'concatenated_string':
        return combine(namedChildren(node).map((c) => this.evaluate(c, next)), 'concatenation');
      case 'integer': case 'float': case 'true': case 'false': case 'none':
        return CONSTANT;
      case 'parenthesized_expression': case 'await': case 'expression_statement':
        return this.evaluate(node.namedChild(0), next);
      case 'identifier':
        return this.scopes.get(node.text) ?? UNKNOWN;
      case 'binary_operator': {
        const operator = node.childForFieldName('operator')?.type;
        const left = this.evaluate(node.childForFieldName('left'), next);
        const right = this.evaluate(node.childForFieldName('right'), next);
        if (operator === '+') return combine([left, right], 'concatenation');
        if (operator === '%' && node.childForFieldName('left')?.type === 'string') return combine([left, right], 'format');
        return derive([left, right]);
      }
      case 'conditional_expression':
        // `a if cond else b`: the condition decides, it does not flow.
        return combine([this.evaluate(node.namedChild(0), next), this.evaluate(node.namedChild(2), next)]);
      case 'list': case 'tuple': case 'set': case 'boolean_operator':
        return combine(namedChildren(node).map((c) => this.evaluate(c, next)));
      case 'dictionary':
        return combine(namedChildren(node).map((pair) => this.evaluate(pair.childForFieldName('value'), next)));
      case 'attribute': case 'subscript': {
        const source = this.source(node);
        if (source) return source;
        const base = node.childForFieldName(node.type === 'attribute' ? 'object' : 'value');
        const value = this.evaluate(base, next);
        return value.constant ? CONSTANT : { constant: false, taint: value.taint };
      }
      case 'call':
        return this.evaluateCall(node, next);
      default:
        return UNKNOWN;
    }
  }

  private evaluateCall(node: Node, depth: number): Value {
    const source = this.source(node);
    if (source) return source;
    const fn = node.childForFieldName('function');
    if (!fn) return UNKNOWN;
    const callee = resolveAlias(compactText(this.text, fn), this.aliases);
    if (SANITIZERS.has(callee)) return CONSTANT;
    const args = namedChildren(node.childForFieldName('arguments')).map((a) => this.evaluate(a.type === 'keyword_argument' ? a.childForFieldName('value') : a, depth));
    if (fn.type === 'attribute') {
      const objectNode = fn.childForFieldName('object');
      const object = this.evaluate(objectNode, depth);
      const method = fn.childForFieldName('attribute')?.text;
      const onString = objectNode?.type === 'string';
      if (method === 'format' && onString) return combine([object, ...args], 'format');
      if (method === 'join' && onString) return combine(args, 'concatenation');
      if (method === 'isdigit' || method === 'isnumeric' || method === 'isalnum') return CONSTANT;
      return { ...callResult(method ?? '', object, args), built: object.built };
    }
    if (callee === 'str' || callee === 'repr') return args[0] ?? UNKNOWN;
    return callResult(lastSegment(callee), UNKNOWN, args);
  }

  private source(node: Node): Value | undefined {
    const compact = compactText(this.text, node, 80);
    if (!REQUEST_SOURCE.test(compact)) return undefined;
    return { constant: false, taint: { label: this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 80)), start: node.startIndex, end: node.endIndex } };
  }
}

function isFString(text: string, start: number): boolean {
  for (let i = start; i < start + 3 && i < text.length; i++) {
    const ch = text[i];
    if (ch === 'f' || ch === 'F') return true;
    if (ch === '"' || ch === "'") return false;
  }
  return false;
}

export const pythonAdapter: LanguageAdapter = {
  grammar: 'python',
  query: QUERY,
  patterns: [REQUEST_SOURCE, ROUTE_DECORATOR],
  extract(captures: readonly TreeSitter.QueryCapture[], text: string, timedOut: () => boolean) {
    const extractor = new PythonExtractor(text);
    for (let i = 0; i < captures.length; i++) {
      if ((i & 255) === 0 && timedOut()) break;
      extractor.handle(captures[i].name, captures[i].node);
    }
    return { sites: extractor.sites, aliases: extractor.aliases };
  },
};
