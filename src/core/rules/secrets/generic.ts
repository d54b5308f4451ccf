import type { SecretRule } from './defineSecretRule';
import { defineSecretRule } from './defineSecretRule';

const HEADER_FIX = 'Rotate the credential with the service it belongs to and build the header at run time from a secret store or an environment variable; in examples use a placeholder such as `Bearer $TOKEN`.';

/** Credentials recognised by the protocol they travel in, whatever the provider: HTTP authorization headers and curl options. */
export const genericRules: readonly SecretRule[] = [
  defineSecretRule({
    id: 'secrets/http-basic-auth-header',
    title: 'HTTP Basic authorization header with credentials',
    regex: /authorization["']?[ \t]{0,3}[:=,][ \t]{0,3}["'`]?Basic[ \t]{1,3}([A-Za-z0-9+/]{12,300}={0,2})(?![A-Za-z0-9+/=])/gi,
    keywords: ['basic'],
    entropy: 3,
    why: 'A Basic header is base64 of `user:password`, not an encryption: anyone can decode it.',
    fix: HEADER_FIX,
    samples: (f) => ({
      truePositives: [`headers: { Authorization: "Basic ${Buffer.from(`svc-${f.lower(5)}:${f.alnum(18)}`).toString('base64')}" }`, `curl -H 'Authorization: Basic ${Buffer.from(`deploy:${f.alnum(16)}`).toString('base64')}' https://ci.internal/api`],
      falsePositives: ['Authorization: Basic <base64 of user:password>', 'headers: { Authorization: `Basic ${btoa(user + ":" + pass)}` }'],
    }),
  }),
  defineSecretRule({
    id: 'secrets/http-bearer-token',
    title: 'HTTP bearer token',
    regex: /authorization["']?[ \t]{0,3}[:=,][ \t]{0,3}["'`]?Bearer[ \t]{1,3}([A-Za-z0-9_.~+/-]{20,1500}={0,2})(?![A-Za-z0-9_.~+/=-])/gi,
    keywords: ['bearer'],
    entropy: 3.5,
    severity: 'high',
    confidence: 'medium',
    why: 'A bearer token is accepted from whoever presents it; in a file it is usable by everyone who reads the file.',
    fix: HEADER_FIX,
    samples: (f) => ({
      truePositives: [`curl -H "Authorization: Bearer ${f.alnum(40)}" https://api.internal.example.net/v1/jobs`],
      falsePositives: ['curl -H "Authorization: Bearer $API_TOKEN" https://api.example.com', 'Authorization: Bearer <token>', 'headers: { Authorization: `Bearer ${token}` }'],
    }),
  }),
  defineSecretRule({
    id: 'secrets/curl-user-password',
    title: 'Password on a curl command line',
    regex: /\bcurl\b[^\n]{0,200}?[ \t](?:-u|--user)[ \t]{1,3}["']?[^\s:"']{1,64}:([^\s"'@]{6,128})["']?(?=\s)/g,
    keywords: ['curl'],
    entropy: 2.8,
    allowlist: { stopwords: ['password', 'passwd', 'secret'] },
    why: 'A password on a command line also lands in shell history and process listings.',
    fix: 'Rotate the password, then use a `.netrc` file outside the repository, `--user name` with a prompt, or a token from the environment (`-u "name:$TOKEN"`).',
    samples: (f) => ({
      truePositives: [`curl -u deploy:${f.alnum(14)}9 https://artifacts.internal/upload`],
      falsePositives: ['curl -u "deploy:$DEPLOY_TOKEN" https://artifacts.internal/upload', 'curl -u user:password https://example.com'],
    }),
  }),
];
