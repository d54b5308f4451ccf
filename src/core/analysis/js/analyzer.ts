import type * as TS from 'typescript';
import type { SinkId } from './sinkIds';
import { SINK } from './sinkIds';
import type { Role } from './sources';
import { DOCUMENT_FIELDS, LAMBDA_FIELDS, LOCATION_FIELDS, NEXT_HANDLERS, REQUEST_FIELDS, REQUEST_METHODS, ROUTE_METHODS, roleByName } from './sources';
import type { Source, Taint } from './taint';
import { CHECKED_PATH, CHECKED_STRING, CONSTANT, concat, constant, effectiveLevel, field, fromSource, join, sanitized, unknown } from './taint';

/** A sink reached by a non-constant value, before the call sites of its function are considered. */
export interface RawHit {
  rule: SinkId;
  /** What the sink is, for messages: `pg query()`, `innerHTML`. */
  sink: string;
  start: number;
  end: number;
  taint: Taint;
  /** The function the sink is in, so that a call with a tainted argument can raise the hit. */
  fn: TS.Node;
  /** Where a call passed tainted data into `fn`, once raised. */
  via?: { start: number; end: number };
  /** Reported only when a known source reaches it. */
  sourceOnly: boolean;
  /** Only for these when the value is merely of unknown origin (default: always). */
  fix?: { title: string; edits: { start: number; end: number; text: string }[] };
  /** Message variant, e.g. `wholeObject` for NoSQL filters. */
  variant?: string;
}

interface Binding {
  taint: Taint;
  /** Qualified name when the binding is a module or a member of one: `child_process.exec`. */
  qname?: string;
  init?: TS.Expression;
  fn?: TS.SignatureDeclaration;
  role?: Role;
  scope: Scope;
}

class Scope {
  readonly vars = new Map<string, Binding>();
  /** Expression texts checked by an allow-list, a regex test or a comparison with a literal. */
  allowed?: Set<string>;
  /** Expression texts checked for `..` or with startsWith (paths and URLs). */
  pathChecked?: Set<string>;
  /** Expression texts checked with `typeof x === 'string'`. */
  stringChecked?: Set<string>;
  /** The function compares a key with `__proto__`/`constructor`. */
  protoGuard = false;
  /** Assigns through a computed key that a for-in loop produced: the shape of a deep merge. */
  computedLoopAssign = false;
  loopKeys?: Set<string>;
  returns?: Taint;

  constructor(
    readonly parent: Scope | undefined,
    readonly fn: TS.Node,
  ) {}

  lookup(name: string): Binding | undefined {
    return this.vars.get(name) ?? this.parent?.lookup(name);
  }

  /** True when this scope or an enclosing one recorded any check; most do not, and then no text is needed. */
  anyGuards(): boolean {
    return !!(this.allowed || this.pathChecked || this.stringChecked) || !!this.parent?.anyGuards();
  }

  has(set: 'allowed' | 'pathChecked' | 'stringChecked', text: string): boolean {
    return !!this[set]?.has(text) || !!this.parent?.has(set, text);
  }

  add(set: 'allowed' | 'pathChecked' | 'stringChecked', text: string): void {
    (this[set] ??= new Set()).add(text);
  }
}

/** The syntax kinds the analysis switches on, copied once into a small object: `ts.SyntaxKind` has hundreds of keys and is slow to read in hot switches. */
function kindsOf(ts: typeof TS) {
  const S = ts.SyntaxKind;
  return {
    AmpersandAmpersandToken: S.AmpersandAmpersandToken,
    ArrayLiteralExpression: S.ArrayLiteralExpression,
    ArrowFunction: S.ArrowFunction,
    BarBarEqualsToken: S.BarBarEqualsToken,
    BarBarToken: S.BarBarToken,
    BigIntLiteral: S.BigIntLiteral,
    BinaryExpression: S.BinaryExpression,
    Block: S.Block,
    CallExpression: S.CallExpression,
    ClassExpression: S.ClassExpression,
    CommaToken: S.CommaToken,
    ConditionalExpression: S.ConditionalExpression,
    Constructor: S.Constructor,
    DeleteExpression: S.DeleteExpression,
    ElementAccessExpression: S.ElementAccessExpression,
    EqualsEqualsEqualsToken: S.EqualsEqualsEqualsToken,
    EqualsEqualsToken: S.EqualsEqualsToken,
    EqualsToken: S.EqualsToken,
    ExclamationEqualsEqualsToken: S.ExclamationEqualsEqualsToken,
    ExclamationEqualsToken: S.ExclamationEqualsToken,
    ExportKeyword: S.ExportKeyword,
    FalseKeyword: S.FalseKeyword,
    ForInStatement: S.ForInStatement,
    ForOfStatement: S.ForOfStatement,
    FunctionDeclaration: S.FunctionDeclaration,
    FunctionExpression: S.FunctionExpression,
    GetAccessor: S.GetAccessor,
    Identifier: S.Identifier,
    IfStatement: S.IfStatement,
    ImportDeclaration: S.ImportDeclaration,
    ImportKeyword: S.ImportKeyword,
    InKeyword: S.InKeyword,
    JsxAttribute: S.JsxAttribute,
    JsxElement: S.JsxElement,
    JsxFragment: S.JsxFragment,
    JsxSelfClosingElement: S.JsxSelfClosingElement,
    MethodDeclaration: S.MethodDeclaration,
    NewExpression: S.NewExpression,
    NoSubstitutionTemplateLiteral: S.NoSubstitutionTemplateLiteral,
    NullKeyword: S.NullKeyword,
    NumericLiteral: S.NumericLiteral,
    ObjectLiteralExpression: S.ObjectLiteralExpression,
    PlusEqualsToken: S.PlusEqualsToken,
    PlusToken: S.PlusToken,
    PostfixUnaryExpression: S.PostfixUnaryExpression,
    PrefixUnaryExpression: S.PrefixUnaryExpression,
    PropertyAssignment: S.PropertyAssignment,
    PropertyAccessExpression: S.PropertyAccessExpression,
    QuestionQuestionEqualsToken: S.QuestionQuestionEqualsToken,
    QuestionQuestionToken: S.QuestionQuestionToken,
    RegularExpressionLiteral: S.RegularExpressionLiteral,
    ReturnStatement: S.ReturnStatement,
    SetAccessor: S.SetAccessor,
    StringLiteral: S.StringLiteral,
    TaggedTemplateExpression: S.TaggedTemplateExpression,
    TemplateExpression: S.TemplateExpression,
    ThisKeyword: S.ThisKeyword,
    TrueKeyword: S.TrueKeyword,
    TypeOfExpression: S.TypeOfExpression,
    VariableDeclaration: S.VariableDeclaration,
    VoidExpression: S.VoidExpression,
    WhileStatement: S.WhileStatement,
  } as const;
}

let K: ReturnType<typeof kindsOf>;

const MAX_DEPTH = 600;
const MAX_EVAL_DEPTH = 120;

/** Functions whose result carries no injectable text, whatever goes in. */
const SANITIZER_NAMES = new Set([
  'parseInt', 'parseFloat', 'Number', 'Boolean', 'encodeURIComponent', 'encodeURI', 'escape',
  'Number.parseInt', 'Number.parseFloat', 'Math.floor', 'Math.round', 'Math.ceil', 'Math.abs', 'Math.min', 'Math.max',
  'isNaN', 'Number.isInteger', 'Number.isFinite', 'Date.parse', 'crypto.randomUUID', 'uuid', 'nanoid',
  'DOMPurify.sanitize', 'purify.sanitize', 'sanitizeHtml', 'sanitize-html', 'xss', 'filterXSS', 'escapeHtml', 'escape-html',
  'he.encode', 'he.escape', 'lodash.escape', '_.escape', 'validator.escape', 'validator.toInt', 'validator.toFloat',
  'shell-quote.quote', 'shellescape', 'shell-escape', 'sqlstring.escape', 'sqlstring.escapeId', 'mongo-sanitize',
  'path.basename',
]);
/** Method and function names that sanitize by convention (`db.escape`, `client.escapeLiteral`, `sanitizeInput`). */
const SANITIZER_PREFIX = /^(?:escape|sanitize|encode|quote|purify|clean|validate)/i;

/** Functions that pass their arguments' taint through to their result. */
const PROPAGATORS = new Set([
  'String', 'decodeURIComponent', 'decodeURI', 'JSON.stringify', 'Buffer.from', 'Object.assign', 'Array.from',
  'path.join', 'path.resolve', 'path.normalize', 'url.parse', 'querystring.parse', 'qs.parse', 'atob', 'btoa',
  'Object.values', 'Object.entries', 'Object.keys', 'structuredClone', 'JSON.parse',
]);
const FORMATTERS = new Set(['util.format', 'format', 'sprintf', 'printf', 'vsprintf', 'util.formatWithOptions']);

/** Methods of strings and arrays whose result carries the receiver's taint. */
const PASS_THROUGH_METHODS = new Set([
  'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'toLocaleLowerCase', 'toLocaleUpperCase', 'slice', 'substring',
  'substr', 'replace', 'replaceAll', 'split', 'concat', 'padStart', 'padEnd', 'toString', 'valueOf', 'normalize', 'repeat',
  'at', 'flat', 'map', 'filter', 'reverse', 'sort', 'join', 'get', 'getAll', 'entries', 'values', 'keys', 'then',
]);

const SQL_WEAK_METHODS = new Set(['query', 'execute', 'run', 'all', 'get', 'each', 'exec', 'prepare', 'many', 'any', 'one', 'none', 'oneOrNone', 'manyOrNone', 'result', 'multi', 'queryStream']);
const SQL_STRONG_METHODS = new Set(['raw', 'whereRaw', 'orWhereRaw', 'andWhereRaw', 'havingRaw', 'orHavingRaw', 'orderByRaw', 'groupByRaw', 'joinRaw', 'fromRaw', 'selectRaw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'literal']);
const TYPEORM_WHERE = new Set(['where', 'andWhere', 'orWhere', 'having', 'andHaving', 'orHaving', 'orderBy', 'addOrderBy', 'select', 'addSelect']);
const SQL_VERBS = new Set(['select', 'insert', 'update', 'delete', 'with', 'replace', 'merge', 'create', 'drop', 'alter', 'truncate', 'call', 'exec', 'execute', 'grant', 'pragma', 'upsert']);
const SQL_TOKEN = /[a-z_]+/g;

const NOSQL_METHODS = new Set(['find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'findOneAndRemove', 'updateOne', 'updateMany', 'update', 'replaceOne', 'deleteOne', 'deleteMany', 'remove', 'countDocuments', 'count', 'exists', 'where', 'findAndModify']);

const FS_METHODS = new Set([
  'readFile', 'readFileSync', 'createReadStream', 'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream',
  'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir', 'readdirSync', 'open', 'openSync', 'copyFile', 'copyFileSync',
  'rename', 'renameSync', 'access', 'accessSync', 'stat', 'statSync', 'lstat', 'exists', 'existsSync', 'mkdir', 'mkdirSync', 'opendir',
  'readJson', 'readJsonSync', 'outputFile', 'remove', 'removeSync', 'sendFile', 'pathExists',
]);
const SHELLS = /^(?:\/(?:usr\/)?bin\/)?(?:sh|bash|zsh|dash|ksh|cmd|cmd\.exe|powershell|pwsh)$/;
const HTML_TEXT = /<[a-zA-Z!/]/;
const FIXED_ORIGIN = /^(?:[a-z][a-z0-9+.-]*:\/\/[^/?#\s]+[/?#]|\/[^/\\])/i;
const HTTP_CLIENT_METHODS = new Set(['get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'options']);
const JQUERY_METHODS = new Set(['html', 'append', 'prepend', 'before', 'after', 'replaceWith', 'wrap', 'wrapAll', 'wrapInner', 'prependTo', 'appendTo', 'insertAfter', 'insertBefore']);
const MERGE_FUNCTIONS = /(?:^|\.)(?:merge|mergeWith|defaultsDeep|deepmerge|deepMerge|mergeDeep|deepExtend|extend|set|setWith)$/;
const MERGE_MODULES = /^(?:lodash|lodash\.merge|lodash\.mergewith|lodash\.defaultsdeep|lodash\.set|lodash\.setwith|lodash-es|underscore|deepmerge|merge|merge-deep|deep-extend|mixin-deep|set-value|dot-prop|jquery|_|\$|object-path)(?:\.|$)/;

const DECORATOR_FIELDS: Readonly<Record<string, { label: string; fieldLabel?: string } | 'request'>> = {
  Query: REQUEST_FIELDS.query,
  QueryParam: REQUEST_FIELDS.query,
  QueryParams: REQUEST_FIELDS.query,
  Param: REQUEST_FIELDS.params,
  Params: REQUEST_FIELDS.params,
  Body: REQUEST_FIELDS.body,
  BodyParam: REQUEST_FIELDS.body,
  Headers: REQUEST_FIELDS.headers,
  HeaderParam: REQUEST_FIELDS.headers,
  Cookies: REQUEST_FIELDS.cookies,
  CookieParam: REQUEST_FIELDS.cookies,
  Req: 'request',
  Request: 'request',
};

const GRAPHQL_ROOTS: ReadonlySet<string> = new Set(['Query', 'Mutation', 'Subscription']);

const COLLECTION_WRITES: ReadonlySet<string> = new Set(['push', 'unshift', 'append', 'add']);

/** Every callee name (last segment) that some sink below looks at; other calls are skipped early. */
const SINK_NAMES: ReadonlySet<string> = new Set([
  'exec', 'execSync', 'spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork', 'execaCommand', 'execaCommandSync',
  'eval', 'Function', 'setTimeout', 'setInterval', 'setImmediate', 'runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'require',
  'unserialize', 'deserialize', 'load', 'loadAll', 'deepDeserialize', 'parse',
  'write', 'writeln', 'insertAdjacentHTML', 'createContextualFragment', '$', 'jQuery',
  'send', 'end', 'redirect', 'permanentRedirect', 'location', 'setHeader', 'set', 'header', 'writeHead', 'sendFile', 'download', 'attachment',
  'assign', 'replace', 'open', 'fetch', 'get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'options',
  'axios', 'got', 'superagent', 'needle', 'ky', 'phin',
  'merge', 'mergeWith', 'defaultsDeep', 'deepmerge', 'deepMerge', 'mergeDeep', 'deepExtend', 'extend', 'setWith', 'mapReduce',
  ...JQUERY_METHODS, ...FS_METHODS, ...NOSQL_METHODS, ...SQL_WEAK_METHODS, ...SQL_STRONG_METHODS, ...TYPEORM_WHERE,
]);

/** The regular expressions the analysis runs, for the ReDoS test. They only ever see short literals. */
export const ANALYZER_PATTERNS: readonly RegExp[] = [SANITIZER_PREFIX, SQL_TOKEN, SHELLS, HTML_TEXT, FIXED_ORIGIN, MERGE_FUNCTIONS, MERGE_MODULES];

/**
 * One pass over a file: scopes and bindings, imports and requires, sources, propagation, sanitizers and
 * sinks. Every JS rule reads its hits from the one result (see `jsAnalysis.ts`).
 */
export class Analyzer {
  readonly hits: RawHit[] = [];
  /** Calls of same-file functions with the taint of each argument. */
  private readonly calls: { fn: TS.Node; args: Taint[]; start: number; end: number }[] = [];
  private readonly summaries = new Map<TS.Node, Taint>();
  private readonly inProgress = new Set<TS.Node>();
  private readonly unsafeMerges = new Set<TS.Node>();
  private readonly messageHandlers = new Set<TS.Node>();
  private readonly routeHandlers = new Set<TS.Node>();
  private readonly resolvers = new Set<TS.Node>();
  readonly modules = new Set<string>();
  /** Top-level bindings, which templates (.vue) can name. */
  topScope!: Scope;
  private collecting = true;
  private depth = 0;
  private evalDepth = 0;
  private visited = 0;
  /** Offsets of subtrees left out for their depth; the token checks cover them instead. */
  readonly skipped: [number, number][] = [];
  /** Why the analysis is incomplete, when it is. */
  degraded?: string;
  stopped = false;

  constructor(
    private readonly ts: typeof TS,
    private sf: TS.SourceFile,
    private readonly timedOut: () => boolean,
  ) {
    K ??= kindsOf(ts);
  }

  run(): void {
    const scope = new Scope(undefined, this.sf);
    this.topScope = scope;
    this.hoist(this.sf.statements, scope);
    this.collectMethods();
    for (const statement of this.sf.statements) {
      if (this.stopped) break;
      this.visit(statement, scope);
    }
    this.raiseThroughCalls();
  }

  /** The taint of an expression written in a template (a Vue `v-html` value), in the file's top-level scope. */
  evaluateTemplateExpression(expression: string): Taint {
    const ts = this.ts;
    const file = ts.createSourceFile('template.ts', `(${expression})`, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
    const statement = file.statements[0];
    if (!statement || !ts.isExpressionStatement(statement)) return unknown(shortText(expression));
    // Options API: a name the template uses may be a data() field or a computed property.
    const bare = this.unwrap(statement.expression);
    if (ts.isIdentifier(bare) && !this.topScope.lookup(bare.text)) {
      const member = this.vueMember(bare.text);
      if (member) return this.evaluate(member, this.topScope);
    }
    const saved = this.sf;
    this.sf = file;
    try {
      return this.evaluate(statement.expression, this.topScope);
    } finally {
      this.sf = saved;
    }
  }

  /** The value of `data()` field or computed property `name` of the file's `export default {…}` component. */
  private vueMember(name: string): TS.Expression | undefined {
    const ts = this.ts;
    let options: TS.Expression | undefined;
    for (const statement of this.sf.statements) {
      if (ts.isExportAssignment(statement)) options = this.unwrap(statement.expression);
    }
    if (options && ts.isCallExpression(options) && options.arguments[0]) options = this.unwrap(options.arguments[0]);
    if (!options || !ts.isObjectLiteralExpression(options)) return undefined;
    const returned = (fn: TS.Node | undefined): TS.Expression | undefined => {
      if (!fn) return undefined;
      if (ts.isPropertyAssignment(fn)) fn = fn.initializer;
      if (!(ts.isMethodDeclaration(fn) || ts.isFunctionExpression(fn) || ts.isArrowFunction(fn)) || !fn.body) return undefined;
      if (!ts.isBlock(fn.body)) return this.unwrap(fn.body);
      for (const statement of fn.body.statements) if (ts.isReturnStatement(statement) && statement.expression) return this.unwrap(statement.expression);
      return undefined;
    };
    const property = (object: TS.ObjectLiteralExpression, key: string): TS.ObjectLiteralElementLike | undefined =>
      object.properties.find((p) => p.name !== undefined && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === key);
    const data = returned(property(options, 'data'));
    if (data && ts.isObjectLiteralExpression(data)) {
      const field = property(data, name);
      if (field && ts.isPropertyAssignment(field)) return field.initializer;
    }
    const computed = property(options, 'computed');
    if (computed && ts.isPropertyAssignment(computed) && ts.isObjectLiteralExpression(computed.initializer)) {
      return returned(property(computed.initializer, name));
    }
    return undefined;
  }

  // ---- traversal -------------------------------------------------------------------------------

  private visit(node: TS.Node, scope: Scope): void {
    if (this.stopped) return;
    if (++this.visited % 2048 === 0 && this.timedOut()) {
      this.stopped = true;
      this.degraded = 'the time budget ran out during analysis';
      return;
    }
    if (this.depth >= MAX_DEPTH) {
      this.degraded ??= `nesting deeper than ${MAX_DEPTH} levels was not analysed; those lines were checked with token patterns`;
      if (this.collecting && this.skipped.length < 100) this.skipped.push([node.pos, node.end]);
      return;
    }
    // No try/finally: an exception here ends the whole analysis (see jsAnalysis.ts), so depth needs no repair.
    this.depth++;
    this.visitNode(node, scope);
    this.depth--;
  }

  /** The scope of the children being visited; one bound callback instead of a closure per node. */
  private childScope!: Scope;
  private readonly visitChild = (child: TS.Node): undefined => {
    this.visit(child, this.childScope);
    return undefined;
  };

  private visitChildren(node: TS.Node, scope: Scope): void {
    const saved = this.childScope;
    this.childScope = scope;
    this.ts.forEachChild(node, this.visitChild);
    this.childScope = saved;
  }

  private visitNode(node: TS.Node, scope: Scope): void {
    const ts = this.ts;
    switch (node.kind) {
      case K.ImportDeclaration:
        this.bindImport(node as TS.ImportDeclaration, scope);
        return;
      case K.VariableDeclaration: {
        const declaration = node as TS.VariableDeclaration;
        if (declaration.initializer) this.visit(declaration.initializer, scope);
        this.bindPattern(declaration.name, declaration.initializer, scope, declaration.initializer ? this.evaluate(declaration.initializer, scope) : CONSTANT);
        return;
      }
      case K.FunctionDeclaration:
      case K.FunctionExpression:
      case K.ArrowFunction:
      case K.MethodDeclaration:
      case K.Constructor:
      case K.GetAccessor:
      case K.SetAccessor:
        this.visitFunction(node as TS.SignatureDeclaration, scope);
        return;
      case K.BinaryExpression: {
        const binary = node as TS.BinaryExpression;
        const op = binary.operatorToken.kind;
        if (op === K.EqualsToken || op === K.PlusEqualsToken || op === K.BarBarEqualsToken || op === K.QuestionQuestionEqualsToken) {
          this.visit(binary.right, scope);
          if (!ts.isIdentifier(binary.left)) this.visitChildren(binary.left, scope);
          this.assign(binary, scope);
          return;
        }
        this.noteComparison(binary, scope);
        this.visitChildren(node, scope);
        return;
      }
      case K.CallExpression:
        this.visitCall(node as TS.CallExpression, scope);
        return;
      case K.NewExpression:
        this.visitChildren(node, scope);
        this.checkNew(node as TS.NewExpression, scope);
        return;
      case K.TaggedTemplateExpression:
        this.visitChildren(node, scope);
        this.checkTagged(node as TS.TaggedTemplateExpression, scope);
        return;
      case K.JsxAttribute:
        this.visitChildren(node, scope);
        this.checkJsxAttribute(node as TS.JsxAttribute, scope);
        return;
      case K.PropertyAssignment: {
        const property = node as TS.PropertyAssignment;
        if (ts.isIdentifier(property.name) && GRAPHQL_ROOTS.has(property.name.text) && ts.isObjectLiteralExpression(property.initializer)) {
          for (const resolver of property.initializer.properties) {
            if (ts.isMethodDeclaration(resolver)) this.resolvers.add(resolver);
            else if (ts.isPropertyAssignment(resolver) && (ts.isArrowFunction(resolver.initializer) || ts.isFunctionExpression(resolver.initializer))) this.resolvers.add(resolver.initializer);
          }
        }
        this.visitChildren(node, scope);
        return;
      }
      case K.IfStatement:
      case K.ConditionalExpression:
      case K.WhileStatement: {
        const condition = (node as TS.IfStatement).expression ?? (node as TS.ConditionalExpression).condition;
        if (condition) this.noteGuards(condition, scope);
        this.visitChildren(node, scope);
        return;
      }
      case K.ReturnStatement: {
        const expression = (node as TS.ReturnStatement).expression;
        if (expression) {
          this.visit(expression, scope);
          const taint = this.evaluate(expression, scope);
          scope.returns = scope.returns ? join(scope.returns, taint) : taint;
        }
        return;
      }
      case K.ForInStatement:
      case K.ForOfStatement: {
        const loop = node as TS.ForInStatement | TS.ForOfStatement;
        this.visit(loop.expression, scope);
        const collection = this.evaluate(loop.expression, scope);
        if (ts.isVariableDeclarationList(loop.initializer)) {
          for (const declaration of loop.initializer.declarations) {
            this.bindPattern(declaration.name, undefined, scope, collection);
            if (node.kind === K.ForInStatement && ts.isIdentifier(declaration.name)) (scope.loopKeys ??= new Set()).add(declaration.name.text);
            if (node.kind === K.ForOfStatement && ts.isArrayBindingPattern(declaration.name)) {
              const first = declaration.name.elements[0];
              if (first && ts.isBindingElement(first) && ts.isIdentifier(first.name)) (scope.loopKeys ??= new Set()).add(first.name.text);
            }
          }
        }
        this.visit(loop.statement, scope);
        return;
      }
      case K.StringLiteral:
        if (/^(?:__proto__|constructor|prototype)$/.test((node as TS.StringLiteral).text)) scope.protoGuard = true;
        return;
      case K.Block:
        this.hoist((node as TS.Block).statements, scope);
        this.visitChildren(node, scope);
        return;
      default:
        this.visitChildren(node, scope);
    }
  }

  /** Function declarations are visible before their line. */
  private hoist(statements: TS.NodeArray<TS.Statement>, scope: Scope): void {
    for (const statement of statements) {
      if (this.ts.isFunctionDeclaration(statement) && statement.name) {
        scope.vars.set(statement.name.text, { taint: CONSTANT, fn: statement, scope });
      }
    }
  }

  private visitFunction(fn: TS.SignatureDeclaration, outer: Scope): Scope {
    const ts = this.ts;
    const scope = new Scope(outer, fn);
    const isRoute = this.routeHandlers.has(fn) || this.isNextHandler(fn);
    const isResolver = this.resolvers.has(fn);
    fn.parameters.forEach((parameter, index) => {
      const bit = index < 30 ? 1 << index : 0;
      const name = parameter.name;
      if (isResolver && index === 1) {
        // GraphQL resolvers: (parent, args, context, info); args come from the query.
        const args = fromSource({ label: 'GraphQL arguments', fieldLabel: 'GraphQL argument', start: parameter.getStart(this.sf), end: parameter.end });
        this.bindPattern(name, undefined, scope, args);
        return;
      }
      if (ts.isIdentifier(name)) {
        let role = roleByName(name.text);
        if (isRoute && index === 0) role = role === 'ctx' ? 'ctx' : 'request';
        if (isRoute && index === 1 && !role) role = 'response';
        if (this.messageHandlers.has(fn) && index === 0) role = 'message';
        if (!role && index === 0 && (name.text === 'event' || name.text === 'evt') && fn.parameters.length <= 3) role = 'lambda';
        const decorated = this.decoratorSource(parameter);
        if (decorated === 'request') role = 'request';
        const taint = decorated && decorated !== 'request' ? fromSource(decorated) : { ...CONSTANT, params: bit, what: name.text };
        scope.vars.set(name.text, { taint, role, scope });
      } else {
        // Destructured parameters: `({ body, query }, res)` in a handler, or props in a component.
        const whole = isRoute && index === 0 ? this.requestTaint(parameter) : { ...CONSTANT, params: bit, what: parameter.name.getText(this.sf) };
        this.bindPattern(name, undefined, scope, whole, isRoute && index === 0 ? 'request' : undefined);
      }
    });
    const body = (fn as TS.FunctionLikeDeclaration).body;
    if (body) {
      if (ts.isBlock(body)) {
        this.hoist(body.statements, scope);
        for (const statement of body.statements) this.visit(statement, scope);
      } else {
        this.visit(body, scope);
        scope.returns = this.evaluate(body, scope);
      }
    }
    if (scope.computedLoopAssign && !scope.protoGuard) this.unsafeMerges.add(fn);
    return scope;
  }

  /** NestJS and routing-controllers parameter decorators: `@Query('q') q`, `@Body() dto`, `@Req() req`. */
  private decoratorSource(parameter: TS.ParameterDeclaration): Source | 'request' | undefined {
    const ts = this.ts;
    for (const modifier of parameter.modifiers ?? []) {
      if (!ts.isDecorator(modifier) || !ts.isCallExpression(modifier.expression) || !ts.isIdentifier(modifier.expression.expression)) continue;
      const decorator = modifier.expression.expression.text;
      const first = modifier.expression.arguments[0];
      const key = first && ts.isStringLiteralLike(first) ? first.text : undefined;
      const known = DECORATOR_FIELDS[decorator];
      if (known === 'request') return 'request';
      if (known) {
        const label = key && known.fieldLabel ? `${known.fieldLabel} \`${key}\`` : known.label;
        return { label, fieldLabel: key ? undefined : known.fieldLabel, start: modifier.getStart(this.sf), end: parameter.end };
      }
    }
    return undefined;
  }

  private requestTaint(node: TS.Node): Taint {
    return fromSource({ label: 'request', fieldLabel: 'request field', start: node.getStart(this.sf), end: node.end });
  }

  private isNextHandler(fn: TS.Node): boolean {
    const ts = this.ts;
    if (!ts.isFunctionDeclaration(fn) || !fn.name || !NEXT_HANDLERS.has(fn.name.text)) return false;
    return !!fn.modifiers?.some((m) => m.kind === K.ExportKeyword);
  }

  // ---- bindings --------------------------------------------------------------------------------

  private bindImport(node: TS.ImportDeclaration, scope: Scope): void {
    const ts = this.ts;
    if (!ts.isStringLiteral(node.moduleSpecifier)) return;
    const module = normalizeModule(node.moduleSpecifier.text);
    this.modules.add(module);
    const clause = node.importClause;
    if (!clause) return;
    if (clause.name) scope.vars.set(clause.name.text, { taint: CONSTANT, qname: module, scope });
    const bindings = clause.namedBindings;
    if (!bindings) return;
    if (ts.isNamespaceImport(bindings)) {
      scope.vars.set(bindings.name.text, { taint: CONSTANT, qname: module, scope });
    } else {
      for (const element of bindings.elements) {
        const imported = (element.propertyName ?? element.name).text;
        scope.vars.set(element.name.text, { taint: CONSTANT, qname: imported === 'default' ? module : `${module}.${imported}`, scope });
      }
    }
  }

  private bindPattern(name: TS.BindingName, init: TS.Expression | undefined, scope: Scope, taint: Taint, role?: Role, qname?: string): void {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      const binding: Binding = { taint, scope, role, qname };
      if (init) {
        const bare = this.unwrap(init);
        binding.init = bare;
        if (ts.isFunctionExpression(bare) || ts.isArrowFunction(bare)) binding.fn = bare;
        binding.qname ??= this.moduleRef(bare, scope);
        binding.role ??= this.roleOf(bare, scope);
      }
      scope.vars.set(name.text, binding);
      return;
    }
    const initQname = qname ?? (init ? this.moduleRef(this.unwrap(init), scope) : undefined);
    const initRole = role ?? (init ? this.roleOf(this.unwrap(init), scope) : undefined);
    if (ts.isObjectBindingPattern(name)) {
      for (const element of name.elements) {
        if (element.dotDotDotToken) {
          this.bindPattern(element.name, undefined, scope, taint);
          continue;
        }
        const key = element.propertyName ? propertyNameText(ts, element.propertyName) : ts.isIdentifier(element.name) ? element.name.text : undefined;
        let value = this.fieldOfRole(initRole, key, element, taint);
        if (element.initializer) value = join(value, this.evaluate(element.initializer, scope));
        const childQname = initQname && key ? `${initQname}.${key}` : undefined;
        const childRole: Role | undefined = initRole === 'ctx' && key === 'request' ? 'request' : undefined;
        this.bindPattern(element.name, undefined, scope, value, childRole, childQname);
      }
    } else {
      for (const element of name.elements) {
        if (ts.isBindingElement(element)) this.bindPattern(element.name, undefined, scope, taint);
      }
    }
  }

  /** A field read from an object with a role: `const { id } = req.params` gives "request parameter `id`". */
  private fieldOfRole(role: Role | undefined, key: string | undefined, node: TS.Node, objectTaint: Taint): Taint {
    if (role === 'request' && key) {
      const known = REQUEST_FIELDS[key];
      if (known) return fromSource({ label: known.label, fieldLabel: known.fieldLabel, start: node.getStart(this.sf), end: node.end });
      return objectTaint;
    }
    if (role === 'ctx' && key && (key === 'query' || key === 'params' || key === 'headers' || key === 'cookies')) {
      const known = REQUEST_FIELDS[key];
      return fromSource({ label: known.label, fieldLabel: known.fieldLabel, start: node.getStart(this.sf), end: node.end });
    }
    if (role === 'lambda' && key && LAMBDA_FIELDS[key]) {
      const known = LAMBDA_FIELDS[key];
      return fromSource({ label: known.label, fieldLabel: known.fieldLabel, start: node.getStart(this.sf), end: node.end });
    }
    if (role === 'message' && key === 'data') return fromSource({ label: 'postMessage data', fieldLabel: 'postMessage field', start: node.getStart(this.sf), end: node.end });
    if ((role === 'route' || role === 'searchParams') && key) return fromSource({ label: `URL parameter \`${key}\``, start: node.getStart(this.sf), end: node.end });
    return field(objectTaint, key);
  }

  /** `x = v`, `x += v`, `obj.p = v`, and the assignment sinks (innerHTML, location, computed keys). */
  private assign(node: TS.BinaryExpression, scope: Scope): void {
    const ts = this.ts;
    const left = node.left;
    const value = this.evaluate(node.right, scope);
    const compound = node.operatorToken.kind !== K.EqualsToken;
    if (ts.isIdentifier(left)) {
      const binding = scope.lookup(left.text);
      if (left.text === 'location') this.checkRedirect(node.right, value, scope, 'location assignment');
      if (binding) {
        binding.taint = compound ? concat(binding.taint, value) : value;
        binding.init = compound ? undefined : this.unwrap(node.right);
      } else {
        scope.vars.set(left.text, { taint: value, scope, init: this.unwrap(node.right) });
      }
      return;
    }
    if (ts.isPropertyAccessExpression(left)) {
      const name = left.name.text;
      if (name === 'innerHTML' || name === 'outerHTML') this.checkDomHtml(node.right, value, scope, name, left.name);
      if (name === 'srcdoc') this.checkDomHtml(node.right, value, scope, name);
      if ((name === 'href' || name === 'location') && this.isLocationLike(left)) this.checkRedirect(node.right, value, scope, `${left.getText(this.sf)} assignment`);
      if (name === 'body' && ts.isIdentifier(left.expression) && this.roleOfName(left.expression.text, scope) === 'ctx') this.checkResponseHtml(node.right, value, 'ctx.body');
      // Taint flows into the object: `opts.sql = ...` then `db.query(opts)`.
      const root = rootIdentifier(ts, left);
      const binding = root && scope.lookup(root.text);
      if (binding && !binding.qname) binding.taint = join(binding.taint, value);
      return;
    }
    if (ts.isElementAccessExpression(left)) {
      this.checkComputedAssignment(left, value, scope);
    }
  }

  /** A qualified module name for `require('x')`, `require('x').y`, an imported binding and members of it. */
  private moduleRef(node: TS.Expression, scope: Scope, depth = 0): string | undefined {
    const ts = this.ts;
    if (depth > 8) return undefined;
    node = this.unwrap(node);
    if (ts.isCallExpression(node)) {
      if (ts.isIdentifier(node.expression) && node.expression.text === 'require' && node.arguments.length === 1 && ts.isStringLiteralLike(node.arguments[0])) {
        const module = normalizeModule(node.arguments[0].text);
        this.modules.add(module);
        return module;
      }
      // util.promisify(exec) is exec for our purposes.
      const callee = this.moduleRef(node.expression, scope, depth + 1);
      if ((callee === 'util.promisify' || callee === 'promisify') && node.arguments[0]) return this.moduleRef(node.arguments[0], scope, depth + 1);
      return undefined;
    }
    if (node.kind === K.ImportKeyword) return undefined;
    if (ts.isIdentifier(node)) {
      const binding = scope.lookup(node.text);
      return binding?.qname;
    }
    if (ts.isPropertyAccessExpression(node)) {
      const base = this.moduleRef(node.expression, scope, depth + 1);
      return base ? `${base}.${node.name.text}` : undefined;
    }
    return undefined;
  }

  /** The qualified name of a callee: the module path when known, else the written name (`fetch`, `document.write`). */
  private qname(node: TS.Expression, scope: Scope): string | undefined {
    const ts = this.ts;
    node = this.unwrap(node);
    const module = this.moduleRef(node, scope);
    if (module) return normalizeQname(module);
    if (ts.isIdentifier(node)) {
      const binding = scope.lookup(node.text);
      if (binding?.init && !binding.fn && (ts.isIdentifier(binding.init) || ts.isPropertyAccessExpression(binding.init)) && binding.init !== node) {
        return this.qname(binding.init, binding.scope);
      }
      return node.text;
    }
    if (ts.isPropertyAccessExpression(node)) {
      const base = ts.isIdentifier(node.expression) || ts.isPropertyAccessExpression(node.expression) ? this.qname(node.expression, scope) : undefined;
      return base ? `${base}.${node.name.text}` : undefined;
    }
    return undefined;
  }

  private roleOf(node: TS.Expression, scope: Scope): Role | undefined {
    const ts = this.ts;
    if (ts.isIdentifier(node)) return this.roleOfName(node.text, scope);
    if (ts.isCallExpression(node)) {
      const callee = this.qname(node.expression, scope) ?? '';
      if (/(?:^|\.)useRoute$/.test(callee) || /(?:^|\.)useParams$/.test(callee) || /next\/router\.useRouter$/.test(callee)) return 'route';
      if (/(?:^|\.)useSearchParams$/.test(callee)) return 'searchParams';
    }
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'request' && ts.isIdentifier(node.expression) && this.roleOfName(node.expression.text, scope) === 'ctx') return 'request';
    return undefined;
  }

  private roleOfName(name: string, scope: Scope): Role | undefined {
    const binding = scope.lookup(name);
    if (binding) return binding.role;
    return roleByName(name);
  }

  private unwrap(node: TS.Expression): TS.Expression {
    const ts = this.ts;
    for (;;) {
      if (ts.isParenthesizedExpression(node) || ts.isAsExpression(node) || ts.isNonNullExpression(node) || ts.isAwaitExpression(node) || ts.isTypeAssertionExpression(node) || ts.isSatisfiesExpression(node)) {
        node = node.expression;
      } else {
        return node;
      }
    }
  }

  // ---- evaluation ------------------------------------------------------------------------------

  /** What flows out of an expression. */
  evaluate(node: TS.Expression, scope: Scope): Taint {
    if (this.evalDepth >= MAX_EVAL_DEPTH) return unknown('a deeply nested expression');
    this.evalDepth++;
    try {
      return this.evaluateNode(node, scope);
    } finally {
      this.evalDepth--;
    }
  }

  private evaluateNode(node: TS.Expression, scope: Scope): Taint {
    const ts = this.ts;
    node = this.unwrap(node);
    switch (node.kind) {
      case K.StringLiteral:
      case K.NoSubstitutionTemplateLiteral:
        return constant((node as TS.StringLiteral).text);
      case K.NumericLiteral:
      case K.BigIntLiteral:
      case K.TrueKeyword:
      case K.FalseKeyword:
      case K.NullKeyword:
      case K.RegularExpressionLiteral:
      case K.ArrowFunction:
      case K.FunctionExpression:
      case K.ClassExpression:
      case K.TypeOfExpression:
      case K.VoidExpression:
      case K.DeleteExpression:
      case K.JsxElement:
      case K.JsxSelfClosingElement:
      case K.JsxFragment:
        return CONSTANT;
      case K.PrefixUnaryExpression:
      case K.PostfixUnaryExpression:
        return CONSTANT;
      case K.TemplateExpression: {
        const template = node as TS.TemplateExpression;
        let result = constant(template.head.text);
        for (const span of template.templateSpans) {
          result = concat(result, this.evaluate(span.expression, scope));
          result = concat(result, constant(span.literal.text));
        }
        return result;
      }
      case K.TaggedTemplateExpression: {
        const tagged = node as TS.TaggedTemplateExpression;
        const tag = this.qname(tagged.tag, scope);
        if (tag === 'String.raw' && ts.isTemplateExpression(tagged.template)) return this.evaluate(tagged.template, scope);
        // sql`...`, Prisma.sql`...`, html`...`: tags receive the values apart from the text and escape or bind them.
        return CONSTANT;
      }
      case K.Identifier:
        return this.evaluateIdentifier(node as TS.Identifier, scope);
      case K.ThisKeyword:
        return unknown('this');
      case K.PropertyAccessExpression:
      case K.ElementAccessExpression:
        return this.evaluateMember(node as TS.PropertyAccessExpression | TS.ElementAccessExpression, scope);
      case K.BinaryExpression: {
        const binary = node as TS.BinaryExpression;
        switch (binary.operatorToken.kind) {
          case K.PlusToken:
            return concat(this.evaluate(binary.left, scope), this.evaluate(binary.right, scope));
          case K.BarBarToken:
          case K.QuestionQuestionToken:
            return join(this.evaluate(binary.left, scope), this.evaluate(binary.right, scope));
          case K.AmpersandAmpersandToken:
          case K.CommaToken:
          case K.EqualsToken:
            return this.evaluate(binary.right, scope);
          case K.PlusEqualsToken:
            return concat(this.evaluate(binary.left, scope), this.evaluate(binary.right, scope));
          default:
            return CONSTANT;
        }
      }
      case K.ConditionalExpression: {
        const conditional = node as TS.ConditionalExpression;
        return join(this.evaluate(conditional.whenTrue, scope), this.evaluate(conditional.whenFalse, scope));
      }
      case K.ArrayLiteralExpression: {
        let result = CONSTANT;
        for (const element of (node as TS.ArrayLiteralExpression).elements) {
          result = join(result, this.evaluate(ts.isSpreadElement(element) ? element.expression : element, scope));
        }
        return { ...result, built: false };
      }
      case K.ObjectLiteralExpression: {
        let result = CONSTANT;
        for (const property of (node as TS.ObjectLiteralExpression).properties) {
          if (ts.isPropertyAssignment(property)) result = join(result, this.evaluate(property.initializer, scope));
          else if (ts.isShorthandPropertyAssignment(property)) result = join(result, this.evaluate(property.name, scope));
          else if (ts.isSpreadAssignment(property)) result = join(result, this.evaluate(property.expression, scope));
        }
        return { ...result, built: false, text: '' };
      }
      case K.CallExpression:
        return this.evaluateCall(node as TS.CallExpression, scope);
      case K.NewExpression: {
        const expression = node as TS.NewExpression;
        const callee = this.qname(expression.expression, scope) ?? '';
        if (callee === 'FormData') return fromSource({ label: 'form data', fieldLabel: 'form field', start: expression.getStart(this.sf), end: expression.end });
        if (callee === 'URLSearchParams' || callee === 'URL' || callee === 'String') {
          let result = CONSTANT;
          const first = expression.arguments?.[0];
          if (first) result = this.evaluate(first, scope);
          if (result.level === 2 && result.source) result = { ...result, source: { ...result.source, fieldLabel: result.source.fieldLabel ?? 'URL parameter' } };
          return result;
        }
        return unknown(callee || 'a new object');
      }
      default:
        return unknown();
    }
  }

  private evaluateIdentifier(node: TS.Identifier, scope: Scope): Taint {
    const name = node.text;
    if (name === 'undefined' || name === 'NaN' || name === 'Infinity' || name === '__dirname' || name === '__filename') return CONSTANT;
    if (scope.has('allowed', name)) return sanitized();
    const binding = scope.lookup(name);
    let taint: Taint;
    if (!binding) {
      // UPPER_CASE names are constants by convention, e.g. an imported TABLE_NAME.
      taint = /^[A-Z][A-Z0-9_]*$/.test(name) ? CONSTANT : unknown(name);
    } else if (binding.qname || binding.fn) {
      taint = CONSTANT;
    } else {
      taint = binding.taint;
      if (taint.level === 1 && /^[A-Z][A-Z0-9_]*$/.test(name)) taint = CONSTANT;
      if (effectiveLevel(taint) > 0 && !taint.what) taint = { ...taint, what: name };
    }
    return this.withChecks(taint, name, scope);
  }

  private withChecks(taint: Taint, text: string, scope: Scope): Taint {
    if (effectiveLevel(taint) === 0) return taint;
    let checks = taint.checks;
    if (scope.has('pathChecked', text)) checks |= CHECKED_PATH;
    if (scope.has('stringChecked', text)) checks |= CHECKED_STRING;
    return checks === taint.checks ? taint : { ...taint, checks };
  }

  private evaluateMember(node: TS.PropertyAccessExpression | TS.ElementAccessExpression, scope: Scope): Taint {
    const ts = this.ts;
    const guarded = scope.anyGuards();
    const text = guarded ? node.getText(this.sf) : '';
    if (guarded && scope.has('allowed', text)) return sanitized();
    const source = this.sourceOf(node, scope);
    if (source) return guarded ? this.withChecks(fromSource(source), text, scope) : fromSource(source);
    const key = ts.isPropertyAccessExpression(node) ? node.name.text : ts.isStringLiteralLike(node.argumentExpression) || ts.isNumericLiteral(node.argumentExpression) ? node.argumentExpression.text : undefined;
    if (key === 'length') return CONSTANT;
    if (ts.isIdentifier(node.expression) && /^[A-Z][A-Z0-9_]*$/.test(node.expression.text)) {
      const object = this.evaluate(node.expression, scope);
      if (object.level < 2) return CONSTANT;
    }
    const object = this.evaluate(node.expression, scope);
    let result = field(object, key);
    if (result.level === 1) result = { ...result, what: object.what && key ? shortText(`${object.what}.${key}`) : object.what };
    return guarded ? this.withChecks(result, text, scope) : result;
  }

  /** Untrusted data read straight from where it enters: `req.query.id`, `location.hash`, `event.data`… */
  private sourceOf(node: TS.PropertyAccessExpression | TS.ElementAccessExpression, scope: Scope): Source | undefined {
    const ts = this.ts;
    const chain = memberChain(ts, node);
    if (!chain) return undefined;
    const { base, names } = chain;
    const make = (label: string, fieldLabel?: string): Source => ({ label, fieldLabel, start: node.getStart(this.sf), end: node.end });
    const key = (at: number): string | undefined => names[at];
    const withKey = (known: { label: string; fieldLabel?: string }, at: number): Source => {
      const k = key(at);
      return k && known.fieldLabel ? make(`${known.fieldLabel} \`${k}\``) : make(known.label, known.fieldLabel);
    };

    // `.value` of a form control: document.getElementById('x').value, event.target.value.
    if (names[names.length - 1] === 'value' && names.length >= 1) {
      const prev = names[names.length - 2];
      if (prev === 'target' || prev === 'currentTarget') return make('form field value');
      if (ts.isCallExpression(base) && names.length === 1) {
        const callee = base.expression;
        if (ts.isPropertyAccessExpression(callee) && /^(?:getElementById|querySelector|getElementsByName)$/.test(callee.name.text)) return make('form field value');
      }
    }
    if (ts.isPropertyAccessExpression(base) || ts.isElementAccessExpression(base)) return undefined;
    let baseName: string | undefined;
    if (ts.isIdentifier(base)) baseName = base.text;
    else if (base.kind === K.ThisKeyword) baseName = 'this';
    else return undefined;

    const binding = baseName === 'this' ? undefined : scope.lookup(baseName);
    const role = binding ? binding.role : roleByName(baseName);
    let i = 0;
    let current: Role | 'window' | 'document' | 'location' | 'process' | 'this' | undefined = role;
    if (!binding) {
      if (baseName === 'window' || baseName === 'globalThis' || baseName === 'self') current = 'window';
      else if (baseName === 'document') current = 'document';
      else if (baseName === 'location') current = 'location';
      else if (baseName === 'process') current = 'process';
      else if (baseName === 'this') current = 'this';
      else if (baseName === '$route') current = 'route';
      else if (baseName === 'event' || baseName === 'evt') current = 'lambda';
    }
    // Walk down globals: window.document.location.hash
    while (i < names.length) {
      const name = names[i];
      if (current === 'window') {
        if (name === 'name') return make('window.name');
        if (name === 'location') current = 'location';
        else if (name === 'document') current = 'document';
        else return undefined;
      } else if (current === 'document') {
        if (name && DOCUMENT_FIELDS.has(name)) return make(`document.${name}`);
        if (name === 'location') current = 'location';
        else return undefined;
      } else if (current === 'this') {
        if (name === '$route') current = 'route';
        else return undefined;
      } else if (current === 'ctx') {
        if (name === 'request') current = 'request';
        else if (name === 'query' || name === 'params' || name === 'headers' || name === 'cookies') return withKey(REQUEST_FIELDS[name], i + 1);
        else return undefined;
      } else {
        break;
      }
      i++;
    }
    const name = names[i];
    switch (current) {
      case 'location':
        if (name === undefined || LOCATION_FIELDS.has(name)) return make(`location${name ? `.${name}` : ''}`);
        return undefined;
      case 'process':
        return name === 'argv' ? make('command-line argument') : undefined;
      case 'request': {
        if (!name) return undefined;
        const known = REQUEST_FIELDS[name];
        if (!known) return undefined;
        if (name === 'nextUrl' && names[i + 1] === 'searchParams') return make('URL search parameters', 'URL parameter');
        return withKey(known, i + 1);
      }
      case 'lambda': {
        const known = name ? LAMBDA_FIELDS[name] : undefined;
        return known ? withKey(known, i + 1) : undefined;
      }
      case 'message':
        return name === 'data' ? withKey({ label: 'postMessage data', fieldLabel: 'postMessage field' }, i + 1) : undefined;
      case 'route':
        if (name === 'query' || name === 'params') return withKey({ label: 'route parameters', fieldLabel: 'URL parameter' }, i + 1);
        return undefined;
      default:
        return undefined;
    }
  }

  private evaluateCall(node: TS.CallExpression, scope: Scope): Taint {
    const ts = this.ts;
    const callee = this.unwrap(node.expression);
    const qname = this.qname(callee, scope);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    const args = node.arguments;

    if (qname && (SANITIZER_NAMES.has(qname) || SANITIZER_NAMES.has(lastSegment(qname)) && !method)) return sanitized();
    const name = method ?? (ts.isIdentifier(callee) ? callee.text : '');
    if (name && SANITIZER_PREFIX.test(name) && name !== 'encodeURI' && !/^(?:clean|validate)$/.test(name)) return sanitized();
    if (qname && /(?:^|\.)(?:quote)$/.test(qname) && qname.startsWith('shell-quote')) return sanitized();

    // Reads from a request object: req.get('x'), request.json(), ctx.request.body…
    if (method && ts.isPropertyAccessExpression(callee)) {
      const receiver = this.unwrap(callee.expression);
      const receiverRole = ts.isIdentifier(receiver) ? this.roleOfName(receiver.text, scope) : ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'request' ? 'request' : undefined;
      if (receiverRole === 'request' && REQUEST_METHODS[method]) {
        const first = args[0];
        const key = first && ts.isStringLiteralLike(first) ? first.text : undefined;
        const label = REQUEST_METHODS[method];
        return fromSource({ label: key ? `${label} \`${key}\`` : label, fieldLabel: `${label} field`, start: node.getStart(this.sf), end: node.end });
      }
      if ((receiverRole === 'searchParams' || receiverRole === 'route') && (method === 'get' || method === 'getAll')) {
        const first = args[0];
        const key = first && ts.isStringLiteralLike(first) ? first.text : undefined;
        return fromSource({ label: key ? `URL parameter \`${key}\`` : 'URL parameters', start: node.getStart(this.sf), end: node.end });
      }
    }

    // Same-file functions: substitute the arguments into the function's summary.
    const local = this.localFunction(callee, scope);
    if (local) {
      const argTaints = args.map((a) => this.evaluate(a, scope));
      const summary = this.summaryOf(local.fn, local.scope);
      let result: Taint = { ...summary, params: 0 };
      for (let i = 0; i < argTaints.length && i < 30; i++) {
        if (summary.params & (1 << i)) result = join(result, argTaints[i]);
      }
      if (summary.params && summary.built) result.built = true;
      return result;
    }

    if (qname && FORMATTERS.has(qname)) {
      let result = CONSTANT;
      for (const arg of args) result = concat(result, this.evaluate(arg, scope));
      return result;
    }
    if (qname && (PROPAGATORS.has(qname) || qname.startsWith('path.'))) {
      let result = CONSTANT;
      for (const arg of args) result = join(result, this.evaluate(arg, scope));
      if (qname.startsWith('path.')) result = { ...result, built: false };
      return result;
    }
    if (method && ts.isPropertyAccessExpression(callee)) {
      if (method === 'join' || method === 'concat' || PASS_THROUGH_METHODS.has(method)) {
        let result = this.evaluate(callee.expression, scope);
        if (method === 'get' || method === 'getAll') {
          const first = args[0];
          result = field(result, first && ts.isStringLiteralLike(first) ? first.text : undefined);
        }
        if (method === 'concat' || method === 'replace' || method === 'replaceAll') {
          for (const arg of args.slice(method === 'concat' ? 0 : 1)) result = concat(result, this.evaluate(arg, scope));
        }
        if (method === 'join' && effectiveLevel(result) > 0) result = { ...result, built: true };
        if (method === 'toString' || method === 'join' || method === 'slice' || method === 'trim') return result;
        return result;
      }
      if (method === 'json' || method === 'text' || method === 'formData') {
        // fetch(...).json() and similar: data from elsewhere, unknown.
        return unknown(`${method}()`);
      }
    }
    if (node.expression.kind === K.ImportKeyword) return unknown('import()');
    return unknown(`${name || 'a call'}()`);
  }

  private localFunction(callee: TS.Expression, scope: Scope): { fn: TS.SignatureDeclaration; scope: Scope; method?: boolean } | undefined {
    const ts = this.ts;
    if (ts.isPropertyAccessExpression(callee)) {
      // `this.find(id)`, `this.users.find(id)`, `service.find(id)`: a method declared once in this file.
      const method = this.methods.get(callee.name.text);
      if (!method) return undefined;
      const receiver = this.unwrap(callee.expression);
      if (receiver.kind !== K.ThisKeyword && !ts.isPropertyAccessExpression(receiver) && !ts.isIdentifier(receiver)) return undefined;
      if (ts.isIdentifier(receiver) && scope.lookup(receiver.text)?.qname) return undefined;
      return { fn: method, scope: this.topScope, method: true };
    }
    if (!ts.isIdentifier(callee)) return undefined;
    const binding = scope.lookup(callee.text);
    return binding?.fn ? { fn: binding.fn, scope: binding.scope } : undefined;
  }

  /** Methods of the file's top-level classes by name; a name declared twice is ambiguous and left out. */
  private readonly methods = new Map<string, TS.SignatureDeclaration>();

  private collectMethods(): void {
    const ts = this.ts;
    const seen = new Map<string, number>();
    for (const statement of this.sf.statements) {
      if (!ts.isClassDeclaration(statement)) continue;
      for (const member of statement.members) {
        let fn: TS.SignatureDeclaration | undefined;
        if (ts.isMethodDeclaration(member) && member.body) fn = member;
        else if (ts.isPropertyDeclaration(member) && member.initializer && (ts.isArrowFunction(member.initializer) || ts.isFunctionExpression(member.initializer))) fn = member.initializer;
        if (!fn || !member.name || !(ts.isIdentifier(member.name) || ts.isPrivateIdentifier(member.name))) continue;
        const name = member.name.text;
        seen.set(name, (seen.get(name) ?? 0) + 1);
        this.methods.set(name, fn);
      }
    }
    for (const [name, count] of seen) if (count > 1) this.methods.delete(name);
  }

  /** What a same-file function returns, in terms of its parameters; computed once, without reporting. */
  private summaryOf(fn: TS.SignatureDeclaration, scope: Scope): Taint {
    const cached = this.summaries.get(fn);
    if (cached) return cached;
    if (this.inProgress.has(fn) || this.inProgress.size > 6) return unknown('a recursive call');
    this.inProgress.add(fn);
    const collecting = this.collecting;
    this.collecting = false;
    try {
      const inner = this.visitFunction(fn, scope);
      const result = inner.returns ?? CONSTANT;
      this.summaries.set(fn, result);
      return result;
    } finally {
      this.collecting = collecting;
      this.inProgress.delete(fn);
    }
  }

  // ---- guards ------------------------------------------------------------------------------

  /** Allow-list checks, regex tests, `..` and prefix checks and typeof checks in a condition. */
  private noteGuards(condition: TS.Expression, scope: Scope): void {
    const ts = this.ts;
    const visit = (node: TS.Node, depth: number): void => {
      if (depth > 12) return;
      if (ts.isParenthesizedExpression(node) || ts.isPrefixUnaryExpression(node)) {
        visit(ts.isParenthesizedExpression(node) ? node.expression : node.operand, depth + 1);
        return;
      }
      if (ts.isBinaryExpression(node)) {
        const op = node.operatorToken.kind;
        if (op === K.AmpersandAmpersandToken || op === K.BarBarToken) {
          visit(node.left, depth + 1);
          visit(node.right, depth + 1);
          return;
        }
        this.noteComparison(node, scope);
        if (op === K.InKeyword) scope.add('allowed', node.left.getText(this.sf));
        return;
      }
      if (ts.isCallExpression(node)) {
        const callee = this.unwrap(node.expression);
        const first = node.arguments[0];
        if (!ts.isPropertyAccessExpression(callee)) {
          return;
        }
        const method = callee.name.text;
        if ((method === 'includes' || method === 'has' || method === 'indexOf' || method === 'hasOwnProperty' || method === 'hasOwn') && first) {
          if (ts.isStringLiteralLike(first)) {
            if (first.text.includes('..')) scope.add('pathChecked', callee.expression.getText(this.sf));
          } else {
            const subject = method === 'hasOwn' ? node.arguments[1] : first;
            if (subject) scope.add('allowed', subject.getText(this.sf));
          }
        } else if (method === 'test' && first && this.unwrap(callee.expression).kind === K.RegularExpressionLiteral) {
          scope.add('allowed', first.getText(this.sf));
        } else if (method === 'startsWith' || method === 'isAbsolute') {
          scope.add('pathChecked', (method === 'isAbsolute' && first ? first : callee.expression).getText(this.sf));
        } else if (method === 'isValidObjectId' || method === 'isValid' || method === 'isUUID' || method === 'isInt' || method === 'isNumeric' || method === 'isAlphanumeric' || method === 'isEmail' || method === 'isSafeInteger' || method === 'isInteger') {
          if (first) scope.add('allowed', first.getText(this.sf));
        }
      }
    };
    visit(condition, 0);
  }

  /** `x === 'asc'` is an allow-list of one; `typeof x === 'string'` makes x a string; `k === '__proto__'` guards merges. */
  private noteComparison(node: TS.BinaryExpression, scope: Scope): void {
    const ts = this.ts;
    const op = node.operatorToken.kind;
    if (op !== K.EqualsEqualsEqualsToken && op !== K.EqualsEqualsToken && op !== K.ExclamationEqualsEqualsToken && op !== K.ExclamationEqualsToken) return;
    const literal = ts.isStringLiteralLike(node.right) ? node.right : ts.isStringLiteralLike(node.left) ? node.left : undefined;
    const other = literal === node.right ? node.left : node.right;
    if (!literal) return;
    if (/^(?:__proto__|constructor|prototype)$/.test(literal.text)) {
      scope.protoGuard = true;
      return;
    }
    if (ts.isTypeOfExpression(other)) {
      if (literal.text === 'string' || literal.text === 'number') scope.add('stringChecked', other.expression.getText(this.sf));
      if (literal.text === 'number') scope.add('allowed', other.expression.getText(this.sf));
      return;
    }
    if (ts.isIdentifier(other) || ts.isPropertyAccessExpression(other)) scope.add('allowed', other.getText(this.sf));
  }

  // ---- sinks -------------------------------------------------------------------------------

  private record(rule: SinkId, sink: string, node: TS.Node, taint: Taint, scope: Scope, extra?: Partial<RawHit>): void {
    if (!this.collecting) return;
    if (effectiveLevel(taint) === 0) return;
    const sourceOnly = extra?.sourceOnly ?? false;
    this.hits.push({ rule, sink, start: node.getStart(this.sf), end: node.end, taint, fn: scope.fn, sourceOnly, ...extra });
  }

  private visitCall(node: TS.CallExpression, scope: Scope): void {
    const ts = this.ts;
    const callee = this.unwrap(node.expression);
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : undefined;
    // Mark function arguments before visiting them: route handlers and message listeners.
    if (method && ROUTE_METHODS.has(method)) {
      for (const arg of node.arguments) if (ts.isFunctionExpression(arg) || ts.isArrowFunction(arg)) this.routeHandlers.add(arg);
    }
    if (method === 'addEventListener' && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && node.arguments[0].text === 'message') {
      const handler = node.arguments[1];
      if (handler && (ts.isFunctionExpression(handler) || ts.isArrowFunction(handler))) this.messageHandlers.add(handler);
    }
    if (method === 'on' && node.arguments[0] && ts.isStringLiteralLike(node.arguments[0]) && node.arguments[0].text === 'message') {
      const handler = node.arguments[1];
      if (handler && (ts.isFunctionExpression(handler) || ts.isArrowFunction(handler))) this.messageHandlers.add(handler);
    }
    this.visitChildren(node, scope);
    // `parts.push(x)`, `params.append('q', x)`: the collection now holds x (a weak update).
    if (method && COLLECTION_WRITES.has(method) && ts.isPropertyAccessExpression(callee)) {
      const receiver = this.unwrap(callee.expression);
      const binding = ts.isIdentifier(receiver) ? scope.lookup(receiver.text) : undefined;
      if (binding && !binding.qname && !binding.fn) {
        let taint = binding.taint;
        for (const arg of node.arguments) taint = join(taint, this.evaluate(arg, scope));
        binding.taint = taint;
      }
    }
    if (this.collecting) this.checkCall(node, scope);
  }

  private checkCall(node: TS.CallExpression, scope: Scope): void {
    const ts = this.ts;
    const callee = this.unwrap(node.expression);
    const args = node.arguments;
    // Most calls are of nothing we know: skip them before resolving names.
    const calleeName = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    if (calleeName !== undefined && !SINK_NAMES.has(calleeName) && !this.methods.has(calleeName)) {
      const binding = ts.isIdentifier(callee) ? scope.lookup(callee.text) : undefined;
      if (!binding || (!binding.qname && !binding.fn && !binding.init)) return;
    }
    const qname = this.qname(callee, scope) ?? '';
    const method = ts.isPropertyAccessExpression(callee) ? callee.name.text : ts.isIdentifier(callee) ? callee.text : undefined;
    const first = args[0];
    const arg = (i: number): Taint => (args[i] ? this.evaluate(args[i], scope) : CONSTANT);

    // Calls of same-file functions, to raise sinks inside them later; and unsafe merge functions.
    const local = this.localFunction(callee, scope);
    if (local) {
      const taints = args.map((a) => this.evaluate(a, scope));
      this.calls.push({ fn: local.fn, args: taints, start: node.getStart(this.sf), end: node.end });
      if (!this.summaries.has(local.fn)) this.summaryOf(local.fn, local.scope);
      if (this.unsafeMerges.has(local.fn)) {
        taints.forEach((taint, i) => {
          if (taint.level === 2) this.record(SINK.prototype, `${method}() (a recursive merge without a __proto__ check)`, args[i], taint, scope, { sourceOnly: true, variant: 'merge' });
        });
      }
      // A method found by name alone may be another object's method of the same name: check the call as a sink too.
      if (!local.method) return;
    }

    if (node.expression.kind === K.ImportKeyword) {
      if (first && !ts.isStringLiteralLike(first)) this.record(SINK.code, 'import()', first, arg(0), scope, { variant: 'module' });
      return;
    }

    const module = qname.split('.')[0];
    const fn = lastSegment(qname);

    // OS commands
    if (module === 'child_process') {
      if (fn === 'exec' || fn === 'execSync') {
        if (first) this.record(SINK.command, `child_process.${fn}()`, first, arg(0), scope);
        return;
      }
      if (fn === 'spawn' || fn === 'spawnSync' || fn === 'execFile' || fn === 'execFileSync' || fn === 'fork') {
        this.checkSpawn(node, fn, scope);
        return;
      }
    }
    if ((module === 'shelljs' && fn === 'exec') || qname === 'execa.execaCommand' || qname === 'execa.execaCommandSync') {
      if (first) this.record(SINK.command, `${qname}()`, first, arg(0), scope);
      return;
    }
    if (qname === 'Bun.spawn' || qname === 'Bun.spawnSync') {
      const list = first && this.unwrap(first);
      const array = list && ts.isArrayLiteralExpression(list) ? list : list && ts.isObjectLiteralExpression(list) ? this.arrayProp(list, 'cmd', scope) : undefined;
      if (array) this.checkShellArray(array.elements, 0, `${qname}()`, scope);
      return;
    }

    // Code
    if (qname === 'eval' || qname === 'window.eval' || qname === 'globalThis.eval') {
      if (first) this.record(SINK.code, 'eval()', first, arg(0), scope);
      return;
    }
    if (qname === 'Function') {
      this.checkFunctionConstructor(node.arguments, scope);
      return;
    }
    if (/^(?:window\.|globalThis\.)?(?:setTimeout|setInterval|setImmediate)$/.test(qname)) {
      if (first && this.isStringy(first, scope)) this.record(SINK.code, `${fn}() with a string`, first, arg(0), scope);
      return;
    }
    if (module === 'vm' && /^(?:runInNewContext|runInThisContext|runInContext|compileFunction)$/.test(fn)) {
      if (first) this.record(SINK.code, `vm.${fn}()`, first, arg(0), scope);
      return;
    }
    if (qname === 'require' && first && !ts.isStringLiteralLike(first)) {
      this.record(SINK.code, 'require()', first, arg(0), scope, { variant: 'module' });
      return;
    }

    // Deserialization
    if ((module === 'node-serialize' || module === 'serialize-to-js') && (fn === 'unserialize' || fn === 'deserialize')) {
      if (first) this.record(SINK.deserialization, `${module}.${fn}()`, first, arg(0), scope);
      return;
    }
    if (module === 'js-yaml' && (fn === 'load' || fn === 'loadAll')) {
      const options = args[1] && this.objectOf(args[1], scope);
      const schema = options && this.propOf(options, 'schema');
      const schemaText = schema ? schema.getText(this.sf) : '';
      if (/FULL|JS_TYPES|js-types|unsafe/i.test(schemaText) || (schema && this.qname(schema, scope)?.startsWith('js-yaml-js-types'))) {
        if (first) this.record(SINK.deserialization, `js-yaml ${fn}() with ${shortText(schemaText)}`, first, arg(0), scope);
      }
      return;
    }
    if ((module === 'funcster' && fn === 'deepDeserialize') || (module === 'cryo' && fn === 'parse')) {
      if (first) this.record(SINK.deserialization, `${qname}()`, first, arg(0), scope);
      return;
    }

    // XSS in the DOM
    if (/^(?:window\.)?document\.(?:write|writeln)$/.test(qname)) {
      if (first) this.record(SINK.xssDom, `${fn}()`, first, arg(0), scope);
      return;
    }
    if (method === 'insertAdjacentHTML' && args[1]) {
      this.record(SINK.xssDom, 'insertAdjacentHTML()', args[1], arg(1), scope);
      return;
    }
    if (method === 'createContextualFragment' && first) {
      this.record(SINK.xssDom, 'createContextualFragment()', first, arg(0), scope);
      return;
    }

    // jQuery
    if (ts.isPropertyAccessExpression(callee) && method && JQUERY_METHODS.has(method) && this.isJqueryChain(callee.expression, scope) && first) {
      const taint = arg(0);
      if (taint.level === 2 || (effectiveLevel(taint) > 0 && taint.built && HTML_TEXT.test(taint.text))) this.record(SINK.xssJquery, `jQuery .${method}()`, first, taint, scope);
      return;
    }
    if ((qname === '$' || qname === 'jQuery' || module === 'jquery') && ts.isIdentifier(callee) && first) {
      const taint = arg(0);
      if (taint.level === 2 || (effectiveLevel(taint) > 0 && taint.built && HTML_TEXT.test(taint.text))) this.record(SINK.xssJquery, `jQuery ${callee.text}()`, first, taint, scope);
      // Not returning: $() is also a receiver of the methods above.
    }

    // Responses: XSS, redirects, files
    if (ts.isPropertyAccessExpression(callee) && method && this.isResponse(callee.expression, scope)) {
      if ((method === 'send' || method === 'write' || method === 'end') && first) {
        const taint = arg(0);
        const direct = taint.level === 2 && !!taint.source?.label.includes('`');
        if (taint.built || HTML_TEXT.test(taint.text) || direct) this.record(SINK.xssResponse, `res.${method}()`, first, taint, scope, { sourceOnly: true });
        return;
      }
      if (method === 'redirect') {
        const target = args.length >= 2 ? args[1] : first;
        if (target) this.checkRedirect(target, this.evaluate(target, scope), scope, 'res.redirect()');
        return;
      }
      if (method === 'location' && first) {
        this.checkRedirect(first, arg(0), scope, 'res.location()');
        return;
      }
      if ((method === 'setHeader' || method === 'set' || method === 'header') && first && ts.isStringLiteralLike(first) && first.text.toLowerCase() === 'location' && args[1]) {
        this.checkRedirect(args[1], arg(1), scope, 'Location header');
        return;
      }
      if (method === 'writeHead' && args.length >= 2) {
        const headers = this.objectOf(args[args.length - 1], scope);
        const location = headers && (this.propOf(headers, 'Location') ?? this.propOf(headers, 'location'));
        if (location) this.checkRedirect(location, this.evaluate(location, scope), scope, 'Location header');
        return;
      }
      if ((method === 'sendFile' || method === 'download' || method === 'attachment') && first) {
        const options = args[1] && this.objectOf(args[1], scope);
        if (method === 'sendFile' && options && this.propOf(options, 'root')) return;
        this.checkPath(first, arg(0), scope, `res.${method}()`);
        return;
      }
    }
    if (/(?:^|\.)(?:NextResponse|Response)\.redirect$/.test(qname) || qname === 'next/navigation.redirect' || qname === 'next/navigation.permanentRedirect') {
      if (first) this.checkRedirect(first, arg(0), scope, `${fn}()`);
      return;
    }
    if (/^(?:window\.|document\.)?location\.(?:assign|replace)$/.test(qname) || qname === 'window.open') {
      if (first) this.checkRedirect(first, arg(0), scope, `${qname}()`);
      return;
    }

    // Files
    if ((module === 'fs' || module === 'fs-extra') && FS_METHODS.has(fn)) {
      if (first) this.checkPath(first, arg(0), scope, `fs.${fn}()`);
      if ((fn === 'rename' || fn === 'renameSync' || fn === 'copyFile' || fn === 'copyFileSync') && args[1]) this.checkPath(args[1], arg(1), scope, `fs.${fn}()`);
      return;
    }

    // SSRF
    if (this.isHttpClient(qname, module, fn)) {
      if (!first) return;
      const options = this.objectOf(first, scope);
      const target = options ? (this.propOf(options, 'url') ?? this.propOf(options, 'host') ?? this.propOf(options, 'hostname')) : first;
      if (target) this.checkSsrf(target, this.evaluate(target, scope), scope, `${qname}()`);
      return;
    }

    // Prototype pollution through deep merges and path setters
    if (MERGE_FUNCTIONS.test(qname) && (MERGE_MODULES.test(qname) || module === 'lodash' || module === 'lodash-es')) {
      const isSetter = /(?:^|\.)(?:set|setWith)$/.test(qname);
      if (isSetter) {
        if (args[1]) this.checkPollution(args[1], arg(1), scope, `${qname}() with a path`);
      } else {
        const deep = !/(?:^|\.)extend$/.test(qname) || (first && first.kind === K.TrueKeyword);
        if (deep) args.slice(1).forEach((a) => this.checkPollution(a, this.evaluate(a, scope), scope, `${qname}()`));
      }
      return;
    }

    if (!method || !ts.isPropertyAccessExpression(callee)) return;

    // NoSQL
    if (NOSQL_METHODS.has(method) && first) {
      this.checkNosql(first, scope, `${method}()`);
    }
    if (method === 'mapReduce' && first) {
      for (const a of args.slice(0, 2)) if (this.isStringy(a, scope)) this.record(SINK.nosql, 'mapReduce() with code in a string', a, this.evaluate(a, scope), scope, { variant: 'where' });
      return;
    }

    // SQL
    this.checkSql(node, callee, method, qname, scope);
  }

  private checkSql(node: TS.CallExpression, callee: TS.PropertyAccessExpression, method: string, qname: string, scope: Scope): void {
    const first = node.arguments[0];
    if (!first) return;
    const strong = SQL_STRONG_METHODS.has(method) || /(?:^|\.)sql\.raw$/.test(qname);
    const typeorm = TYPEORM_WHERE.has(method) && this.chainHasCall(callee.expression, 'createQueryBuilder');
    if (!strong && !typeorm && !SQL_WEAK_METHODS.has(method)) return;
    if (method === 'literal' && !/sequelize/i.test(qname) && !this.modules.has('sequelize')) return;
    if (method === 'unsafe' && !this.modules.has('postgres')) return;
    // pg and mysql accept a config object: { text | sql, values }.
    let argument: TS.Expression = first;
    const config = this.objectOf(first, scope);
    if (config) {
      const text = this.propOf(config, 'text') ?? this.propOf(config, 'sql') ?? this.propOf(config, 'query');
      if (!text) return;
      argument = text;
    }
    const taint = this.evaluate(argument, scope);
    const level = effectiveLevel(taint);
    if (level === 0) return;
    if (!strong && !typeorm) {
      if (!looksLikeSql(taint.text)) return;
      if (!taint.built && taint.level !== 2) return;
    } else if (!taint.built && taint.level !== 2 && taint.params === 0) {
      return;
    }
    const receiver = shortText(callee.expression.getText(this.sf), 24);
    const sink = strong || typeorm ? `${method}()` : `${receiver}.${method}()`;
    const fix = node.arguments.length === 1 && !config ? this.placeholderFix(first, method) : undefined;
    this.record(SINK.sql, sink, argument, taint, scope, fix ? { fix } : undefined);
  }

  /** `pg`: `'... = ' + id` becomes `'... = $1', [id]`; mysql and sqlite take `?`. */
  private placeholderFix(argument: TS.Expression, method: string): RawHit['fix'] {
    const ts = this.ts;
    if (method !== 'query' && method !== 'execute' && method !== 'run' && method !== 'all' && method !== 'get') return undefined;
    const parts: (string | TS.Expression)[] = [];
    const flatten = (node: TS.Expression): boolean => {
      node = ts.isParenthesizedExpression(node) ? node.expression : node;
      if (ts.isBinaryExpression(node) && node.operatorToken.kind === K.PlusToken) return flatten(node.left) && flatten(node.right);
      if (ts.isStringLiteralLike(node)) {
        parts.push(node.text);
        return true;
      }
      if (ts.isTemplateExpression(node)) {
        parts.push(node.head.text);
        for (const span of node.templateSpans) {
          parts.push(span.expression);
          parts.push(span.literal.text);
        }
        return true;
      }
      parts.push(node);
      return true;
    };
    if (!flatten(argument)) return undefined;
    if (typeof parts[0] !== 'string') return undefined;
    const pg = this.modules.has('pg') || this.modules.has('pg-pool') || this.modules.has('@vercel/postgres');
    const mysql = this.modules.has('mysql') || this.modules.has('mysql2') || this.modules.has('mysql2/promise') || this.modules.has('sqlite3') || this.modules.has('better-sqlite3') || this.modules.has('sqlite');
    if (pg === mysql) return undefined;
    let sql = '';
    const values: string[] = [];
    for (let i = 0; i < parts.length; i++) {
      const part = parts[i];
      if (typeof part === 'string') {
        sql += part;
        continue;
      }
      // Identifier positions (table or column names) cannot take a placeholder.
      if (/(?:\b(?:from|join|into|update|table|by)|\.)\s*["'`]?$/i.test(sql)) return undefined;
      const next = parts[i + 1];
      if (sql.endsWith("'") && typeof next === 'string' && next.startsWith("'")) {
        sql = sql.slice(0, -1);
        parts[i + 1] = next.slice(1);
      } else if (sql.endsWith('%') || (typeof next === 'string' && next.startsWith('%'))) {
        return undefined;
      }
      values.push(part.getText(this.sf));
      sql += pg ? `$${values.length}` : '?';
    }
    if (values.length === 0) return undefined;
    const literal = `'${sql.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
    return {
      title: pg ? 'Use $1 placeholders and pass the values separately' : 'Use ? placeholders and pass the values separately',
      edits: [{ start: argument.getStart(this.sf), end: argument.end, text: `${literal}, [${values.join(', ')}]` }],
    };
  }

  private checkSpawn(node: TS.CallExpression, fn: string, scope: Scope): void {
    const ts = this.ts;
    const args = node.arguments;
    const first = args[0];
    if (!first) return;
    const arrayArg = args[1] && this.unwrap(args[1]);
    const array = arrayArg && ts.isArrayLiteralExpression(arrayArg) ? arrayArg : undefined;
    const optionsArg = args.find((a, i) => i >= 1 && this.objectOf(a, scope));
    const options = optionsArg && this.objectOf(optionsArg, scope);
    const shell = options && this.propOf(options, 'shell');
    const shellOn = shell && shell.kind !== K.FalseKeyword && !(ts.isNumericLiteral(shell) && shell.text === '0');
    if (shellOn) {
      let taint = this.evaluate(first, scope);
      if (array) taint = concat(taint, this.evaluate(array, scope));
      this.record(SINK.command, `child_process.${fn}() with shell: true`, first, taint, scope);
      return;
    }
    if (ts.isStringLiteralLike(first) && SHELLS.test(first.text) && array) this.checkShellArray(array.elements, 0, `child_process.${fn}('${first.text}', ['-c', …])`, scope, true);
  }

  /** `['sh', '-c', cmd]` or, after the shell, `['-c', cmd]`: the element after -c is a shell command. */
  private checkShellArray(elements: TS.NodeArray<TS.Expression>, offset: number, sink: string, scope: Scope, afterShell = false): void {
    const ts = this.ts;
    let i = offset;
    if (!afterShell) {
      const shell = elements[i];
      if (!shell || !ts.isStringLiteralLike(shell) || !SHELLS.test(shell.text)) return;
      i++;
    }
    const flag = elements[i];
    if (!flag || !ts.isStringLiteralLike(flag) || !/^(?:-c|\/c|-Command|-lc)$/i.test(flag.text)) return;
    const command = elements[i + 1];
    if (command) this.record(SINK.command, sink, command, this.evaluate(command, scope), scope);
  }

  private checkFunctionConstructor(args: TS.NodeArray<TS.Expression> | undefined, scope: Scope): void {
    if (!args || args.length === 0) return;
    const body = args[args.length - 1];
    this.record(SINK.code, 'new Function()', body, this.evaluate(body, scope), scope);
  }

  private checkNew(node: TS.NewExpression, scope: Scope): void {
    if (!this.collecting) return;
    const ts = this.ts;
    const qname = this.qname(node.expression, scope) ?? '';
    const args = node.arguments;
    if (qname === 'Function') {
      this.checkFunctionConstructor(args, scope);
    } else if ((qname === 'vm.Script' || qname === 'vm.SourceTextModule') && args?.[0]) {
      this.record(SINK.code, `new ${qname}()`, args[0], this.evaluate(args[0], scope), scope);
    } else if (qname === 'Deno.Command' && args?.[0] && ts.isStringLiteralLike(args[0]) && SHELLS.test(args[0].text) && args[1]) {
      const options = this.objectOf(args[1], scope);
      const array = options && this.arrayProp(options, 'args', scope);
      if (array) this.checkShellArray(array.elements, 0, `new Deno.Command('${args[0].text}')`, scope, true);
    } else if (qname === 'Response' && args?.[0]) {
      const taint = this.evaluate(args[0], scope);
      if (HTML_TEXT.test(taint.text) && taint.built) this.record(SINK.xssResponse, 'new Response()', args[0], taint, scope, { sourceOnly: true });
    }
  }

  private checkTagged(node: TS.TaggedTemplateExpression, scope: Scope): void {
    if (!this.collecting) return;
    const ts = this.ts;
    const tag = this.qname(node.tag, scope) ?? '';
    // zx quotes each ${} value, except where the command hands a string to a shell again.
    if ((tag === 'zx.$' || tag === '$' || tag === 'bun.$' || tag === 'execa.$') && ts.isTemplateExpression(node.template)) {
      let before = node.template.head.text;
      for (const span of node.template.templateSpans) {
        if (/(?:^|\s)(?:sh|bash|zsh)\s+-c\s*["']?$|(?:^|\s)eval\s+["']?$/.test(before)) {
          this.record(SINK.command, `${tag}\`sh -c \${…}\``, span.expression, this.evaluate(span.expression, scope), scope);
        }
        before = span.literal.text;
      }
    }
  }

  private checkJsxAttribute(node: TS.JsxAttribute, scope: Scope): void {
    if (!this.collecting) return;
    const ts = this.ts;
    if (!ts.isIdentifier(node.name) || node.name.text !== 'dangerouslySetInnerHTML') return;
    const init = node.initializer;
    if (!init || !ts.isJsxExpression(init) || !init.expression) return;
    const object = this.objectOf(init.expression, scope);
    if (!object) {
      this.record(SINK.xssReact, 'dangerouslySetInnerHTML', init.expression, this.evaluate(init.expression, scope), scope);
      return;
    }
    const html = this.propOf(object, '__html');
    if (html) this.record(SINK.xssReact, 'dangerouslySetInnerHTML', html, this.evaluate(html, scope), scope);
  }

  private checkDomHtml(value: TS.Expression, taint: Taint, scope: Scope, sink: string, property?: TS.Node): void {
    let fix: RawHit['fix'];
    // Offer textContent only where the value reads as text: no markup in its constant parts, and either
    // user data or some constant text around it (a bare `html` variable is probably meant as markup).
    const looksLikeText = !HTML_TEXT.test(taint.text) && (taint.level === 2 || taint.text.trim() !== '') && !/html|markup|template|svg/i.test(taint.what ?? '');
    if (property && sink === 'innerHTML' && looksLikeText) {
      fix = { title: 'Set textContent instead (the value is plain text)', edits: [{ start: property.getStart(this.sf), end: property.end, text: 'textContent' }] };
    }
    this.record(SINK.xssDom, sink, value, taint, scope, fix ? { fix } : undefined);
  }

  private checkResponseHtml(value: TS.Expression, taint: Taint, sink: string): void {
    if (!this.collecting || taint.level !== 2) return;
    if (HTML_TEXT.test(taint.text) || taint.built) this.hits.push({ rule: SINK.xssResponse, sink, start: value.getStart(this.sf), end: value.end, taint, fn: this.sf, sourceOnly: true });
  }

  private checkRedirect(target: TS.Expression, taint: Taint, scope: Scope, sink: string): void {
    if (taint.checks & CHECKED_PATH) return;
    if (FIXED_ORIGIN.test(taint.prefix ?? '')) return;
    this.record(SINK.redirect, sink, target, taint, scope, { sourceOnly: true });
  }

  private checkSsrf(target: TS.Expression, taint: Taint, scope: Scope, sink: string): void {
    if (taint.checks & CHECKED_PATH) return;
    if (FIXED_ORIGIN.test(taint.prefix ?? '')) return;
    this.record(SINK.ssrf, sink, target, taint, scope, { sourceOnly: true });
  }

  private checkPath(target: TS.Expression, taint: Taint, scope: Scope, sink: string): void {
    if (taint.checks & CHECKED_PATH) return;
    this.record(SINK.path, sink, target, taint, scope, { sourceOnly: true });
  }

  private checkPollution(target: TS.Expression, taint: Taint, scope: Scope, sink: string): void {
    if (scope.protoGuard) return;
    this.record(SINK.prototype, sink, target, taint, scope, { sourceOnly: true });
  }

  /** `obj[a][b] = v` with a key from the request; and `target[key] = ...` inside a for-in loop (a merge). */
  private checkComputedAssignment(left: TS.ElementAccessExpression, _value: Taint, scope: Scope): void {
    const ts = this.ts;
    const key = left.argumentExpression;
    if (ts.isIdentifier(key) && scope.loopKeys?.has(key.text)) scope.computedLoopAssign = true;
    if (!ts.isElementAccessExpression(this.unwrap(left.expression))) return;
    const inner = this.unwrap(left.expression) as TS.ElementAccessExpression;
    for (const k of [inner.argumentExpression, key]) {
      if (ts.isStringLiteralLike(k) || ts.isNumericLiteral(k)) continue;
      const taint = this.evaluate(k, scope);
      if (taint.level === 2 || taint.params) {
        this.checkPollution(k, taint, scope, 'an assignment through computed keys');
        return;
      }
    }
  }

  private checkNosql(filter: TS.Expression, scope: Scope, sink: string): void {
    const ts = this.ts;
    const object = this.objectOf(filter, scope);
    if (!object) {
      const bare = this.unwrap(filter);
      if (ts.isFunctionExpression(bare) || ts.isArrowFunction(bare)) return;
      const taint = this.evaluate(filter, scope);
      if (taint.checks & CHECKED_STRING) return;
      this.record(SINK.nosql, sink, filter, taint, scope, { sourceOnly: true, variant: 'whole' });
      return;
    }
    for (const property of object.properties) {
      let value: TS.Expression | undefined;
      let name: string | undefined;
      if (ts.isPropertyAssignment(property)) {
        value = property.initializer;
        name = propertyNameText(ts, property.name);
      } else if (ts.isShorthandPropertyAssignment(property)) {
        value = property.name;
        name = property.name.text;
      } else if (ts.isSpreadAssignment(property)) {
        const taint = this.evaluate(property.expression, scope);
        this.record(SINK.nosql, sink, property.expression, taint, scope, { sourceOnly: true, variant: 'whole' });
        continue;
      }
      if (!value) continue;
      if (name === '$where' || name === '$function' || name === '$accumulator') {
        if (this.isStringy(value, scope)) this.record(SINK.nosql, `${name} in ${sink}`, value, this.evaluate(value, scope), scope, { variant: 'where' });
        continue;
      }
      const bare = this.unwrap(value);
      // A raw request value can be an object such as { "$ne": null }; a template or String() makes it a string.
      if (ts.isPropertyAccessExpression(bare) || ts.isElementAccessExpression(bare) || ts.isIdentifier(bare)) {
        const taint = this.evaluate(bare, scope);
        if (taint.checks & CHECKED_STRING) continue;
        this.record(SINK.nosql, sink, value, taint, scope, { sourceOnly: true, variant: 'field' });
      }
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  /** A value that is a string rather than a function: a literal-built string, or a tainted value. */
  private isStringy(node: TS.Expression, scope: Scope): boolean {
    const ts = this.ts;
    const bare = this.unwrap(node);
    if (ts.isFunctionExpression(bare) || ts.isArrowFunction(bare)) return false;
    if (ts.isStringLiteralLike(bare)) return false;
    const taint = this.evaluate(bare, scope);
    if (ts.isIdentifier(bare)) {
      const binding = scope.lookup(bare.text);
      if (binding?.fn) return false;
    }
    return taint.built || taint.level === 2 || ts.isTemplateExpression(bare) || (ts.isBinaryExpression(bare) && bare.operatorToken.kind === K.PlusToken);
  }

  private objectOf(node: TS.Expression, scope: Scope): TS.ObjectLiteralExpression | undefined {
    const ts = this.ts;
    const bare = this.unwrap(node);
    if (ts.isObjectLiteralExpression(bare)) return bare;
    if (ts.isIdentifier(bare)) {
      const init = scope.lookup(bare.text)?.init;
      if (init && ts.isObjectLiteralExpression(init)) return init;
    }
    return undefined;
  }

  private propOf(object: TS.ObjectLiteralExpression, name: string): TS.Expression | undefined {
    const ts = this.ts;
    for (const property of object.properties) {
      if (ts.isPropertyAssignment(property) && propertyNameText(ts, property.name) === name) return property.initializer;
      if (ts.isShorthandPropertyAssignment(property) && property.name.text === name) return property.name;
    }
    return undefined;
  }

  private arrayProp(object: TS.ObjectLiteralExpression, name: string, scope: Scope): TS.ArrayLiteralExpression | undefined {
    const value = this.propOf(object, name);
    if (!value) return undefined;
    const bare = this.unwrap(value);
    if (this.ts.isArrayLiteralExpression(bare)) return bare;
    if (this.ts.isIdentifier(bare)) {
      const init = scope.lookup(bare.text)?.init;
      if (init && this.ts.isArrayLiteralExpression(init)) return init;
    }
    return undefined;
  }

  private chainHasCall(node: TS.Expression, name: string): boolean {
    const ts = this.ts;
    for (let current: TS.Expression = node, i = 0; i < 40; i++) {
      current = this.unwrap(current);
      if (ts.isCallExpression(current)) {
        const callee = this.unwrap(current.expression);
        if (ts.isPropertyAccessExpression(callee) && callee.name.text === name) return true;
        if (ts.isIdentifier(callee) && callee.text === name) return true;
        current = callee;
      } else if (ts.isPropertyAccessExpression(current)) {
        current = current.expression;
      } else {
        return false;
      }
    }
    return false;
  }

  private isJqueryChain(node: TS.Expression, scope: Scope): boolean {
    const ts = this.ts;
    for (let current: TS.Expression = node, i = 0; i < 40; i++) {
      current = this.unwrap(current);
      if (ts.isCallExpression(current)) {
        const callee = this.unwrap(current.expression);
        if (ts.isIdentifier(callee)) {
          const q = this.qname(callee, scope);
          return callee.text === '$' || callee.text === 'jQuery' || q === 'jquery';
        }
        current = callee;
      } else if (ts.isPropertyAccessExpression(current)) {
        current = current.expression;
      } else if (ts.isIdentifier(current)) {
        // A cached selection: const $list = $('#list')
        return /^\$\w/.test(current.text);
      } else {
        return false;
      }
    }
    return false;
  }

  /** `res`, `res.status(404)`, `reply.code(200)`: an HTTP response. */
  private isResponse(node: TS.Expression, scope: Scope): boolean {
    const ts = this.ts;
    for (let current: TS.Expression = node, i = 0; i < 10; i++) {
      current = this.unwrap(current);
      if (ts.isIdentifier(current)) {
        const role = this.roleOfName(current.text, scope);
        return role === 'response' || role === 'ctx';
      }
      if (ts.isCallExpression(current) && ts.isPropertyAccessExpression(current.expression)) {
        current = current.expression.expression;
      } else {
        return false;
      }
    }
    return false;
  }

  private isLocationLike(node: TS.PropertyAccessExpression): boolean {
    const text = node.getText(this.sf);
    return /^(?:window\.|document\.|globalThis\.|self\.|top\.)?location(?:\.href)?$/.test(text) || text === 'window.location' || text === 'document.location';
  }

  private isHttpClient(qname: string, module: string, fn: string): boolean {
    if (qname === 'fetch' || qname === 'window.fetch' || qname === 'globalThis.fetch') return true;
    if (module === 'node-fetch' || module === 'cross-fetch' || module === 'isomorphic-fetch') return true;
    if (module === 'axios' || module === 'got' || module === 'superagent' || module === 'needle' || module === 'request' || module === 'ky' || module === 'phin') {
      return qname === module || HTTP_CLIENT_METHODS.has(fn);
    }
    if (module === 'undici') return fn === 'fetch' || fn === 'request';
    if ((module === 'http' || module === 'https') && (fn === 'get' || fn === 'request')) return true;
    return false;
  }

  // ---- raising hits through same-file calls ------------------------------------------------

  /** A sink reached by a parameter is raised when a call in this file passes a known source for it. */
  private raiseThroughCalls(): void {
    if (this.calls.length === 0) return;
    const byFn = new Map<TS.Node, { args: Taint[]; start: number; end: number }[]>();
    for (const call of this.calls) {
      const list = byFn.get(call.fn) ?? [];
      list.push(call);
      byFn.set(call.fn, list);
    }
    for (let round = 0; round < 3; round++) {
      let changed = false;
      for (const hit of this.hits) {
        if (hit.taint.level === 2 || hit.taint.params === 0) continue;
        const calls = byFn.get(hit.fn);
        if (!calls) continue;
        for (const call of calls) {
          const tainted = call.args.findIndex((arg, i) => i < 30 && arg.level === 2 && (hit.taint.params & (1 << i)) !== 0);
          if (tainted >= 0) {
            const arg = call.args[tainted];
            hit.taint = { ...hit.taint, level: 2, source: arg.source, params: 0 };
            hit.via = { start: call.start, end: call.end };
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }
  }
}

function memberChain(ts: typeof TS, node: TS.Expression): { base: TS.Expression; names: (string | undefined)[] } | undefined {
  const names: (string | undefined)[] = [];
  let current: TS.Expression = node;
  for (let i = 0; i < 32; i++) {
    if (ts.isPropertyAccessExpression(current)) {
      names.unshift(current.name.text);
      current = current.expression;
    } else if (ts.isElementAccessExpression(current)) {
      const arg = current.argumentExpression;
      names.unshift(ts.isStringLiteralLike(arg) || ts.isNumericLiteral(arg) ? arg.text : undefined);
      current = current.expression;
    } else if (ts.isParenthesizedExpression(current) || ts.isNonNullExpression(current) || ts.isAsExpression(current)) {
      current = current.expression;
    } else {
      return { base: current, names };
    }
  }
  return undefined;
}

function rootIdentifier(ts: typeof TS, node: TS.Expression): TS.Identifier | undefined {
  let current = node;
  while (ts.isPropertyAccessExpression(current) || ts.isElementAccessExpression(current)) current = current.expression;
  return ts.isIdentifier(current) ? current : undefined;
}

function propertyNameText(ts: typeof TS, name: TS.PropertyName): string | undefined {
  if (ts.isIdentifier(name) || ts.isStringLiteralLike(name) || ts.isNumericLiteral(name) || ts.isPrivateIdentifier(name)) return name.text;
  return undefined;
}

export function normalizeModule(specifier: string): string {
  let module = specifier.startsWith('node:') ? specifier.slice(5) : specifier;
  if (module === 'fs/promises' || module === 'graceful-fs') module = 'fs';
  if (module === 'child_process/promises') module = 'child_process';
  if (module === 'mysql2/promise') module = 'mysql2';
  return module;
}

function normalizeQname(qname: string): string {
  return qname.replace(/^fs\.promises\./, 'fs.').replace(/^(fs-extra)\./, 'fs.');
}

function lastSegment(qname: string): string {
  const dot = qname.lastIndexOf('.');
  return dot < 0 ? qname : qname.slice(dot + 1);
}

function shortText(text: string, max = 40): string {
  const single = text.replace(/\s+/g, ' ');
  return single.length <= max ? single : `${single.slice(0, max - 1)}…`;
}

/** True when the constant text of a string reads as SQL: a leading verb, or SELECT…FROM style pairs. */
export function looksLikeSql(text: string): boolean {
  const words = text.toLowerCase().match(SQL_TOKEN);
  if (!words || words.length === 0) return false;
  if (SQL_VERBS.has(words[0]) && words.length > 1) return true;
  const set = new Set(words);
  return (set.has('select') && set.has('from')) || (set.has('insert') && set.has('into')) || (set.has('delete') && set.has('from')) || (set.has('update') && set.has('set')) || (set.has('where') && (set.has('and') || set.has('or') || words.length > 2 && text.includes('=')));
}
