import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { LanguageAdapter } from '../analyze';
import type { CallSite, Operand, Site, Value } from '../model';
import { CONSTANT, Scopes, UNKNOWN, appendValue, callResult, combine, lazyValue } from '../model';
import type { Node } from '../nodes';
import { MAX_EVAL_DEPTH, compactText, namedChildren, operand, reportStart } from '../nodes';

/** Rails request data reached without a receiver: `params[:id]`, `cookies[:token]`. */
const BARE_SOURCES = new Set(['params', 'cookies']);
/** Members of `request` that are not data from the client. */
const REQUEST_NOT_DATA = new Set(['method', 'format', 'xhr?', 'get?', 'post?', 'ssl?', 'local?', 'request_method', 'env', 'session', 'flash']);
const SANITIZING_METHODS = new Set(['to_i', 'to_f', 'to_r', 'to_c', 'size', 'length', 'count', 'present?', 'blank?', 'nil?', 'empty?', 'shellescape', 'html_escape', 'escape_html']);
const SANITIZERS = new Set([
  'Integer', 'Float', 'h', 'html_escape', 'ERB::Util.html_escape', 'CGI.escapeHTML', 'Rack::Utils.escape_html', 'Shellwords.escape', 'Shellwords.shellescape',
  'sanitize', 'strip_tags', 'sanitize_sql', 'sanitize_sql_array', 'sanitize_sql_like', 'quote', 'connection.quote', 'ActiveRecord::Base.connection.quote',
]);
const SINK_NAMES = new Set([
  'find_by_sql', 'count_by_sql', 'where', 'having', 'order', 'group', 'joins', 'select', 'from', 'pluck', 'reorder', 'lock', 'exists?', 'delete_all', 'update_all',
  'execute', 'exec_query', 'select_all', 'select_one', 'select_value', 'select_values', 'system', 'exec', 'spawn', 'popen', 'capture2', 'capture2e', 'capture3', 'popen3',
  'eval', 'instance_eval', 'class_eval', 'module_eval', 'load', 'restore', 'unsafe_load', 'html_safe', 'raw', 'render',
]);

const QUERY = `
(method) @function
(singleton_method) @function
(assignment) @assign
(operator_assignment) @augment
(call) @call
(subshell) @backtick
`;

class RubyExtractor {
  readonly sites: Site[] = [];
  private readonly scopes = new Scopes();

  constructor(private readonly text: string) {}

  handle(name: string, node: Node): void {
    this.scopes.leaveBefore(node.startIndex);
    switch (name) {
      case 'function': this.scopes.enter(node.endIndex); return;
      case 'assign': {
        const right = node.childForFieldName('right');
        return this.assign(node.childForFieldName('left'), () => this.evaluate(right, 0), node);
      }
      case 'augment': {
        const left = node.childForFieldName('left');
        if (!left) return;
        const name = left.text;
        const right = node.childForFieldName('right');
        return this.assign(left, () => appendValue(this.scopes.get(name) ?? UNKNOWN, this.evaluate(right, 0)), node);
      }
      case 'call': return this.call(node);
      case 'backtick':
        this.sites.push({ kind: 'backtick', start: node.startIndex, end: node.endIndex, operands: [operand(node, this.evaluate(node, 0), this.text)] });
        return;
    }
  }

  private assign(left: Node | null, compute: () => Value, statement: Node): void {
    if (!left) return;
    const withOrigin = lazyValue(compute, statement);
    // Instance variables outlive the action that sets them: views and later methods read them.
    if (left.type === 'instance_variable') this.scopes.setGlobal(left.text, withOrigin);
    else if (left.type === 'identifier') this.scopes.set(left.text, withOrigin);
  }

  private call(node: Node): void {
    const methodNode = node.childForFieldName('method');
    if (!methodNode) return;
    const name = methodNode.text;
    const receiverNode = node.childForFieldName('receiver');
    if (!SINK_NAMES.has(name)) return;
    const receiverText = receiverNode ? compactText(this.text, receiverNode, 60) : '';
    const callee = receiverNode ? `${receiverText.length > 40 ? '…' : receiverText}.${name}` : name;
    const site: CallSite = { kind: 'call', callee, name, start: reportStart(this.text, node.startIndex, methodNode.startIndex), end: node.endIndex, calleeStart: methodNode.startIndex, calleeEnd: methodNode.endIndex, args: [], keywords: {} };
    if (receiverNode) site.receiver = operand(receiverNode, this.evaluate(receiverNode, 0), this.text);
    const keywords: Record<string, Operand> = {};
    for (const arg of namedChildren(node.childForFieldName('arguments'))) {
      if (arg.type === 'pair') {
        const key = arg.childForFieldName('key');
        const value = arg.childForFieldName('value');
        if (key && value) keywords[key.text.replace(SYMBOL_EDGES, '')] = operand(value, this.evaluate(value, 0), this.text);
      } else {
        site.args.push(operand(arg, this.evaluate(arg, 0), this.text));
      }
    }
    site.keywords = keywords;
    this.sites.push(site);
  }

  evaluate(node: Node | null, depth: number): Value {
    if (!node || depth > MAX_EVAL_DEPTH) return UNKNOWN;
    const next = depth + 1;
    switch (node.type) {
      case 'string': case 'subshell': case 'heredoc_body': case 'bare_string': {
        if (!this.text.slice(node.startIndex, node.endIndex).includes('#{')) return CONSTANT;
        const parts = namedChildren(node).filter((c) => c.type === 'interpolation');
        if (parts.length === 0) return CONSTANT;
        return combine(parts.map((p) => this.evaluate(p.namedChild(0), next)), 'interpolation');
      }
      case 'simple_symbol': case 'hash_key_symbol': case 'integer': case 'float': case 'true': case 'false': case 'nil': case 'constant': case 'scope_resolution':
        return CONSTANT;
      case 'parenthesized_statements': case 'begin_block':
        return this.evaluate(node.namedChild(0), next);
      case 'identifier': {
        const bound = this.scopes.get(node.text);
        if (bound) return bound;
        return BARE_SOURCES.has(node.text) ? this.taint(node) : UNKNOWN;
      }
      case 'instance_variable':
        return this.scopes.get(node.text) ?? UNKNOWN;
      case 'element_reference': {
        const object = node.childForFieldName('object');
        if (object?.type === 'identifier' && BARE_SOURCES.has(object.text) && !this.scopes.get(object.text)) return this.taint(node);
        const value = this.evaluate(object, next);
        return value.constant ? CONSTANT : { constant: false, taint: value.taint };
      }
      case 'binary': {
        const operator = node.childForFieldName('operator')?.type;
        const left = this.evaluate(node.childForFieldName('left'), next);
        const right = this.evaluate(node.childForFieldName('right'), next);
        if (operator === '+' || operator === '<<') return combine([left, right], 'concatenation');
        if (operator === '%' && node.childForFieldName('left')?.type === 'string') return combine([left, right], 'format');
        return combine([left, right]);
      }
      case 'conditional':
        return combine([this.evaluate(node.childForFieldName('consequence'), next), this.evaluate(node.childForFieldName('alternative'), next)]);
      case 'array': case 'hash': case 'pair':
        return combine(namedChildren(node).map((c) => this.evaluate(c, next)));
      case 'call':
        return this.evaluateCall(node, next);
      default:
        return UNKNOWN;
    }
  }

  private evaluateCall(node: Node, depth: number): Value {
    const method = node.childForFieldName('method')?.text ?? '';
    const receiverNode = node.childForFieldName('receiver');
    const qualified = receiverNode ? `${compactText(this.text, receiverNode, 60)}.${method}` : method;
    if (SANITIZERS.has(qualified) || SANITIZING_METHODS.has(method)) return CONSTANT;
    if (receiverNode?.type === 'identifier' && receiverNode.text === 'request' && !this.scopes.get('request') && !REQUEST_NOT_DATA.has(method)) return this.taint(node);
    const args = namedChildren(node.childForFieldName('arguments')).map((a) => this.evaluate(a, depth));
    if (!receiverNode && (method === 'format' || method === 'sprintf')) return combine(args, 'format');
    const receiver = receiverNode ? this.evaluate(receiverNode, depth) : UNKNOWN;
    if (method === 'join') return combine([receiver], 'concatenation');
    if (method === 'to_s' || method === 'strip' || method === 'downcase' || method === 'upcase' || method === 'squish') return receiver;
    return callResult(method, receiver, args);
  }

  private taint(node: Node): Value {
    return { constant: false, taint: { label: this.text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + 80)), start: node.startIndex, end: node.endIndex } };
  }
}

const SYMBOL_EDGES = /^:|:$/g;

export const rubyAdapter: LanguageAdapter = {
  grammar: 'ruby',
  query: QUERY,
  patterns: [SYMBOL_EDGES],
  extract(captures: readonly TreeSitter.QueryCapture[], text: string, timedOut: () => boolean) {
    const extractor = new RubyExtractor(text);
    for (let i = 0; i < captures.length; i++) {
      if ((i & 255) === 0 && timedOut()) break;
      extractor.handle(captures[i].name, captures[i].node);
    }
    return { sites: extractor.sites, aliases: new Map<string, string>() };
  },
};
