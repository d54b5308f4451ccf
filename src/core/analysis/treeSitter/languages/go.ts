import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageAdapter } from '../analyze';
import type { CallSite, Site, Value } from '../model';
import { CONSTANT, REQUEST_OBJECT, Scopes, UNKNOWN, appendValue, callResult, combine, isRequestObject, lazyValue } from '../model';
import type { Node } from '../nodes';
import { MAX_EVAL_DEPTH, compactText, namedChildren, operand, reportStart } from '../nodes';

/** Parameter types that hold request data: net/http, gin, echo, fiber. */
const REQUEST_TYPES = new Set(['*http.Request', '*gin.Context', 'echo.Context', '*fiber.Ctx']);
/** Members of a request object that are not request data. */
const NOT_DATA = new Set(['Context', 'Method', 'ctx', 'JSON', 'String', 'HTML', 'Status', 'Render', 'Redirect', 'AbortWithStatus', 'Next', 'Set', 'Bind', 'ShouldBind']);
/** Functions that read request data from their request argument. */
const SOURCE_FUNCTIONS = new Set(['mux.Vars', 'chi.URLParam', 'chi.URLParamFromCtx']);
const SANITIZERS = new Set([
  'strconv.Itoa', 'strconv.Atoi', 'strconv.ParseInt', 'strconv.ParseUint', 'strconv.ParseFloat', 'strconv.ParseBool', 'strconv.FormatInt', 'strconv.Quote',
  'html.EscapeString', 'template.HTMLEscapeString', 'template.JSEscapeString', 'url.QueryEscape', 'url.PathEscape', 'pq.QuoteIdentifier', 'pq.QuoteLiteral',
  'uuid.Parse', 'uuid.MustParse', 'len', 'filepath.Base',
]);
const FORMATTERS = new Set(['fmt.Sprintf', 'fmt.Sprint', 'fmt.Sprintln']);
/** Callee names the Go rules look at. */
const SINK_NAMES = new Set([
  'Query', 'QueryRow', 'Exec', 'QueryContext', 'QueryRowContext', 'ExecContext', 'Prepare', 'PrepareContext', 'Queryx', 'QueryRowx', 'MustExec',
  'Get', 'Select', 'Raw', 'Where', 'Order', 'Command', 'CommandContext', 'HTML', 'JS', 'HTMLAttr', 'CSS', 'JSStr', 'URL',
]);

const QUERY = `
(import_spec) @import
(function_declaration) @function
(method_declaration) @function
(func_literal) @function
(short_var_declaration) @assign
(assignment_statement) @assign
(var_spec) @var
(const_spec) @var
(call_expression) @call
`;

class GoExtractor {
  readonly aliases = new Map<string, string>();
  readonly sites: Site[] = [];
  private readonly scopes = new Scopes();

  constructor(private readonly text: string) {}

  handle(name: string, node: Node): void {
    this.scopes.leaveBefore(node.startIndex);
    switch (name) {
      case 'import': {
        const alias = node.childForFieldName('name')?.text;
        const path = node.childForFieldName('path')?.text.slice(1, -1);
        if (alias && path && alias !== '_' && alias !== '.') this.aliases.set(alias, path.slice(path.lastIndexOf('/') + 1));
        return;
      }
      case 'function': return this.enterFunction(node);
      case 'assign': return this.assign(node);
      case 'var': return this.bindList(namedChildren(node).filter((c) => c.type === 'identifier'), node.childForFieldName('value'), node);
      case 'call': return this.call(node);
    }
  }

  private enterFunction(node: Node): void {
    this.scopes.enter(node.endIndex);
    for (const parameter of namedChildren(node.childForFieldName('parameters'))) {
      const type = compactText(this.text, parameter.childForFieldName('type') ?? parameter, 40);
      const value = REQUEST_TYPES.has(type) ? REQUEST_OBJECT : UNKNOWN;
      for (const name of parameter.childrenForFieldName('name')) if (name) this.scopes.set(name.text, value);
    }
  }

  private assign(node: Node): void {
    const left = namedChildren(node.childForFieldName('left'));
    const operator = node.child(1)?.type;
    if (operator === '+=' && left.length === 1 && left[0].type === 'identifier') {
      const name = left[0].text;
      const right = namedChildren(node.childForFieldName('right'))[0] ?? null;
      this.set(name, () => appendValue(this.scopes.get(name) ?? UNKNOWN, this.evaluate(right, 0)), node);
      return;
    }
    this.bindList(left, node.childForFieldName('right'), node);
  }

  private bindList(names: Node[], values: Node | null, statement: Node): void {
    const right = namedChildren(values);
    if (right.length === 0) return;
    for (let i = 0; i < names.length; i++) {
      if (names[i].type !== 'identifier') continue;
      // `rows, err := db.Query(...)`: every name gets the one call's value.
      const value = right.length === names.length ? right[i] : right[0];
      this.set(names[i].text, () => this.evaluate(value, 0), statement);
    }
  }

  private set(name: string, compute: () => Value, statement: Node): void {
    this.scopes.set(name, lazyValue(compute, statement));
  }

  private call(node: Node): void {
    const fn = node.childForFieldName('function');
    if (!fn) return;
    const shortName = fn.type === 'selector_expression' ? fn.childForFieldName('field')?.text ?? '' : fn.text;
    if (!SINK_NAMES.has(shortName)) return;
    const callee = this.callee(fn);
    const site: CallSite = {
      kind: 'call', callee, name: shortName, start: reportStart(this.text, node.startIndex, fn.childForFieldName('field')?.startIndex), end: node.endIndex,
      calleeStart: fn.startIndex, calleeEnd: fn.endIndex, args: [], keywords: {},
    };
    if (fn.type === 'selector_expression') {
      const object = fn.childForFieldName('operand');
      if (object) site.receiver = operand(object, this.evaluate(object, 0), this.text);
    }
    for (const arg of namedChildren(node.childForFieldName('arguments'))) site.args.push(operand(arg, this.evaluate(arg, 0), this.text));
    this.sites.push(site);
  }

  private callee(fn: Node): string {
    const compact = compactText(this.text, fn);
    const dot = compact.indexOf('.');
    if (dot < 0) return compact;
    const head = compact.slice(0, dot);
    return (this.aliases.get(head) ?? head) + compact.slice(dot);
  }

  evaluate(node: Node | null, depth: number): Value {
    if (!node || depth > MAX_EVAL_DEPTH) return UNKNOWN;
    const next = depth + 1;
    switch (node.type) {
      case 'interpreted_string_literal': case 'raw_string_literal': case 'int_literal': case 'float_literal': case 'rune_literal':
      case 'true': case 'false': case 'nil': case 'iota':
        return CONSTANT;
      case 'parenthesized_expression':
        return this.evaluate(node.namedChild(0), next);
      case 'identifier':
        return this.scopes.get(node.text) ?? UNKNOWN;
      case 'binary_expression': {
        const left = this.evaluate(node.childForFieldName('left'), next);
        const right = this.evaluate(node.childForFieldName('right'), next);
        const operator = node.childForFieldName('operator')?.type ?? node.child(1)?.type;
        return operator === '+' ? combine([left, right], 'concatenation') : combine([left, right]);
      }
      case 'selector_expression': case 'index_expression': case 'slice_expression': case 'type_assertion_expression': {
        const source = this.source(node);
        if (source) return source;
        const value = this.evaluate(node.childForFieldName('operand'), next);
        return value.constant ? CONSTANT : { constant: false, taint: value.taint };
      }
      case 'call_expression':
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
    const callee = this.callee(fn);
    if (SANITIZERS.has(callee)) return CONSTANT;
    const args = namedChildren(node.childForFieldName('arguments')).map((a) => this.evaluate(a, depth));
    if (FORMATTERS.has(callee)) return combine(args, 'format');
    if (callee === 'strings.Join') return combine(args, 'concatenation');
    if (SOURCE_FUNCTIONS.has(callee)) return this.taint(node);
    const receiver = fn.type === 'selector_expression' ? this.evaluate(fn.childForFieldName('operand'), depth) : UNKNOWN;
    if (callee === 'string' || callee === 'strings.TrimSpace' || callee === 'strings.ToLower' || callee === 'strings.ToUpper') return args[0] ?? UNKNOWN;
    return callResult(fn.type === 'selector_expression' ? fn.childForFieldName('field')?.text ?? '' : callee, receiver, args);
  }

  /** Request data: a member or method of a request object, e.g. `r.URL.Query().Get("id")`, `c.Param("id")`. */
  private source(node: Node): Value | undefined {
    let current: Node | null = node;
    let member: string | undefined;
    for (let steps = 0; current && steps < 32; steps++) {
      if (current.type === 'identifier') {
        return isRequestObject(this.scopes.get(current.text)) && member !== undefined && !NOT_DATA.has(member) ? this.taint(node) : undefined;
      }
      if (current.type === 'selector_expression') {
        member = current.childForFieldName('field')?.text;
        current = current.childForFieldName('operand');
      } else if (current.type === 'call_expression') {
        current = current.childForFieldName('function');
      } else if (current.type === 'index_expression' || current.type === 'parenthesized_expression') {
        current = current.childForFieldName('operand') ?? current.namedChild(0);
      } else {
        return undefined;
      }
    }
    return undefined;
  }

  private taint(node: Node): Value {
    return { constant: false, taint: { label: this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 80)), start: node.startIndex, end: node.endIndex } };
  }
}

export const goAdapter: LanguageAdapter = {
  grammar: 'go',
  query: QUERY,
  patterns: [],
  extract(captures: readonly TreeSitter.QueryCapture[], text: string, timedOut: () => boolean) {
    const extractor = new GoExtractor(text);
    for (let i = 0; i < captures.length; i++) {
      if ((i & 255) === 0 && timedOut()) break;
      extractor.handle(captures[i].name, captures[i].node);
    }
    return { sites: extractor.sites, aliases: extractor.aliases };
  },
};
