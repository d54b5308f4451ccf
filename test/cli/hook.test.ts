import assert from 'node:assert/strict';
import { chmodSync, chownSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, it } from 'node:test';
import { endpointPaths } from '../../src/core/ipc/endpoint';
import type { ReviewRequest, ReviewResponse } from '../../src/core/ipc/protocol';
import { ReviewServer } from '../../src/core/ipc/server';
import { applyCodexHunks, parseCodexPatch } from '../../src/core/intake/codexPatch';
import { ALNUM, randomFrom } from '../helpers/fakeSecrets';
import { ROOT, makeTree, runCliAsync } from '../helpers/cli';

const USERS_JS = [
  "const db = require('./db');",
  '',
  'async function findUser(req, res) {',
  '  const rows = await db.query(\'SELECT id, name FROM users WHERE id = $1\', [req.params.id]);',
  '  res.json(rows[0]);',
  '}',
  '',
  'async function listUsers(req, res) {',
  "  const rows = await db.query('SELECT id, name FROM users ORDER BY name LIMIT 50');",
  '  res.json(rows);',
  '}',
  '',
  'module.exports = { findUser, listUsers };',
  '',
].join('\n');

function fakePemInline(): string {
  const body = Buffer.from(randomFrom(ALNUM, 700)).toString('base64').match(/.{1,64}/g)!.join('\\n');
  return `-----BEGIN RSA PRIVATE KEY-----\\n${body}\\n-----END RSA PRIVATE KEY-----`;
}

/** Fills a recorded event's placeholders. Values are JSON-encoded in place. */
function event(name: string, values: Record<string, unknown>): string {
  let text = readFileSync(path.join(ROOT, 'test/fixtures/hooks', name), 'utf8');
  for (const [key, value] of Object.entries(values)) {
    const encoded = JSON.stringify(value);
    text = text.split(`"{{${key}}}"`).join(encoded).split(`{{${key}}}`).join(JSON.stringify(String(value)).slice(1, -1));
  }
  return text;
}

interface Harness {
  root: string;
  runtime: string;
  requests: ReviewRequest[];
  server?: ReviewServer;
}

const started: ReviewServer[] = [];
afterEach(async () => {
  while (started.length) await started.pop()!.close();
});

function workspace(): Harness {
  const root = makeTree({ 'src/users.js': USERS_JS, 'package.json': '{ "name": "demo-api", "private": true }\n' });
  const runtime = mkdtempSync(path.join(tmpdir(), 'ag-runtime-'));
  chmodSync(runtime, 0o700);
  return { root, runtime, requests: [] };
}

async function serve(h: Harness, answer: (request: ReviewRequest) => Promise<ReviewResponse> | ReviewResponse): Promise<void> {
  const server = await ReviewServer.start({
    workspaceRoot: h.root,
    directory: h.runtime,
    handle: async (request) => {
      h.requests.push(request);
      return answer(request);
    },
    log: () => undefined,
  });
  assert.ok(server);
  started.push(server);
  h.server = server;
}

async function hook(h: Harness, input: string, args: string[] = []) {
  const result = await runCliAsync(['hook', ...args], { input, cwd: h.root, env: { AGENT_GUARD_RUNTIME_DIR: h.runtime } });
  const output = result.stdout.trim() ? JSON.parse(result.stdout).hookSpecificOutput : undefined;
  return { ...result, output };
}

/** Applies a Claude Code Edit input the way Claude Code does. */
function applyEdit(text: string, input: { old_string: string; new_string: string }): string {
  const at = text.indexOf(input.old_string);
  assert.ok(at >= 0 && text.indexOf(input.old_string, at + 1) < 0, 'old_string must be unique');
  return text.slice(0, at) + input.new_string + text.slice(at + input.old_string.length);
}

describe('agent-guard hook', () => {
  it('Write approved in VS Code: allow, and the extension saw the proposed content', async () => {
    const h = workspace();
    await serve(h, () => ({ type: 'decision', outcome: 'approved', reason: 'Approved by the reviewer.', files: [] }));
    const content = "module.exports = { port: Number(process.env.PORT) || 3000 };\n";
    const { code, output } = await hook(h, event('claude-write.json', { cwd: h.root, home: tmpdir(), content }));
    assert.equal(code, 0);
    assert.equal(output.permissionDecision, 'allow');
    assert.equal(h.requests.length, 1);
    assert.equal(h.requests[0].agent, 'Claude Code');
    assert.deepEqual(h.requests[0].files, [{ path: 'src/config.js', content }]);
  });

  it('Edit partly approved: allow with updatedInput that writes exactly base plus the approved hunk', async () => {
    const h = workspace();
    const oldString = "  const rows = await db.query('SELECT id, name FROM users ORDER BY name LIMIT 50');";
    const newString = "  const rows = await db.query('SELECT id, name FROM users ORDER BY ' + req.query.sort + ' LIMIT 50');";
    const approved = USERS_JS.replace("'SELECT id, name FROM users WHERE id = $1'", "'SELECT id, name, email FROM users WHERE id = $1'");
    await serve(h, () => ({
      type: 'decision',
      outcome: 'partial',
      reason: 'Hunk 2 of src/users.js was rejected: SQL built from request data. Use a whitelist for the sort column.',
      files: [{ path: 'src/users.js', approved: true, content: approved, rejectedHunks: [{ index: 2, header: '@@ -8,4 +8,4 @@', comment: 'Use a whitelist' }] }],
    }));
    const { output } = await hook(h, event('claude-edit.json', { cwd: h.root, home: tmpdir(), old: oldString, new: newString }));
    assert.equal(output.permissionDecision, 'allow');
    assert.match(output.permissionDecisionReason, /rejected: SQL built from request data/);
    assert.equal(h.requests[0].files[0].content, USERS_JS.replace(oldString, newString));
    const written = applyEdit(readFileSync(path.join(h.root, 'src/users.js'), 'utf8'), output.updatedInput);
    assert.equal(written, approved);
    assert.equal(output.updatedInput.file_path, path.join(h.root, 'src/users.js'));
  });

  it('MultiEdit rejected: deny with the reason the agent can act on', async () => {
    const h = workspace();
    await serve(h, () => ({ type: 'decision', outcome: 'rejected', reason: 'Rejected by the reviewer: "do not change the query API". Findings: none.', files: [] }));
    const edits = [
      { old_string: 'LIMIT 50', new_string: 'LIMIT 100' },
      { old_string: 'module.exports = { findUser, listUsers };', new_string: 'module.exports = { findUser, listUsers, db };' },
    ];
    const { output } = await hook(h, event('claude-multiedit.json', { cwd: h.root, home: tmpdir(), edits }));
    assert.equal(output.permissionDecision, 'deny');
    assert.match(output.permissionDecisionReason, /do not change the query API/);
    assert.match(h.requests[0].files[0].content!, /LIMIT 100[\s\S]*listUsers, db \}/);
  });

  it('Codex apply_patch partly approved: the updated patch applies to exactly the approved content', async () => {
    const h = workspace();
    const patch = [
      '*** Begin Patch',
      '*** Update File: src/users.js',
      '@@ async function listUsers(req, res) {',
      "-  const rows = await db.query('SELECT id, name FROM users ORDER BY name LIMIT 50');",
      "+  const rows = await db.query('SELECT id, name FROM users ORDER BY name LIMIT ' + req.query.limit);",
      '*** Add File: src/health.js',
      "+module.exports = (req, res) => res.json({ ok: true });",
      '*** End Patch',
    ].join('\n');
    await serve(h, (request) => ({
      type: 'decision',
      outcome: 'partial',
      reason: 'src/users.js was rejected: SQL built from request data.',
      files: [
        { path: 'src/users.js', approved: false, rejectedHunks: [{ index: 1, header: '@@ -6,5 +6,5 @@' }] },
        { path: 'src/health.js', approved: true, content: request.files.find((f) => f.path === 'src/health.js')!.content, rejectedHunks: [] },
      ],
    }));
    const { output } = await hook(h, event('codex-apply-patch.json', { cwd: h.root, patch }), ['--agent', 'Codex']);
    assert.equal(h.requests[0].agent, 'Codex');
    assert.deepEqual(h.requests[0].files.map((f) => f.path), ['src/users.js', 'src/health.js']);
    assert.equal(output.permissionDecision, 'allow');
    const updated: string = output.updatedInput.command[1];
    const operations = parseCodexPatch(updated);
    assert.deepEqual(operations.map((o) => `${o.kind} ${o.path}`), ['add src/health.js']);
    assert.equal(operations[0].kind === 'add' && operations[0].content, "module.exports = (req, res) => res.json({ ok: true });\n");
  });

  it('no extension running: a hard-coded key is denied with the finding', async () => {
    const h = workspace();
    const content = `// signing key for the staging API\nmodule.exports = "${fakePemInline()}";\n`;
    const { output, stdout } = await hook(h, event('claude-write.json', { cwd: h.root, home: tmpdir(), content }));
    assert.equal(output.permissionDecision, 'deny');
    assert.match(output.permissionDecisionReason, /secrets\/private-key/);
    assert.doesNotMatch(stdout, /MII|BEGIN RSA PRIVATE KEY-----\\n[A-Za-z0-9+/]{20}/);
  });

  it('no extension running: a clean edit asks, or allows when told to', async () => {
    const h = workspace();
    const content = "module.exports = { port: 3000 };\n";
    assert.equal((await hook(h, event('claude-write.json', { cwd: h.root, home: tmpdir(), content }))).output.permissionDecision, 'ask');
    assert.equal((await hook(h, event('claude-write.json', { cwd: h.root, home: tmpdir(), content }), ['--when-clean', 'allow'])).output.permissionDecision, 'allow');
  });

  it('no extension running: the shipped default rules still deny .env and Agent Guard\'s own files', async () => {
    const h = workspace();
    for (const target of ['.env', '.agent-guard/policy.json']) {
      const input = event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'DB_PASSWORD=changed\n' }).replace('/src/config.js', `/${target}`);
      const { output } = await hook(h, input, ['--when-clean', 'allow']);
      assert.equal(output.permissionDecision, 'deny', target);
      assert.match(output.permissionDecisionReason, /policy refused this edit \(rule default:deny-/, target);
    }
  });

  it('no extension running: the workspace policy denies per agent, and an invalid one falls back to the strict defaults', async () => {
    const h = workspace();
    const policy = { agents: [{ agent: 'claude-code', rules: [{ id: 'no-config', action: 'deny', paths: ['src/config.js'], reason: 'config is hand-written' }] }] };
    mkdirSync(path.join(h.root, '.agent-guard'));
    writeFileSync(path.join(h.root, '.agent-guard/policy.json'), JSON.stringify(policy));
    const input = event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'module.exports = { port: 3000 };\n' });
    const denied = await hook(h, input, ['--when-clean', 'allow']);
    assert.equal(denied.output.permissionDecision, 'deny');
    assert.match(denied.output.permissionDecisionReason, /workspace:no-config: src\/config\.js: config is hand-written/);
    assert.equal((await hook(h, input, ['--when-clean', 'allow', '--agent', 'Codex'])).output.permissionDecision, 'allow', 'the rule is for Claude Code only');

    writeFileSync(path.join(h.root, '.agent-guard/policy.json'), '{ "agents": [{ "agent": "", "rules": [] }], "autoApprove": { "enabled": true } }');
    const strict = await hook(h, input, ['--when-clean', 'allow']);
    assert.equal(strict.output.permissionDecision, 'allow', 'a clean edit on an ordinary path is still decided by --when-clean');
    assert.match(strict.stderr, /policy\.json:1:\d+ \/agents\/0\/agent: must be a non-empty agent name/);
    assert.match(strict.stderr, /strict defaults apply/);
    const ci = event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'on: push\n' }).replace('/src/config.js', '/.github/workflows/ci.yml');
    assert.equal((await hook(h, ci, ['--when-clean', 'allow'])).output.permissionDecision, 'ask', 'the shipped ask rule for CI workflows holds');
  });

  it('a person who does not decide in time: deny with that reason', async () => {
    const h = workspace();
    await serve(h, () => new Promise(() => undefined));
    const { output } = await hook(h, event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'x\n' }), ['--timeout', '0.01']);
    assert.equal(output.permissionDecision, 'deny');
    assert.match(output.permissionDecisionReason, /no decision within 1 s/);
  });

  it('a tool that is not a file edit gets no opinion', async () => {
    const h = workspace();
    const { code, stdout } = await hook(h, event('claude-bash.json', { cwd: h.root }));
    assert.equal(code, 0);
    assert.equal(stdout, '');
  });

  it('an Edit whose old_string is not found is left to the tool, with no review', async () => {
    const h = workspace();
    await serve(h, () => assert.fail('should not be asked'));
    const { code, stdout, stderr } = await hook(h, event('claude-edit.json', { cwd: h.root, home: tmpdir(), old: 'not in the file', new: 'x' }));
    assert.equal(code, 0);
    assert.equal(stdout, '');
    assert.match(stderr, /old_string was not found/);
  });

  describe('bad input fails closed', () => {
    it('truncated JSON for an edit tool: deny, with a message on stderr', async () => {
      const h = workspace();
      const full = event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'x' });
      const { output, stderr } = await hook(h, full.slice(0, full.length - 40));
      assert.equal(output.permissionDecision, 'deny');
      assert.match(stderr, /not valid JSON/);
    });

    it('unknown fields in an edit tool input: deny', async () => {
      const h = workspace();
      const raw = JSON.parse(event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'x' }));
      raw.tool_input.mode = '0777';
      const { output, stderr } = await hook(h, JSON.stringify(raw));
      assert.equal(output.permissionDecision, 'deny');
      assert.match(stderr, /unknown fields \(mode\)/);
    });

    it('a path outside the workspace: deny', async () => {
      const h = workspace();
      const raw = JSON.parse(event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'x' }));
      raw.tool_input.file_path = path.join(h.root, '../../etc/cron.d/job');
      const { output } = await hook(h, JSON.stringify(raw));
      assert.equal(output.permissionDecision, 'deny');
      assert.match(output.permissionDecisionReason, /outside the workspace/);
    });

    it('a write into .git is denied', async () => {
      const h = workspace();
      const raw = JSON.parse(event('claude-write.json', { cwd: h.root, home: tmpdir(), content: '#!/bin/sh\ncurl x | sh\n' }));
      raw.tool_input.file_path = path.join(h.root, '.git/hooks/pre-commit');
      assert.equal((await hook(h, JSON.stringify(raw))).output.permissionDecision, 'deny');
    });

    it('an event larger than the limit: deny', async () => {
      const h = workspace();
      const { output } = await hook(h, event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'a'.repeat(17 * 1024 * 1024) }));
      assert.equal(output.permissionDecision, 'deny');
    });
  });

  describe('the socket', () => {
    it('refuses a peer without the token, and logs it', async () => {
      const h = workspace();
      const logged: string[] = [];
      const server = await ReviewServer.start({ workspaceRoot: h.root, directory: h.runtime, handle: () => assert.fail('must not be called'), log: (_l, m) => logged.push(m) });
      started.push(server!);
      const net = await import('node:net');
      const reply = await new Promise<string>((resolve) => {
        const socket = net.connect(server!.endpoint.socketPath);
        let data = '';
        socket.on('data', (d) => (data += d));
        socket.on('end', () => resolve(data));
        socket.write(`${JSON.stringify({ type: 'review', token: 'guess', agent: 'x', toolName: 'Write', files: [] })}\n`);
      });
      assert.deepEqual(JSON.parse(reply), { type: 'error', message: 'unauthorized' });
      assert.deepEqual(logged, ['hook request refused: missing or wrong token']);
    });

    it('keeps its files owner-only', async () => {
      const h = workspace();
      await serve(h, () => ({ type: 'decision', outcome: 'approved', reason: '', files: [] }));
      const { statSync } = await import('node:fs');
      const paths = endpointPaths(h.root, h.runtime);
      assert.equal(statSync(paths.info).mode & 0o777, 0o600);
      assert.equal(statSync(paths.socket).mode & 0o077, 0);
    });

    it('refuses an endpoint that another user planted', async () => {
      const h = workspace();
      await serve(h, () => assert.fail('must not be asked'));
      chownSync(endpointPaths(h.root, h.runtime).info, 4242, 4242);
      const { output, stderr } = await hook(h, event('claude-write.json', { cwd: h.root, home: tmpdir(), content: 'x\n' }));
      assert.equal(output.permissionDecision, 'deny');
      assert.match(stderr, /belongs to another user/);
    });
  });
});

describe('Codex patches', () => {
  it('apply by context and keep CRLF line endings', () => {
    const text = 'a\r\nb\r\nc\r\n';
    const [op] = parseCodexPatch('*** Begin Patch\n*** Update File: x\n@@\n a\n-b\n+B\n*** End Patch\n');
    assert.equal(op.kind === 'update' && applyCodexHunks('x', text, op.hunks), 'a\r\nB\r\nc\r\n');
  });

  it('say which hunk does not match', () => {
    const [op] = parseCodexPatch('*** Begin Patch\n*** Update File: x\n@@\n-missing\n+y\n*** End Patch\n');
    assert.throws(() => op.kind === 'update' && applyCodexHunks('x', 'a\n', op.hunks), /hunk 1 does not match/);
  });

  it('refuse a patch with no end', () => {
    assert.throws(() => parseCodexPatch('*** Begin Patch\n*** Add File: a\n+x\n'), /no "\*\*\* End Patch"/);
  });
});

