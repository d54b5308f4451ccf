import type { Severity } from '../../model/finding';
import type { SecretRule, SecretSamples } from './defineSecretRule';
import { defineSecretRule } from './defineSecretRule';
import type { Fake } from './fake';

/**
 * The two shapes most provider rules take, so a family module reads as a table:
 * a token that carries its own prefix (`ghp_…`), and a loose value recognised by the name it is assigned to
 * (`HEROKU_API_KEY = "…"`). Both build ordinary data rules with `defineSecretRule`.
 */
interface CommonShape {
  /** Kebab-case, without the `secrets/` family prefix. */
  id: string;
  title: string;
  keywords: readonly string[];
  entropy?: number;
  severity?: Severity;
  why?: string;
  fix: string;
  /** Extra samples beyond the generated ones. */
  samples?: (fake: Fake) => Partial<SecretSamples>;
  stopwords?: readonly string[];
  allowRegexes?: readonly RegExp[];
}

export interface PrefixedShape extends CommonShape {
  /** Regex source of the whole token, prefix included, e.g. `ghp_[A-Za-z0-9]{36}`. Bounded quantifiers only. */
  token: string;
  /** A fake, well-formed token for the generated samples. */
  sample: (fake: Fake) => string;
  /** Characters that may not follow the token (default: letters, digits, `_`). */
  notAfter?: string;
  /** Characters that may not precede the token (default: letters, digits, `_`). */
  notBefore?: string;
  /** Environment variable name used in the generated samples. */
  envName?: string;
}

/** A token recognised by its own shape, e.g. a `ghp_` GitHub token. */
export function prefixedRule(shape: PrefixedShape): SecretRule {
  const notBefore = shape.notBefore ?? 'A-Za-z0-9_';
  const notAfter = shape.notAfter ?? 'A-Za-z0-9_';
  const envName = shape.envName ?? `${shape.id.replace(/-/g, '_').toUpperCase()}`;
  return defineSecretRule({
    id: `secrets/${shape.id}`,
    title: shape.title,
    regex: new RegExp(`(?<![${notBefore}])(${shape.token})(?![${notAfter}])`, 'g'),
    keywords: shape.keywords,
    entropy: shape.entropy,
    severity: shape.severity,
    why: shape.why,
    fix: shape.fix,
    allowlist: allowlistOf(shape),
    samples: (fake) => {
      const token = shape.sample(fake);
      const extra = shape.samples?.(fake) ?? {};
      return {
        truePositives: [`const client = new Client({ token: "${token}" });`, `${envName}=${token}`, ...(extra.truePositives ?? [])],
        falsePositives: [
          `${envName}=${token.slice(0, Math.min(8, Math.floor(token.length / 3)))}${'x'.repeat(Math.max(0, token.length - 8))}`,
          `# set ${envName} to your token, e.g. ${envName}=<your-token>`,
          ...(extra.falsePositives ?? []),
        ],
      };
    },
  });
}

export interface KeyedShape extends CommonShape {
  /** Regex sources of names the value is assigned to, matched case-insensitively, e.g. `heroku`. */
  names: readonly string[];
  /** Regex source of the value itself; case-sensitive. Bounded quantifiers only. */
  value: string;
  /** A fake, well-formed value for the generated samples. */
  sample: (fake: Fake) => string;
  /** The assignment name used in the generated samples, e.g. `HEROKU_API_KEY`. */
  sampleName: string;
}

// Names whose value is an identifier, address or label rather than a secret: `heroku_app_id`, `okta_domain`.
const NOT_A_SECRET_NAME = /(?:_|\b|[a-z])(?:id|ids|url|uri|host|hostname|domain|region|endpoint|user|username|email|org|project|version|path|name)['"]?\s{0,3}(?:=|:|=>|,)/i;

/**
 * A loose value (a UUID, 32 hex characters) that is only a credential because of the name it is given.
 * The name may carry a prefix and suffix (`MY_HEROKU_API_KEY`), then an assignment in any common syntax:
 * `=`, `:`, `:=`, `=>`, or a `set('name', 'value')` call.
 */
export function keyedRule(shape: KeyedShape): SecretRule {
  const names = shape.names.map(caseInsensitive).join('|');
  const regex = new RegExp(
    `(?:${names})[\\w.-]{0,24}[\\s'"\\\\]{0,4}(?:=|:=|::|:|=>|,)[\\s'"\`\\\\]{0,5}(${shape.value})(?![A-Za-z0-9_+/=-])`,
    'g',
  );
  return defineSecretRule({
    id: `secrets/${shape.id}`,
    title: shape.title,
    regex,
    keywords: shape.keywords,
    entropy: shape.entropy,
    severity: shape.severity,
    confidence: 'medium',
    why: shape.why,
    fix: shape.fix,
    allowlist: { ...allowlistOf(shape), matches: [NOT_A_SECRET_NAME] },
    samples: (fake) => {
      const value = shape.sample(fake);
      const extra = shape.samples?.(fake) ?? {};
      const name = shape.sampleName;
      return {
        truePositives: [`${name}=${value}`, `{ "${name.toLowerCase()}": "${value}" }`, `${camel(name)} := "${value}"`, ...(extra.truePositives ?? [])],
        falsePositives: [
          `${name}=\${${name}}`,
          `${name.toLowerCase()}: "<your ${shape.title}>"`,
          `const ${camel(name)} = process.env.${name};`,
          ...(extra.falsePositives ?? []),
        ],
      };
    },
  });
}

function allowlistOf(shape: CommonShape): { regexes?: readonly RegExp[]; stopwords?: readonly string[] } {
  return { regexes: shape.allowRegexes, stopwords: shape.stopwords };
}

/** `heroku` → `[hH][eE][rR][oO][kK][uU]`: case-insensitive names beside a case-sensitive value (no `(?i:)` in Node 20). */
export function caseInsensitive(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const char = source[i];
    if (char === '\\') {
      out += source.slice(i, i + 2);
      i++;
    } else if (/[a-z]/i.test(char)) {
      out += `[${char.toLowerCase()}${char.toUpperCase()}]`;
    } else {
      out += char;
    }
  }
  return out;
}

function camel(name: string): string {
  return name.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * The standard fix text: where to revoke, then the steps that are the same for every credential.
 * `where` names the console page or command, e.g. "GitHub → Settings → Developer settings → Tokens".
 */
export function rotate(where: string, extra = ''): string {
  return `Revoke it now in ${where} and issue a replacement${extra ? `; ${extra}` : ''}. Load the new value at run time from a secrets manager or an environment variable that is not committed, and purge the old one from git history (git filter-repo or BFG), since revoking is what actually protects you.`;
}
