import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createSensitivePathChangeRule } from '../../../src/core/rules/files/sensitive-path-change';
import { createSensitivePaths, defaultSensitivePaths } from '../../../src/core/sensitivePaths/sensitivePaths';
import { randomBase64 } from '../../helpers/fakeSecrets';
import { diffFile, ofRule, scanFile } from './scanHelpers';

describe('files/credentials-file', () => {
  const token = randomBase64(32).replace(/[+/=]/g, 'x');
  const env = `# Local settings\nNODE_ENV=development\nPORT=3000\nDATABASE_URL=postgres://app:${token}@localhost:5432/app\nSTRIPE_SECRET_KEY=${token}\n`;

  it('reports a .env with secret values once, masked', async () => {
    const findings = ofRule(await scanFile('.env', env), 'files/credentials-file');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'high');
    assert.equal(findings[0].range.startLine, 4);
    assert.ok(!JSON.stringify(findings).includes(token), 'secret leaked');
    assert.match(findings[0].message, /holds 3 value\(s\), e\.g\. DATABASE_URL/);
  });

  it('does not report a .env.example with empty values or placeholders', async () => {
    const example = 'NODE_ENV=development\nDATABASE_URL=\nSTRIPE_SECRET_KEY=<your key>\nAPI_TOKEN=${API_TOKEN}\n';
    assert.deepEqual(ofRule(await scanFile('.env.example', example), 'files/credentials-file'), []);
    assert.equal(ofRule(await scanFile('.env.example', `STRIPE_SECRET_KEY=${token}\n`), 'files/credentials-file').length, 1);
  });

  it('reports registry tokens in .npmrc, not a plain registry line or a ${VAR} token', async () => {
    const npmrc = `registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${token}\n`;
    assert.equal(ofRule(await scanFile('.npmrc', npmrc), 'files/credentials-file').length, 1);
    assert.deepEqual(ofRule(await scanFile('.npmrc', 'registry=https://registry.npmjs.org/\n//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'), 'files/credentials-file'), []);
  });

  it('reports kubeconfig and AWS credentials', async () => {
    const kube = `apiVersion: v1\nkind: Config\nusers:\n- name: admin\n  user:\n    client-key-data: ${token}\n`;
    assert.equal(ofRule(await scanFile('deploy/kubeconfig', kube), 'files/credentials-file').length, 1);
    const aws = `[default]\naws_access_key_id = AKIAEXAMPLEKEYID0000\naws_secret_access_key = ${token}\n`;
    assert.equal(ofRule(await scanFile('.aws/credentials', aws), 'files/credentials-file').length, 1);
  });

  it('in diff mode reports only values the change adds', async () => {
    const after = `${env}SENTRY_DSN=https://${token}@o1.ingest.example.io/1\n`;
    const findings = ofRule(await diffFile('.env', env, after), 'files/credentials-file');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].range.startLine, 6);
    assert.deepEqual(ofRule(await diffFile('.env', env, env.replace('PORT=3000', 'PORT=3000 ')), 'files/credentials-file'), []);
  });
});

describe('files/sensitive-path-change', () => {
  it('reports every change to a sensitive path in diff mode, and nothing in scan mode', async () => {
    const before = 'pre-commit:\n  commands:\n    lint:\n      run: npx eslint {staged_files}\n';
    const after = `${before}    telemetry:\n      run: node scripts/report.js\n`;
    const findings = ofRule(await diffFile('lefthook.yml', before, after), 'files/sensitive-path-change');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].message, 'Git hooks (lefthook) changed: 2 line(s) added or changed');
    assert.equal(findings[0].evidence, 'telemetry:');
    assert.deepEqual(ofRule(await scanFile('lefthook.yml', after), 'files/sensitive-path-change'), []);
  });

  it('reports Agent Guard\'s own files at high, including a deletion', async () => {
    const findings = ofRule(await diffFile('.agent-guardignore', 'dist/\n', undefined), 'files/sensitive-path-change');
    assert.equal(findings[0].severity, 'high');
    assert.equal(findings[0].message, 'Agent Guard ignore file deleted');
    assert.equal(ofRule(await diffFile('.agent-guard/policy.json', undefined, '{ "failOn": "none" }\n'), 'files/sensitive-path-change')[0].severity, 'high');
  });

  it('does not report ordinary source files', async () => {
    assert.deepEqual(ofRule(await diffFile('src/app.ts', 'export {};\n', 'export const a = 1;\n'), 'files/sensitive-path-change'), []);
  });

  it('is extensible by policy', async () => {
    const rule = createSensitivePathChangeRule(createSensitivePaths(['deploy/**', { pattern: 'infra/*.tf', kind: 'policy', label: 'Terraform', severity: 'high' }]));
    const findings = await diffFile('infra/main.tf', undefined, 'resource "aws_s3_bucket" "logs" {}\n', [rule]);
    assert.deepEqual(findings.map((f) => [f.severity, f.message]), [['high', 'Terraform added (1 line(s)): review what it runs']]);
    assert.equal((await diffFile('deploy/run.sh', undefined, 'echo hi\n', [rule]))[0].message, 'Sensitive by policy added (1 line(s)): review what it runs');
  });
});

describe('sensitive path list', () => {
  const cases: [string, string | undefined][] = [
    ['.github/workflows/release.yml', 'ci'], ['.gitlab-ci.yml', 'ci'], ['Jenkinsfile', 'ci'], ['.circleci/config.yml', 'ci'],
    ['.vscode/tasks.json', 'execution'], ['Dockerfile.prod', 'execution'], ['docker-compose.override.yml', 'execution'], ['.husky/pre-push', 'execution'],
    ['AGENTS.md', 'agent-control'], ['packages/api/CLAUDE.md', 'agent-control'], ['.github/prompts/review.prompt.md', 'agent-control'], ['.claude/agents/reviewer.md', 'agent-control'],
    ['.mcp.json', 'mcp-config'], ['.vscode/mcp.json', 'mcp-config'], ['.cursor/mcp.json', 'mcp-config'],
    ['.env.production', 'credentials'], ['certs/server.key', 'credentials'], ['.ssh/id_ed25519', 'credentials'], ['.aws/credentials', 'credentials'],
    ['.agent-guard-baseline.json', 'agent-guard'], ['.agent-guard/policy.json', 'agent-guard'],
    ['src/credentials/index.ts', undefined], ['src/index.ts', undefined], ['README.md', undefined], ['docs/workflows.md', undefined],
  ];
  for (const [path, kind] of cases) {
    it(`${path} → ${kind ?? 'not sensitive'}`, () => assert.equal(defaultSensitivePaths.match(path)?.kind, kind));
  }

  it('rejects negated policy patterns, and policy cannot relabel Agent Guard\'s own files', () => {
    assert.throws(() => createSensitivePaths(['!.github/workflows/**']), /non-negated/);
    assert.equal(createSensitivePaths([{ pattern: '.agent-guard/**', kind: 'policy', label: 'x', severity: 'low' }]).match('.agent-guard/policy.json')?.kind, 'agent-guard');
  });
});
