import type { Severity } from '../../model/finding';
import { baseName } from '../../scan/language';
import type { Rule, RuleContext } from '../types';
import { isNewLine, pathKindIs, pathLabel } from './support';

/** A line of a credentials file that carries a value, with the value's offsets. */
interface ValueLine {
  line: number;
  start: number;
  end: number;
  key: string;
  value: string;
  secretLike: boolean;
}

const ENV_ASSIGNMENT = /^[ \t]*(?:export[ \t]+)?([A-Za-z_][\w.-]{0,100})[ \t]*=(.*)$/;
const SECRET_KEY_NAME = /(?:key|token|secret|passw(?:or)?d|pwd|pass|credential|private|auth|dsn|database_url|conn(?:ection)?_?str)/i;
const TOKEN_KEY = /(?:_authtoken|_auth|_password|password|token|client-key-data|client_secret|aws_secret_access_key|private_key|secret)$/i;
const PLACEHOLDER = /^(?:|""|''|<[^>]{0,80}>|\$\{?[A-Za-z_]\w{0,80}\}?|x{3,}|\*{3,}|changeme|change-me|replace-?me|your[-_a-z]{0,40}|todo|example|dummy|placeholder|none|null|false|true|\d{1,6})$/i;
const GIT_CREDENTIAL = /^[a-z][\w+.-]{0,20}:\/\/[^:/\s@]{1,200}:([^@\s]{1,500})@/i;
const NETRC_PASSWORD = /\bpassword[ \t]{1,10}(\S{1,500})/;

const EXAMPLE_NAME = /\.(?:example|sample|template|dist|defaults?|schema)$/i;

/** The value-bearing lines of the file, by its kind. */
function valueLines(context: RuleContext): ValueLine[] {
  const name = baseName(context.path).toLowerCase();
  const out: ValueLine[] = [];
  const lines = context.text.split('\n');
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '');
    const lineStart = offset;
    offset += lines[i].length + 1;
    if (/^[ \t]*[#;]/.test(raw) || !raw.trim()) continue;
    let key = '';
    let value = '';
    let secretLike = false;
    if (name === '.git-credentials') {
      const match = GIT_CREDENTIAL.exec(raw);
      if (!match) continue;
      key = 'password';
      value = match[1];
      secretLike = true;
    } else if (name === '.netrc') {
      const match = NETRC_PASSWORD.exec(raw);
      if (!match) continue;
      key = 'password';
      value = match[1];
      secretLike = true;
    } else if (name.startsWith('.env') || name.endsWith('.env')) {
      const match = ENV_ASSIGNMENT.exec(raw);
      if (!match) continue;
      key = match[1];
      value = stripQuotes(match[2].replace(/[ \t]+#.*$/, '').trim());
      secretLike = SECRET_KEY_NAME.test(key);
    } else {
      // `key = value` (ini, .npmrc's `//host/:_authToken=…`) or `key: value` (kubeconfig, JSON).
      const split = splitAssignment(raw, '=') ?? splitAssignment(raw, ':');
      if (!split) continue;
      [key, value] = split;
      secretLike = true;
    }
    if (PLACEHOLDER.test(value)) continue;
    const valueAt = raw.indexOf(value, key.length);
    const start = lineStart + Math.max(valueAt, 0);
    out.push({ line: i + 1, start, end: start + value.length, key, value, secretLike });
  }
  return out;
}

function splitAssignment(raw: string, separator: string): [string, string] | undefined {
  const at = raw.indexOf(separator);
  if (at <= 0) return undefined;
  const key = raw.slice(0, at).trim().replace(/^["']|["']$/g, '');
  if (!TOKEN_KEY.test(key)) return undefined;
  return [key, stripQuotes(raw.slice(at + 1).trim().replace(/,$/, '').trim())];
}

function stripQuotes(value: string): string {
  return value.replace(/^(["'])(.*)\1$/, '$2');
}

/**
 * Credentials files with values in them: `.env` files, private key files, `.npmrc`/`.pypirc` with tokens,
 * `.netrc`, `.git-credentials`, AWS credentials, kubeconfigs. Private key files are left to secrets/private-key. One finding per file, at the first value a
 * change adds (diff mode) or the first value (scan mode). `.env.example` and other templates are
 * reported only when they hold values that look like secrets. Change-aware so it can pick the first *added* value.
 */
export const credentialsFile: Rule = {
  patterns: [ENV_ASSIGNMENT, SECRET_KEY_NAME, TOKEN_KEY, PLACEHOLDER, GIT_CREDENTIAL, NETRC_PASSWORD, EXAMPLE_NAME],
  meta: {
    id: 'files/credentials-file',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'medium',
    cwe: [312, 538],
    changeAware: true,
    docs: {
      summary: 'A credentials file with values is in the workspace',
      why: 'Files such as .env, .npmrc, .netrc and kubeconfigs exist to hold secrets; once committed, every clone, fork and CI log has them, and an agent that reads the workspace can send them anywhere.',
      fix: 'Remove the file from the repository (and from git history if it was pushed), add it to .gitignore, rotate what it held, and commit a `.env.example` with empty values instead.',
      example: { bad: '.env: STRIPE_SECRET_KEY=sk_live_…', good: '.env.example: STRIPE_SECRET_KEY=' },
    },
    messages: {
      values: '{{label}} holds {{count}} value(s), e.g. {{key}}',
    },
  },
  appliesToPath: (path) => pathKindIs(path, 'credentials'),
  check(context: RuleContext) {
    const label = capitalize(pathLabel(context.path, 'credentials file'));
    const name = baseName(context.path).toLowerCase();
    // Key files are the private-key rule's: it reports the key block itself, at critical.
    if (/\.(?:pem|key|p12|pfx|jks)$|^id_(?:rsa|dsa|ecdsa|ed25519)/.test(name)) return;
    const example = EXAMPLE_NAME.test(name);
    const values = valueLines(context).filter((v) => !example || (v.secretLike && v.value.length >= 8));
    const fresh = values.filter((v) => isNewLine(context, v.line));
    if (fresh.length === 0) return;
    const first = fresh.find((v) => v.secretLike) ?? fresh[0];
    const severity: Severity = fresh.some((v) => v.secretLike) ? 'high' : 'medium';
    context.report({
      messageId: 'values',
      data: { label, count: fresh.length, key: first.key },
      start: first.start,
      end: first.end,
      secret: first.value,
      evidence: `${first.key}=${first.value}`,
      severity,
      confidence: first.secretLike ? 'high' : 'medium',
    });
  },
};

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
