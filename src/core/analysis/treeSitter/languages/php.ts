import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageAdapter } from '../analyze';
import type { CallSite, Site, Value } from '../model';
import { CONSTANT, REQUEST_OBJECT, Scopes, UNKNOWN, appendValue, callResult, combine, isRequestObject, lazyValue } from '../model';
import type { Node } from '../nodes';
import { MAX_EVAL_DEPTH, compactText, namedChildren, operand, reportStart } from '../nodes';

const SUPERGLOBALS = new Set(['$_GET', '$_POST', '$_REQUEST', '$_COOKIE', '$_FILES', '$_SERVER']);
/** Laravel and Symfony request accessors. */
const REQUEST_METHODS = new Set(['input', 'get', 'query', 'post', 'all', 'cookie', 'header', 'route', 'json', 'getContent', 'only', 'string', 'str']);
const REQUEST_STATICS = new Set(['Request::input', 'Request::get', 'Request::query', 'Request::all', 'Input::get', 'Input::all']);
const SANITIZERS = new Set([
  'intval', 'floatval', 'boolval', 'abs', 'count', 'strlen', 'htmlspecialchars', 'htmlentities', 'escapeshellarg', 'escapeshellcmd', 'mysqli_real_escape_string',
  'pg_escape_string', 'pg_escape_literal', 'isset', 'empty', 'is_numeric', 'ctype_digit', 'in_array', 'array_key_exists', 'urlencode', 'rawurlencode', 'basename', 'e', 'esc_html', 'esc_attr', 'esc_sql', 'md5', 'sha1', 'hash', 'password_hash',
]);
const SANITIZING_METHODS = new Set(['quote', 'real_escape_string', 'escape_string', 'escape', 'quoteIdentifier']);
const SINK_NAMES = new Set([
  'mysqli_query', 'mysqli_multi_query', 'mysqli_real_query', 'mysql_query', 'pg_query', 'sqlite_query', 'query', 'exec', 'prepare', 'multi_query', 'real_query',
  'select', 'statement', 'unprepared', 'raw', 'whereRaw', 'orWhereRaw', 'havingRaw', 'orderByRaw', 'selectRaw', 'update', 'insert', 'delete',
  'system', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec', 'eval', 'assert', 'create_function', 'unserialize',
]);

const QUERY = `
(function_definition) @function
(method_declaration) @function
(anonymous_function) @function
(arrow_function) @function
(assignment_expression) @assign
(augmented_assignment_expression) @augment
(function_call_expression) @call
(member_call_expression) @call
(scoped_call_expression) @call
(shell_command_expression) @backtick
(echo_statement) @echo
(print_intrinsic) @echo
(php_tag) @tag
`;

class PhpExtractor {
  readonly sites: Site[] = [];
  private readonly scopes = new Scopes();

  constructor(private readonly text: string) {}

  handle(name: string, node: Node): void {
    this.scopes.leaveBefore(node.startIndex);
    switch (name) {
      case 'function': return this.enterFunction(node);
      case 'assign': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'variable_name') this.set(left.text, () => this.evaluate(right, 0), node);
        return;
      }
      case 'augment': {
        const left = node.childForFieldName('left');
        if (left?.type !== 'variable_name') return;
        const name = left.text;
        const right = node.childForFieldName('right');
        this.set(name, () => appendValue(this.scopes.get(name) ?? UNKNOWN, this.evaluate(right, 0)), node);
        return;
      }
      case 'call': return this.call(node);
      case 'backtick':
        this.sites.push({ kind: 'backtick', start: node.startIndex, end: node.endIndex, operands: [operand(node, this.evaluate(node, 0), this.text)] });
        return;
      case 'echo': case 'shortEcho': {
        const parts = namedChildren(node).flatMap((c) => (c.type === 'sequence_expression' ? namedChildren(c) : [c]));
        this.sites.push({ kind: 'echo', start: node.startIndex, end: node.endIndex, operands: parts.map((p) => operand(p, this.evaluate(p, 0), this.text)) });
        return;
      }
    }
  }

  private enterFunction(node: Node): void {
    this.scopes.enter(node.endIndex);
    for (const parameter of namedChildren(node.childForFieldName('parameters'))) {
      const nameNode = parameter.childForFieldName('name');
      if (!nameNode) continue;
      const type = parameter.childForFieldName('type')?.text ?? '';
      this.scopes.set(nameNode.text, type === 'Request' || type.endsWith('\\Request') || type.endsWith('Request') ? REQUEST_OBJECT : UNKNOWN);
    }
  }

  private set(name: string, compute: () => Value, statement: Node): void {
    this.scopes.set(name, lazyValue(compute, statement));
  }

  private call(node: Node): void {
    const nameNode = node.childForFieldName(node.type === 'function_call_expression' ? 'function' : 'name');
    if (!nameNode) return;
    const name = nameNode.text;
    if (!SINK_NAMES.has(name) && !(node.type === 'function_call_expression' && name === 'exec')) return;
    const object = node.type === 'function_call_expression' ? null : node.childForFieldName(node.type === 'member_call_expression' ? 'object' : 'scope');
    const separator = node.type === 'scoped_call_expression' ? '::' : '->';
    const receiverText = object ? compactText(this.text, object, 60) : '';
    const callee = object ? `${receiverText.length > 40 ? '…' : receiverText}${separator}${name}` : name;
    const site: CallSite = { kind: 'call', callee, name, start: reportStart(this.text, node.startIndex, nameNode.startIndex), end: node.endIndex, calleeStart: nameNode.startIndex, calleeEnd: nameNode.endIndex, args: [], keywords: {} };
    if (object) site.receiver = operand(object, this.evaluate(object, 0), this.text);
    for (const arg of namedChildren(node.childForFieldName('arguments'))) {
      const value = arg.type === 'argument' ? arg.namedChildren.find((c) => c && c.type !== 'name') ?? arg : arg;
      site.args.push(operand(value, this.evaluate(value, 0), this.text));
    }
    this.sites.push(site);
  }

  evaluate(node: Node | null, depth: number): Value {
    if (!node || depth > MAX_EVAL_DEPTH) return UNKNOWN;
    const next = depth + 1;
    switch (node.type) {
      case 'string': case 'integer': case 'float': case 'boolean': case 'null': case 'nowdoc': case 'class_constant_access_expression': case 'name':
        return CONSTANT;
      case 'encapsed_string': case 'heredoc': case 'shell_command_expression': case 'heredoc_body': {
        if (!this.text.slice(node.startIndex, node.endIndex).includes('$')) return CONSTANT;
        const parts = namedChildren(node).filter((c) => c.type !== 'string_content' && c.type !== 'escape_sequence' && c.type !== 'heredoc_start' && c.type !== 'heredoc_end' && c.type !== 'string_value');
        return parts.length ? combine(parts.map((p) => this.evaluate(p, next)), 'interpolation') : CONSTANT;
      }
      case 'parenthesized_expression': case 'argument':
        return this.evaluate(node.namedChild(0), next);
      case 'variable_name':
        if (SUPERGLOBALS.has(node.text)) return this.taint(node);
        return this.scopes.get(node.text) ?? UNKNOWN;
      case 'subscript_expression': case 'member_access_expression': {
        const base = node.namedChild(0);
        if (base?.type === 'variable_name' && SUPERGLOBALS.has(base.text)) return this.taint(node);
        const value = this.evaluate(base, next);
        return value.constant ? CONSTANT : { constant: false, taint: value.taint };
      }
      case 'binary_expression': {
        const left = this.evaluate(node.childForFieldName('left'), next);
        const right = this.evaluate(node.childForFieldName('right'), next);
        return node.childForFieldName('operator')?.type === '.' ? combine([left, right], 'concatenation') : combine([left, right]);
      }
      case 'conditional_expression': {
        // `isset($x) ? a : b`: the condition decides, it does not flow; `?:` keeps the condition as its value.
        const body = node.childForFieldName('body');
        return combine([this.evaluate(body ?? node.childForFieldName('condition'), next), this.evaluate(node.childForFieldName('alternative'), next)]);
      }
      case 'array_creation_expression': case 'array_element_initializer':
        return combine(namedChildren(node).map((c) => this.evaluate(c, next)));
      case 'cast_expression': {
        const type = node.childForFieldName('type')?.text ?? '';
        return type === 'int' || type === 'integer' || type === 'float' || type === 'bool' || type === 'boolean' ? CONSTANT : this.evaluate(node.childForFieldName('value'), next);
      }
      case 'function_call_expression': case 'member_call_expression': case 'scoped_call_expression': case 'nullsafe_member_call_expression':
        return this.evaluateCall(node, next);
      default:
        return UNKNOWN;
    }
  }

  private evaluateCall(node: Node, depth: number): Value {
    const isFunction = node.type === 'function_call_expression';
    const name = node.childForFieldName(isFunction ? 'function' : 'name')?.text ?? '';
    const objectNode = isFunction ? null : node.childForFieldName(node.type === 'scoped_call_expression' ? 'scope' : 'object');
    const args = namedChildren(node.childForFieldName('arguments')).map((a) => this.evaluate(a, depth));
    if (isFunction) {
      if (SANITIZERS.has(name)) return CONSTANT;
      if (name === 'request') return this.taint(node);
      if (name === 'sprintf' || name === 'vsprintf') return combine(args, 'format');
      if (name === 'implode' || name === 'join') return combine(args, 'concatenation');
      return callResult(name, UNKNOWN, args);
    }
    if (node.type === 'scoped_call_expression' && REQUEST_STATICS.has(`${objectNode?.text ?? ''}::${name}`)) return this.taint(node);
    const object = this.evaluate(objectNode, depth);
    if (isRequestObject(object) && REQUEST_METHODS.has(name)) return this.taint(node);
    if (SANITIZING_METHODS.has(name)) return CONSTANT;
    return callResult(name, object, args);
  }

  private taint(node: Node): Value {
    return { constant: false, taint: { label: this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 80)), start: node.startIndex, end: node.endIndex } };
  }
}

export const phpAdapter: LanguageAdapter = {
  grammar: 'php',
  query: QUERY,
  patterns: [],
  extract(captures: readonly TreeSitter.QueryCapture[], text: string, timedOut: () => boolean) {
    const extractor = new PhpExtractor(text);
    for (let i = 0; i < captures.length; i++) {
      if ((i & 255) === 0 && timedOut()) break;
      const { name, node } = captures[i];
      if (name === 'tag') {
        // `<?= expr ?>` is an echo; the tag sits in the preceding text_interpolation, or before the statement at the top.
        if (node.text !== '<?=') continue;
        const statement = node.parent?.type === 'text_interpolation' ? node.parent.nextNamedSibling : node.nextNamedSibling;
        if (statement?.type === 'expression_statement') extractor.handle('shortEcho', statement);
        continue;
      }
      extractor.handle(name, node);
    }
    return { sites: extractor.sites, aliases: new Map<string, string>() };
  },
};
