import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { genericCredential } from '../../../src/core/rules/secrets/generic-credential';
import { scanText } from '../../../src/core/scan/engine';
import { ALNUM, randomFrom } from '../../helpers/fakeSecrets';

const scan = (path: string, text: string) => scanText(path, text, { rules: [genericCredential] });
/** A password-shaped value: letters, digits and a symbol. */
const pw = () => `${randomFrom(ALNUM, 12)}!7q`;
/** A token-shaped value: long, random, with digits. */
const tok = () => `${randomFrom(ALNUM, 30)}9z`;

describe('secrets/generic-credential', () => {
  // [file, text maker, expected message prefix]
  const invalid: [string, (v: string) => string, () => string, RegExp][] = [
    ['src/db.ts', (v) => `const dbPassword = "${v}";`, pw, /password assigned to dbPassword/],
    ['app/settings.py', (v) => `DATABASE_PASSWORD = '${v}'`, pw, /password/],
    ['app/client.py', (v) => `client = Client(api_key=f"${v}")`, tok, /secret assigned to api_key/],
    ['cmd/main.go', (v) => `cfg := Config{ClientSecret: "${v}"}`, tok, /ClientSecret/],
    ['src/Main.java', (v) => `private static final String API_KEY = "${v}";`, tok, /API_KEY/],
    ['config/app.php', (v) => `'secret' => '${v}',`, tok, /secret/],
    ['config.json', (v) => `{\n  "auth": { "password": "${v}" }\n}`, pw, /password/],
    ['config.yml', (v) => `database:\n  password: ${v}\n`, pw, /password/],
    ['config.yml', (v) => `service:\n  api_key: "${v}"\n`, tok, /api_key/],
    ['.env', (v) => `DB_PASSWORD=${v}\n`, pw, /DB_PASSWORD/],
    ['.env.production', (v) => `export STRIPE_TOKEN=${v}\n`, tok, /STRIPE_TOKEN/],
    ['src/main/resources/application.properties', (v) => `spring.datasource.password=${v}\n`, pw, /spring.datasource.password/],
    ['setup.cfg', (v) => `[server]\nsecret_key = ${v}\n`, tok, /secret_key/],
    ['pyproject.toml', (v) => `[tool.deploy]\ntoken = "${v}"\n`, tok, /token/],
    ['deploy.sh', (v) => `#!/bin/sh\nexport REGISTRY_PASSWORD=${v}\n`, pw, /REGISTRY_PASSWORD/],
    ['Dockerfile', (v) => `FROM node:20\nENV API_KEY=${v}\n`, tok, /API_KEY/],
    ['settings.xml', (v) => `<server>\n  <id>nexus</id>\n  <password>${v}</password>\n</server>`, pw, /password/],
    ['web.config', (v) => `<appSettings>\n  <add key="PaymentApiKey" value="${v}" />\n</appSettings>`, tok, /PaymentApiKey/],
    ['analysis.ipynb', (v) => `{"cells": [{"cell_type": "code", "source": [\n    "openai_api_key = \\"${v}\\"\\n"\n]}]}`, tok, /openai_api_key/],
  ];
  for (const [file, make, value, message] of invalid) {
    it(`reports ${file}: ${make('…').split('\n').find((l) => l.includes('…'))!.trim()}`, async () => {
      const secret = value();
      const text = make(secret);
      const { findings } = await scan(file, text);
      assert.equal(findings.length, 1, `expected one finding in ${file}`);
      assert.match(findings[0].message, message);
      const line = text.slice(0, text.indexOf(secret)).split('\n').length;
      assert.equal(findings[0].range.startLine, line);
      assert.ok(!JSON.stringify(findings[0]).includes(secret), 'secret leaked into the finding');
    });
  }

  const valid: [string, string][] = [
    ['src/a.ts', 'const password = process.env.DB_PASSWORD;'],
    ['src/a.ts', 'const password = getPassword();'],
    ['src/a.ts', 'if (password === "hunter2abc") {}'],
    ['src/a.ts', 'const password = "";'],
    ['src/a.ts', 'const apiKey = "your_api_key_here";'],
    ['src/a.ts', 'const token = "<token>";'],
    ['src/a.ts', 'const secret = "${SECRET}";'],
    ['src/a.ts', 'const password = "{{ db_password }}";'],
    ['src/a.ts', 'const api_key = "xxxxxxxxxxxxxxxxxxxx";'],
    ['src/a.ts', 'const token = "aaaaaaaaaaaaaaaaaaaa";'],
    ['src/a.ts', 'const secret = "abcdefghijklmnop";'],
    ['src/a.ts', 'const passwordHash = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";'],
    ['src/a.ts', 'const passwordField = "user-password-input";'],
    ['src/a.ts', 'const tokenType = "Bearer";'],
    ['src/a.ts', 'const max_tokens = 4096;'],
    ['src/a.ts', 'const nextPageToken = "CAEQAA2x9ZjQwMDEx";'],
    ['src/a.ts', 'const csrfToken = "a8f5f167f44f4964e6c998dee827110c";'],
    ['src/a.ts', 'const authorName = "Jane Q. Writer 2";'],
    ['src/a.ts', 'const messages = { password: "Passwort", token: "Jeton" };'],
    ['src/a.ts', 'const tokenUrl = "https://auth.example.com/oauth2/token";'],
    ['src/a.ts', 'const secretPath = "./secrets/prod.json";'],
    ['src/a.ts', 'const authKey = "auth.login.title";'],
    ['app/x.py', 'password = os.environ["DB_PASSWORD"]'],
    ['app/x.py', 'api_key = os.getenv("API_KEY", "")'],
    ['src/X.java', 'String password = System.getenv("DB_PASSWORD");'],
    ['.env', 'DB_PASSWORD=\nAPI_KEY=${API_KEY}\nSECRET=changeme\n'],
    ['config.yml', 'password: !vault |\n  $ANSIBLE_VAULT;1.1;AES256\n'],
    ['config.yml', 'password: "{{ vault_db_password }}"\n'],
    ['src/a.ts', 'const password = "password123";'],
    ['src/rules.ts', "const rule = { token: 'ghp_[0-9a-zA-Z]{36}', secret: '(?:sk|rk)_live_[A-Za-z0-9]{24,99}' };"],
    ['README.md', 'Set `password: <your password>` in the config.'],
  ];
  for (const [file, text] of valid) {
    it(`stays quiet on ${file}: ${text.split('\n')[0]}`, async () => {
      assert.deepEqual((await scan(file, text)).findings.map((f) => f.message), []);
    });
  }

  it('reports a test fixture at lower severity', async () => {
    const { findings } = await scan('tests/fixtures/app.env', `DB_PASSWORD=${pw()}\n`);
    assert.equal(findings[0].severity, 'medium');
  });

  it('stays linear on hostile input: 100,000 "=" and long name runs', async () => {
    const started = performance.now();
    await scan('x.env', `password${'='.repeat(100_000)}`);
    await scan('x.ts', `${'password_'.repeat(20_000)}= "${'a'.repeat(300)}`);
    await scan('x.xml', `<password>${'<password>'.repeat(20_000)}`);
    assert.ok(performance.now() - started < 3000, 'hostile input took too long');
  });
});
