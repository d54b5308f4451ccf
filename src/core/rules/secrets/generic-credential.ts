import type { LanguageId } from '../../scan/language';
import type { Rule, RuleContext } from '../types';
import { MAX_REPORTS_PER_FILE, lowerSeverity } from './defineSecretRule';
import { isPlaceholder, shannonEntropy } from './placeholder';

/**
 * Literal values assigned to credential names (`password`, `api_key`, `client_secret`, `token`…) in code,
 * JSON, YAML, `.env`, `.properties`, INI, TOML, XML and shell. Names are loose and values are anything, so
 * this rule leans on filters: the name must really be a credential (not `password_hash` or `max_tokens`),
 * the value must be a literal (not `os.getenv(…)`), not a placeholder, and random enough.
 */
/** Credential names as pattern pieces, each with the prefilter keywords that reveal it in a file. */
const NAME_PARTS: readonly { source: string; keywords: readonly string[] }[] = [
  { source: 'passw(?:or)?d', keywords: ['passw'] },
  { source: 'passphrase', keywords: ['passphrase'] },
  { source: 'pwd', keywords: ['pwd'] },
  { source: 'secret', keywords: ['secret'] },
  { source: 'token', keywords: ['token'] },
  { source: 'api[_.-]?key', keywords: ['api_key', 'api-key', 'api.key', 'apikey'] },
  { source: 'access[_.-]?key', keywords: ['access_key', 'access-key', 'access.key', 'accesskey'] },
  { source: 'private[_.-]?key', keywords: ['private_key', 'private-key', 'private.key', 'privatekey'] },
  { source: 'auth', keywords: ['auth'] },
  { source: 'credentials?', keywords: ['credential'] },
];
const NAME = `(?:${NAME_PARTS.map((part) => part.source).join('|')})`;
/** `name = "value"`, `"name": "value"`, `name: 'value'`, `name := "value"`, `'name' => 'value'`, with `\"` as in notebooks. */
const QUOTED_TAIL = `[\\w.-]{0,30}(?:\\\\?["'\\]]){0,2}[ \\t]{0,4}(?:=|:=|:|=>|\\?\\?=|\\|\\|=)[ \\t]{0,4}(?:[rbuf@]{1,2})?\\\\?["'\`]([^"'\`\\\\\\s]{4,256})\\\\?["'\`]`;
const QUOTED = new RegExp(`${NAME}${QUOTED_TAIL}`, 'gi');
const quotedByNames = new Map<string, RegExp>();

/**
 * QUOTED narrowed to the names whose keywords the prefilter found: one or two literal names scan about four
 * times faster than all ten alternatives, and this rule runs on most files.
 */
function quotedFor(keywords: ReadonlySet<string> | undefined): RegExp {
  if (!keywords) return QUOTED;
  const parts = NAME_PARTS.filter((part) => part.keywords.some((k) => keywords.has(k))).map((part) => part.source);
  if (parts.length === NAME_PARTS.length || parts.length === 0) return QUOTED;
  const key = parts.join('|');
  let regex = quotedByNames.get(key);
  if (!regex) {
    regex = new RegExp(`(?:${key})${QUOTED_TAIL}`, 'gi');
    quotedByNames.set(key, regex);
  }
  return regex;
}
/** `NAME=value` on its own line, for formats where values are bare: `.env`, properties, INI, YAML, shell. */
const BARE = new RegExp(
  `^[ \\t]{0,40}(?:export[ \\t]{1,4}|ENV[ \\t]{1,4}|ARG[ \\t]{1,4}|set[ \\t]{1,4}|-[ \\t]{1,4})?[\\w.-]{0,40}${NAME}[\\w.-]{0,30}[ \\t]{0,4}[=:][ \\t]{0,4}([^\\s'"\`#;,]{4,256})[ \\t]*(?=#|$)`,
  'gim',
);
/** `<password>value</password>` and `<add key="ApiKey" value="…"/>`. */
const XML_ELEMENT = new RegExp(`<[\\w:.-]{0,30}${NAME}[\\w:.-]{0,30}>([^<\\s]{4,256})</`, 'gi');
const XML_APP_SETTING = new RegExp(`key=["'][\\w.:-]{0,40}${NAME}[\\w.:-]{0,40}["'][ \\t]{1,4}value=["']([^"'\\s]{4,256})["']`, 'gi');

const BARE_LANGUAGES: ReadonlySet<LanguageId> = new Set(['dotenv', 'properties', 'ini', 'yaml', 'shellscript', 'dockerfile', 'makefile', 'toml']);

// Markup where credentials sit in elements and attributes (web.config, settings.xml, pom.xml); not JSX.
const MARKUP_LANGUAGES: ReadonlySet<LanguageId> = new Set(['xml', 'html', 'vue', 'plaintext', 'markdown']);

const PASSWORD_WORDS = new Set(['password', 'passwd', 'pwd', 'passphrase', 'pass']);
const SECRET_WORDS = new Set(['secret', 'token', 'apikey', 'auth', 'credential', 'credentials', 'accesskey', 'privatekey', 'clientsecret', 'authtoken']);
/** A last word that makes the name describe a credential rather than hold one: `password_hash`, `token_type`. */
const NOT_A_VALUE = new Set([
  'hash', 'hashed', 'digest', 'salt', 'type', 'kind', 'length', 'len', 'size', 'field', 'label', 'name', 'names', 'id', 'ids', 'url', 'uri',
  'path', 'file', 'dir', 'regex', 'pattern', 'prompt', 'placeholder', 'count', 'expiry', 'expires', 'expiration', 'ttl', 'endpoint', 'header',
  'param', 'policy', 'min', 'max', 'hint', 'input', 'reset', 'confirm', 'confirmation', 'validation', 'format', 'required', 'enabled', 'mode',
  'strategy', 'timeout', 'version', 'provider', 'store', 'manager', 'env', 'var', 'ref', 'source', 'prefix', 'suffix', 'location', 'key_id',
  'usage', 'limit', 'index', 'position', 'error', 'message', 'msg', 'text', 'title', 'description', 'help', 'key', 'keys', 'cache', 'class',
  'method', 'service', 'handler', 'helper', 'util', 'utils', 'module', 'endpoint', 'route', 'scope', 'scopes', 'audience', 'issuer', 'algorithm',
  'alg', 'encoding', 'separator', 'delimiter', 'char', 'chars', 'charset', 'storage', 'cookie', 'login', 'user', 'username', 'email',
]);
/** Words in a name that make the value something other than a credential: `page_token`, `csrf_token`. */
const NOT_A_CREDENTIAL = new Set(['page', 'next', 'cursor', 'csrf', 'xsrf', 'continuation', 'sync', 'max', 'num', 'total', 'tokens', 'tokenizer', 'author', 'authority', 'authorization', 'authenticated', 'authenticate', 'authentication', 'secretary', 'public', 'publishable', 'show', 'forgot', 'new', 'old', 'verify', 'is', 'has', 'use', 'should', 'enable', 'get', 'set', 'check']);
const WEAK_PASSWORD = /passw|secret|changeme|letmein|test|demo|sample|admin|qwerty|welcome|12345|abc123|hunter/i;
/** Values people write where a secret will go, or that are code rather than data. */
const NOT_A_SECRET_VALUE = /^(?:true|false|null|none|nil|undefined|required|optional|string|str|bool|boolean|int|number|secret|password|token|admin|root|guest|test|testing|letmein|qwerty|hunter2|default|empty|unset|masked|hidden|omitted|n\/a)$/i;

export const genericCredential: Rule = {
  patterns: [QUOTED, BARE, XML_ELEMENT, XML_APP_SETTING],
  meta: {
    id: 'secrets/generic-credential',
    category: 'secret',
    severity: 'high',
    // Low: names and values are loose. A provider rule that recognises the same value wins the engine's merge.
    confidence: 'low',
    cwe: [798, 259],
    keywords: NAME_PARTS.flatMap((part) => part.keywords),
    docs: {
      summary: 'A literal password, token or API key assigned to a credential name',
      why: 'A hard-coded password or key is readable by everyone with access to the repository, its forks and CI logs, stays in git history, and is usually shared between environments.',
      fix: 'Rotate the credential with the service it belongs to, then read it at run time from an environment variable or a secrets manager (e.g. `process.env.DB_PASSWORD`, `os.environ["API_KEY"]`), and keep `.env` files out of git. Purge the old value from history.',
      example: { bad: 'db_password = "q7R!…"', good: 'db_password = os.environ["DB_PASSWORD"]' },
    },
    messages: {
      password: 'Hard-coded password assigned to {{name}}',
      secret: 'Hard-coded secret assigned to {{name}}',
    },
  },
  check(context: RuleContext) {
    const { text } = context;
    const seen = new Set<number>();
    const patterns = [quotedFor(context.keywords)];
    if (BARE_LANGUAGES.has(context.language)) patterns.push(BARE);
    if (MARKUP_LANGUAGES.has(context.language)) patterns.push(XML_ELEMENT, XML_APP_SETTING);
    for (const pattern of patterns) {
      for (const match of text.matchAll(pattern)) {
        if (context.timedOut() || seen.size >= MAX_REPORTS_PER_FILE) return;
        const value = match[1];
        const valueStart = match.index + match[0].lastIndexOf(value);
        if (seen.has(valueStart)) continue;
        const name = identifierBefore(text, match.index, match[0], value);
        const kind = judge(name, value);
        if (!kind) continue;
        seen.add(valueStart);
        const severity = context.isTestFile ? lowerSeverity('high') : 'high';
        context.report({ messageId: kind, data: { name: name.slice(0, 60) }, start: valueStart, end: valueStart + value.length, secret: value, severity });
      }
    }
  },
};

/** The whole identifier the match's credential word belongs to: `db_password` for a match starting at `password`. */
function identifierBefore(text: string, matchStart: number, matched: string, value: string): string {
  let start = matchStart;
  while (start > 0 && start > matchStart - 60 && isNameChar(text.charCodeAt(start - 1))) start--;
  const head = text.slice(start, matchStart) + matched.slice(0, matched.lastIndexOf(value));
  const nameMatch = /[A-Za-z_][\w.:-]*/.exec(head.replace(/^(?:export|ENV|ARG|set)\s+/i, '').replace(/^<|^key=["']/, ''));
  return nameMatch ? nameMatch[0].replace(/[.:-]+$/, '') : '';
}

/** `[\w.-]` without a regex per character. */
function isNameChar(code: number): boolean {
  return (code >= 48 && code <= 57) || (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 46 || code === 45;
}

/** Splits `dbPassword`, `DB_PASSWORD`, `db.password`, `db-password` into lower-case words. */
function words(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

/** Which kind of credential, or undefined when the name or value says it is not one. */
export function judge(name: string, value: string): 'password' | 'secret' | undefined {
  const parts = words(name);
  if (parts.length === 0) return undefined;
  const joined = parts.map((_, i) => parts[i] + (parts[i + 1] ?? ''));
  const isPassword = parts.some((p) => PASSWORD_WORDS.has(p));
  const isSecret = parts.some((p) => SECRET_WORDS.has(p)) || joined.some((p) => SECRET_WORDS.has(p));
  if (!isPassword && !isSecret) return undefined;
  if (parts.some((p) => NOT_A_CREDENTIAL.has(p))) return undefined;
  const last = parts[parts.length - 1];
  if (NOT_A_VALUE.has(last) && !(last === 'key' && parts.length > 1 && /^(?:api|access|private|secret|signing|encryption|master|app|client)$/.test(parts[parts.length - 2]))) {
    return undefined;
  }
  if (!looksLikeLiteralSecret(value)) return undefined;
  // Fixture and demo passwords (`Test1234!`, `Password1!`) are words, not random: not a leak to report.
  if (isPassword && WEAK_PASSWORD.test(value)) return undefined;
  if (isPassword) return value.length >= 6 && shannonEntropy(value) >= 2.5 && /[A-Za-z]/.test(value) && /[^A-Za-z]/.test(value) ? 'password' : undefined;
  return value.length >= 12 && shannonEntropy(value) >= 3.3 && /[A-Za-z]/.test(value) && /[0-9]/.test(value) ? 'secret' : undefined;
}

function looksLikeLiteralSecret(value: string): boolean {
  if (isPlaceholder(value) || NOT_A_SECRET_VALUE.test(value)) return false;
  if (/^[$%{[(<@*&!~]/.test(value) || /[()]/.test(value)) return false;
  if (/^(?:https?|file|s3|gs):\/\//i.test(value) || /^\.{0,2}\//.test(value)) return false;
  // Dotted identifiers (`config.auth.token`, i18n keys) and file names.
  if (/^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)+$/.test(value) && !/\d/.test(value)) return false;
  if (/\.(?:json|ya?ml|pem|key|crt|txt|env|js|ts|py)$/i.test(value)) return false;
  // A regex source (`ghp_[A-Za-z0-9]{36}`), as in scanners and validators, is a pattern, not a secret.
  if (/\[[^\]]{1,40}\][{*+?]|\{\d{1,4}(?:,\d{0,4})?\}|\(\?[:<!=]/.test(value)) return false;
  // snake_case or kebab-case words (`token_sha256_to_refresh`): a constant's value, not a random secret.
  if (/^[a-z][a-z0-9]{0,11}(?:[_.-][a-z0-9]{1,12})+$/.test(value)) return false;
  return true;
}
