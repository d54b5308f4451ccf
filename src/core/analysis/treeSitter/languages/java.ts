import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageAdapter } from '../analyze';
import type { CallSite, Operand, Site, Value } from '../model';
import { CONSTANT, REQUEST_OBJECT, Scopes, UNKNOWN, appendValue, callResult, combine, isRequestObject, lazyValue } from '../model';
import type { Node } from '../nodes';
import { MAX_EVAL_DEPTH, compactText, namedChildren, operand, reportStart } from '../nodes';

/** Spring annotations whose parameter is bound from the request. */
const REQUEST_ANNOTATIONS = new Set(['RequestParam', 'PathVariable', 'RequestBody', 'RequestHeader', 'CookieValue', 'MatrixVariable', 'QueryParam', 'PathParam', 'FormParam', 'HeaderParam']);
/** Parameter types Spring converts and validates: they cannot carry text. */
const SAFE_TYPES = new Set(['int', 'long', 'short', 'byte', 'double', 'float', 'boolean', 'Integer', 'Long', 'Short', 'Double', 'Float', 'Boolean', 'UUID', 'LocalDate', 'LocalDateTime', 'BigDecimal']);
const REQUEST_TYPES = new Set(['HttpServletRequest', 'ServletRequest', 'HttpRequest', 'ServerHttpRequest', 'WebRequest']);
/** Members of a request that are not data from the client. */
const NOT_DATA = new Set(['getSession', 'getMethod', 'getContextPath', 'getServletContext', 'getLocale', 'setAttribute', 'getAttribute', 'getRequestDispatcher', 'isSecure', 'isUserInRole', 'getUserPrincipal', 'getRemoteUser', 'getServletPath']);
const SANITIZERS = new Set([
  'Integer.parseInt', 'Integer.valueOf', 'Long.parseLong', 'Long.valueOf', 'Double.parseDouble', 'Boolean.parseBoolean', 'UUID.fromString',
  'StringEscapeUtils.escapeHtml4', 'StringEscapeUtils.escapeSql', 'HtmlUtils.htmlEscape', 'Encode.forHtml', 'Encode.forJava', 'ESAPI.encoder',
]);
const SINK_NAMES = new Set([
  'executeQuery', 'executeUpdate', 'execute', 'executeLargeUpdate', 'addBatch', 'prepareStatement', 'prepareCall', 'createQuery', 'createNativeQuery',
  'createSQLQuery', 'query', 'queryForObject', 'queryForList', 'queryForMap', 'queryForRowSet', 'update', 'batchUpdate', 'exec', 'command', 'ProcessBuilder',
]);

const QUERY = `
(method_declaration) @function
(constructor_declaration) @function
(local_variable_declaration) @declaration
(field_declaration) @declaration
(assignment_expression) @assign
(method_invocation) @call
(object_creation_expression) @call
`;

class JavaExtractor {
  readonly sites: Site[] = [];
  private readonly scopes = new Scopes();

  constructor(private readonly text: string) {}

  handle(name: string, node: Node): void {
    this.scopes.leaveBefore(node.startIndex);
    switch (name) {
      case 'function': return this.enterFunction(node);
      case 'declaration':
        for (const declarator of node.childrenForFieldName('declarator')) {
          const target = declarator?.childForFieldName('name');
          const value = declarator?.childForFieldName('value');
          if (target && value) this.set(target.text, () => this.evaluate(value, 0), node);
        }
        return;
      case 'assign': return this.assign(node);
      case 'call': return this.call(node);
    }
  }

  private enterFunction(node: Node): void {
    this.scopes.enter(node.endIndex);
    for (const parameter of namedChildren(node.childForFieldName('parameters'))) {
      const nameNode = parameter.childForFieldName('name');
      if (!nameNode) continue;
      const type = parameter.childForFieldName('type')?.text ?? '';
      const modifiers = namedChildren(parameter).find((c) => c.type === 'modifiers') ?? null;
      const annotated = namedChildren(modifiers).some((a) => REQUEST_ANNOTATIONS.has(a.childForFieldName('name')?.text ?? ''));
      if (REQUEST_TYPES.has(type)) this.scopes.set(nameNode.text, REQUEST_OBJECT);
      else if (annotated && !SAFE_TYPES.has(type)) this.scopes.set(nameNode.text, this.taint(nameNode, `request parameter ${nameNode.text}`));
      else this.scopes.set(nameNode.text, annotated ? CONSTANT : UNKNOWN);
    }
  }

  private assign(node: Node): void {
    const left = node.childForFieldName('left');
    if (left?.type !== 'identifier') return;
    const name = left.text;
    const right = node.childForFieldName('right');
    if (node.childForFieldName('operator')?.type === '+=' || node.child(1)?.type === '+=') {
      this.set(name, () => appendValue(this.scopes.get(name) ?? UNKNOWN, this.evaluate(right, 0)), node);
    } else {
      this.set(name, () => this.evaluate(right, 0), node);
    }
  }

  private set(name: string, compute: () => Value, statement: Node): void {
    this.scopes.set(name, lazyValue(compute, statement));
  }

  private call(node: Node): void {
    const isNew = node.type === 'object_creation_expression';
    const nameNode = isNew ? node.childForFieldName('type') : node.childForFieldName('name');
    if (!nameNode) return;
    const name = nameNode.text;
    const object = isNew ? null : node.childForFieldName('object');
    const argNodes = namedChildren(node.childForFieldName('arguments'));
    // sb.append(x) changes sb: follow StringBuilder building like concatenation.
    if (name === 'append' && object?.type === 'identifier') {
      const builder = object.text;
      this.set(builder, () => appendValue(this.scopes.get(builder) ?? UNKNOWN, combine(argNodes.map((a) => this.evaluate(a, 0)))), node);
      return;
    }
    if (!SINK_NAMES.has(name)) return;
    const receiverText = object ? compactText(this.text, object, 60) : '';
    const callee = isNew ? `new ${name}` : object ? `${receiverText.length > 40 ? '…' : receiverText}.${name}` : name;
    const site: CallSite = {
      kind: 'call', callee, name, start: isNew ? node.startIndex : reportStart(this.text, node.startIndex, nameNode.startIndex), end: node.endIndex, calleeStart: nameNode.startIndex, calleeEnd: nameNode.endIndex, args: [], keywords: {},
    };
    if (object) site.receiver = operand(object, this.evaluate(object, 0), this.text);
    for (const arg of argNodes) site.args.push(this.operandWithElements(arg));
    this.sites.push(site);
  }

  private operandWithElements(node: Node): Operand {
    const result = operand(node, this.evaluate(node, 0), this.text);
    let list: Node[] | undefined;
    if (node.type === 'array_creation_expression') list = namedChildren(node.childForFieldName('value'));
    else if (node.type === 'method_invocation' && LIST_FACTORY.test(compactText(this.text, node.childForFieldName('object') ?? node, 30) + '.' + (node.childForFieldName('name')?.text ?? ''))) {
      list = namedChildren(node.childForFieldName('arguments'));
    }
    if (list) result.elements = list.map((e) => operand(e, this.evaluate(e, 0), this.text));
    return result;
  }

  evaluate(node: Node | null, depth: number): Value {
    if (!node || depth > MAX_EVAL_DEPTH) return UNKNOWN;
    const next = depth + 1;
    switch (node.type) {
      case 'string_literal': case 'character_literal': case 'decimal_integer_literal': case 'hex_integer_literal': case 'decimal_floating_point_literal':
      case 'true': case 'false': case 'null_literal': case 'class_literal':
        return CONSTANT;
      case 'parenthesized_expression':
        return this.evaluate(node.namedChild(0), next);
      case 'cast_expression':
        return this.evaluate(node.childForFieldName('value'), next);
      case 'identifier':
        return this.scopes.get(node.text) ?? UNKNOWN;
      case 'binary_expression': {
        const left = this.evaluate(node.childForFieldName('left'), next);
        const right = this.evaluate(node.childForFieldName('right'), next);
        return node.childForFieldName('operator')?.type === '+' ? combine([left, right], 'concatenation') : combine([left, right]);
      }
      case 'ternary_expression':
        return combine([this.evaluate(node.childForFieldName('consequence'), next), this.evaluate(node.childForFieldName('alternative'), next)]);
      case 'array_creation_expression':
        return combine(namedChildren(node.childForFieldName('value')).map((e) => this.evaluate(e, next)));
      case 'array_initializer':
        return combine(namedChildren(node).map((e) => this.evaluate(e, next)));
      case 'field_access': case 'array_access': {
        const value = this.evaluate(node.childForFieldName(node.type === 'field_access' ? 'object' : 'array'), next);
        return value.constant ? CONSTANT : { constant: false, taint: value.taint };
      }
      case 'object_creation_expression': {
        const args = namedChildren(node.childForFieldName('arguments')).map((a) => this.evaluate(a, next));
        return args.length ? combine(args) : CONSTANT;
      }
      case 'method_invocation':
        return this.evaluateCall(node, next);
      default:
        return UNKNOWN;
    }
  }

  private evaluateCall(node: Node, depth: number): Value {
    const objectNode = node.childForFieldName('object');
    const method = node.childForFieldName('name')?.text ?? '';
    const object = objectNode ? this.evaluate(objectNode, depth) : UNKNOWN;
    if (isRequestObject(object) && !NOT_DATA.has(method)) return this.taint(node, this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 80)));
    const qualified = objectNode ? `${compactText(this.text, objectNode, 60)}.${method}` : method;
    if (SANITIZERS.has(qualified) || method === 'length' || method === 'size' || method === 'hashCode') return CONSTANT;
    const args = namedChildren(node.childForFieldName('arguments')).map((a) => this.evaluate(a, depth));
    if (qualified === 'String.format' || method === 'formatted') return combine([object, ...args].filter((_v, i) => i > 0 || method === 'formatted'), 'format');
    if (method === 'append') return combine([object, ...args], 'concatenation');
    if (method === 'concat') return combine([object, ...args], 'concatenation');
    if (qualified === 'String.join') return combine(args, 'concatenation');
    if (method === 'toString' || method === 'trim' || method === 'toLowerCase' || method === 'toUpperCase' || qualified === 'String.valueOf') {
      return objectNode && qualified !== 'String.valueOf' ? object : (args[0] ?? UNKNOWN);
    }
    return callResult(method, object, args);
  }

  private taint(node: Node, label: string): Value {
    return { constant: false, taint: { label, start: node.startIndex, end: node.endIndex } };
  }
}

const LIST_FACTORY = /^(?:Arrays\.asList|List\.of)$/;

export const javaAdapter: LanguageAdapter = {
  grammar: 'java',
  query: QUERY,
  patterns: [LIST_FACTORY],
  extract(captures: readonly TreeSitter.QueryCapture[], text: string, timedOut: () => boolean) {
    const extractor = new JavaExtractor(text);
    for (let i = 0; i < captures.length; i++) {
      if ((i & 255) === 0 && timedOut()) break;
      extractor.handle(captures[i].name, captures[i].node);
    }
    return { sites: extractor.sites, aliases: new Map<string, string>() };
  },
};
