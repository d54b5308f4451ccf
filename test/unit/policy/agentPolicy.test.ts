import assert from 'node:assert/strict';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { AuditEntry } from '../../../src/core/audit/auditLog';
import { AuditLog } from '../../../src/core/audit/auditLog';
import { NodeWorkspaceFs } from '../../../src/core/fs/workspaceFs';
import { agentMatches, foldAgentName } from '../../../src/core/policy/agentName';
import { changesAgentGuardSettings } from '../../../src/core/policy/defaults';
import { evaluatePolicy, policyPathVariants } from '../../../src/core/policy/evaluate';
import { explainFromAudit, explainVerdict, formatExplanation } from '../../../src/core/policy/explain';
import { loadPolicy, mergePolicies } from '../../../src/core/policy/merge';
import type { EffectivePolicy, PolicyFile } from '../../../src/core/policy/policy';
import { DirectoryBackupStore } from '../../../src/core/review/backups';
import type { ContentChange } from '../../../src/core/review/build';
import { buildChangeSet, buildChangeSetFromContents } from '../../../src/core/review/build';
import { ReviewGate } from '../../../src/core/review/gate';
import type { ChangeSource } from '../../../src/core/review/model';
import { PendingStore } from '../../../src/core/review/pendingStore';
import { fakePem } from '../../helpers/fakeSecrets';
import type { TempWorkspace } from '../../helpers/tempWorkspace';
import { tempWorkspace } from '../../helpers/tempWorkspace';

const text = (s: string) => ({ bytes: Buffer.from(s) });
const claudeHook: ChangeSource = { channel: 'hook', agent: 'Claude Code' };

/** The issue's example: Claude Code may change src/** and test/**; anything else asks; the shipped defaults deny the rest. */
const CLAUDE_EXAMPLE: PolicyFile = {
  agents: [{ agent: 'claude-code', rules: [{ id: 'claude-src-and-tests', action: 'allow', paths: ['src/**', 'test/**'] }] }],
};

function policyOf(user: PolicyFile, workspace?: PolicyFile, trusted = true): EffectivePolicy {
  return mergePolicies(user, workspace, trusted);
}

async function verdictFor(changes: ContentChange[], policy: EffectivePolicy, source = claudeHook, caseInsensitive = false) {
  return evaluatePolicy(await buildChangeSetFromContents(source, changes), policy, undefined, { caseInsensitive });
}

const edit = (p: string, before = 'a\n', after = 'b\n'): ContentChange => ({ path: p, before: text(before), after: text(after) });

describe('agent policy: precedence', () => {
  it('the issue example: src/** and test/** pass without asking, other paths ask, .env and .github never pass', async () => {
    const policy = policyOf(CLAUDE_EXAMPLE);
    const src = await verdictFor([edit('src/app.ts'), edit('test/app.test.ts')], policy);
    assert.equal(src.action, 'autoApprove');
    assert.equal(src.rule, 'user:claude-src-and-tests');
    const other = await verdictFor([edit('scripts/build.sh')], policy);
    assert.equal(other.action, 'review');
    const env = await verdictFor([edit('src/app.ts'), edit('.env', 'A=1\n', 'A=2\n')], policy);
    assert.equal(env.action, 'deny', 'one denied file denies the change set');
    assert.equal(env.rule, 'default:deny-env-files');
    assert.match(env.reasons[0], /^\.env: environment files hold credentials/);
    const ci = await verdictFor([edit('.github/workflows/ci.yml')], policy);
    assert.equal(ci.action, 'review');
    assert.equal(ci.files[0].rule, 'default:ask-ci-workflows');
  });

  it('deny beats ask beats allow whatever the order or the file the rules come from, and every matching rule is listed', async () => {
    const user: PolicyFile = { agents: [{ agent: '*', rules: [{ id: 'all-may', action: 'allow', paths: ['**'] }] }] };
    const workspace: PolicyFile = {
      agents: [
        { agent: 'Claude Code', rules: [{ id: 'auth-asks', action: 'ask', paths: ['src/auth/**'] }] },
        { agent: 'Claude Code', channel: 'hook', rules: [{ id: 'no-migrations', action: 'deny', paths: ['src/**/migrations/**'], reason: 'migrations are written by people' }] },
      ],
    };
    const policy = policyOf(user, workspace);
    const login = await verdictFor([edit('src/auth/login.ts')], policy);
    assert.equal(login.action, 'review');
    assert.equal(login.files[0].rule, 'workspace:auth-asks');
    assert.deepEqual(login.files[0].matchedRules, [{ rule: 'user:all-may', action: 'allow' }, { rule: 'workspace:auth-asks', action: 'ask' }]);
    const migration = await verdictFor([edit('src/auth/migrations/001.sql')], policy);
    assert.equal(migration.action, 'deny');
    assert.equal(migration.rule, 'workspace:no-migrations');
    assert.match(migration.reasons[0], /migrations are written by people/);
    // The deny is for the hook road only: the same file through the API asks.
    const viaApi = await verdictFor([edit('src/auth/migrations/001.sql')], policy, { channel: 'api', agent: 'Claude Code' });
    assert.equal(viaApi.action, 'review');
  });

  it('rules by finding category and severity: a secret is denied to one agent, asked of the others', async () => {
    const policy = policyOf({ agents: [{ agent: 'Codex', rules: [{ id: 'no-secrets', action: 'deny', categories: ['secret'], minSeverity: 'high' }] }, { agent: '*', rules: [{ action: 'allow', paths: ['src/**'] }] }] });
    const key = [{ path: 'src/keys.ts', after: text(`export const KEY = \`${fakePem()}\`;\n`) }];
    const codex = await verdictFor(key, policy, { channel: 'tool', agent: 'codex' });
    assert.equal(codex.action, 'deny');
    assert.equal(codex.rule, 'user:no-secrets');
    const claude = await verdictFor(key, policy);
    assert.equal(claude.action, 'review', 'an allow rule never auto-approves a change with findings');
    const clean = await verdictFor([edit('src/app.ts')], policy, { channel: 'tool', agent: 'Codex' });
    assert.equal(clean.action, 'autoApprove', 'the category rule does not touch a clean change');
  });

  it('agent names are folded: "Claude Code", "claude-code" and "CLAUDE_CODE" are one agent; "Claude Codex" is another', () => {
    assert.equal(foldAgentName(' Claude  Code '), 'claude-code');
    assert.equal(foldAgentName('CLAUDE_CODE'), 'claude-code');
    assert.equal(foldAgentName('*'), '*');
    assert.equal(foldAgentName(' -_. '), '');
    assert.ok(agentMatches('claude-code', 'Claude Code'));
    assert.ok(agentMatches('Claude Code', 'claude.code'));
    assert.ok(!agentMatches('Claude Code', 'Claude Codex'));
    assert.ok(!agentMatches('Claude Code', undefined));
    assert.ok(agentMatches('*', undefined));
    // Linear time on a hostile name.
    const started = performance.now();
    foldAgentName(`${' -'.repeat(50_000)}x`);
    assert.ok(performance.now() - started < 200);
  });
});

describe('agent policy: the shipped defaults', () => {
  it('deny every agent .env*, .git/** and Agent Guard\'s own files, even against a user allow-all', async () => {
    const policy = policyOf({ autoApprove: { enabled: true, paths: ['**'] }, agents: [{ agent: '*', rules: [{ action: 'allow', paths: ['**'] }] }] });
    for (const [file, rule] of [
      ['.env', 'default:deny-env-files'],
      ['.git/config', 'default:deny-git-folder'],
      ['deploy/.env.production', 'default:deny-env-files'],
      ['.agent-guard/policy.json', 'default:deny-agent-guard-files'],
      ['.agent-guardignore', 'default:deny-agent-guard-files'],
      ['.agent-guard-baseline.json', 'default:deny-agent-guard-files'],
    ]) {
      const verdict = await verdictFor([edit(file)], policy, { channel: 'guard' });
      assert.deepEqual([verdict.action, verdict.rule], ['deny', rule], file);
    }
  });

  it('deny a change to agentGuard.* settings, but only ask for other editor settings', async () => {
    const policy = policyOf({ agents: [{ agent: '*', rules: [{ action: 'allow', paths: ['**'] }] }] });
    const before = '{\n  // mine\n  "editor.tabSize": 2,\n  "agentGuard.guard.enabled": true\n}\n';
    const off = await verdictFor([edit('.vscode/settings.json', before, before.replace('"agentGuard.guard.enabled": true', '"agentGuard.guard.enabled": false'))], policy);
    assert.deepEqual([off.action, off.rule], ['deny', 'default:deny-agent-guard-settings']);
    const tabs = await verdictFor([edit('.vscode/settings.json', before, before.replace('2', '4'))], policy);
    assert.deepEqual([tabs.action, tabs.files[0].rule], ['review', 'default:ask-editor-settings']);
    const workspaceFile = await verdictFor([edit('team.code-workspace', '{ "folders": [] }', '{ "folders": [], "settings": { "agentGuard.minimumSeverity": "critical" } }')], policy);
    assert.equal(workspaceFile.action, 'deny');
    assert.ok(changesAgentGuardSettings('{}', '{ "[python]": { "agentGuard.exclude": ["**"] } }'), 'language blocks count');
    assert.ok(changesAgentGuardSettings('{}', '{ not json'), 'an unreadable settings file counts as a change');
    assert.ok(!changesAgentGuardSettings('{ "a": 1 }', '{ "a": 2 }'));
  });

  it('only the user can turn them off; a workspace policy cannot, trusted or not', async () => {
    const env = [edit('.env')];
    assert.equal((await verdictFor(env, policyOf({ defaults: false }))).action, 'review');
    const fromWorkspace = policyOf({}, { defaults: false }, true);
    assert.equal((await verdictFor(env, fromWorkspace)).action, 'deny');
    assert.ok(fromWorkspace.notes.some((n) => /only your own policy can turn the shipped default rules off/.test(n)));
  });
});

describe('agent policy: paths cannot slip past the rules', () => {
  let ws: TempWorkspace;
  beforeEach(async () => {
    ws = await tempWorkspace();
    await ws.write('.env', 'DB_PASSWORD=hunter22\n');
    await ws.write('src/app.ts', 'export {};\n');
    await ws.write('.agent-guard/policy.json', '{}\n');
  });
  afterEach(() => ws.dispose());

  const policy = () => policyOf(CLAUDE_EXAMPLE);

  it('SRC/../.env, src/./../.env and a backslash spelling are .env', async () => {
    const fs = new NodeWorkspaceFs(ws.root);
    for (const raw of ['SRC/../.env', 'src/./../.env', 'src\\..\\.env']) {
      const cs = await buildChangeSet({ source: claudeHook, files: [{ path: raw, content: 'DB_PASSWORD=x\n' }] }, fs);
      const verdict = evaluatePolicy(cs, policy());
      assert.deepEqual([verdict.action, verdict.rule], ['deny', 'default:deny-env-files'], raw);
    }
    // A road that hands over a raw path (the guard, a future road) is normalized by the policy itself.
    assert.ok(policyPathVariants('SRC/../.env').includes('.env'));
    const raw = await buildChangeSetFromContents(claudeHook, [edit('src/../.env')]);
    assert.equal(evaluatePolicy(raw, policy()).action, 'deny');
  });

  it('case: .ENV and .Agent-Guard are denied everywhere; SRC/ is allowed only where the file system ignores case', async () => {
    for (const p of ['.ENV', '.Env.Local', '.Agent-Guard/policy.json']) {
      assert.equal((await verdictFor([edit(p)], policy(), claudeHook, false)).action, 'deny', p);
    }
    assert.equal((await verdictFor([edit('SRC/app.ts')], policy(), claudeHook, false)).action, 'review', 'Linux: SRC/ is another folder');
    assert.equal((await verdictFor([edit('SRC/app.ts')], policy(), claudeHook, true)).action, 'autoApprove', 'Windows, macOS: SRC/ is src/');
  });

  it('a symbolic link inside the workspace is matched where it leads: src/config -> .env is .env', async () => {
    await symlink(path.join(ws.root, '.env'), path.join(ws.root, 'src/config'));
    await symlink(path.join(ws.root, '.agent-guard'), path.join(ws.root, 'src/settings'));
    const fs = new NodeWorkspaceFs(ws.root);
    const viaFile = await buildChangeSet({ source: claudeHook, files: [{ path: 'src/config', content: 'DB_PASSWORD=x\n' }] }, fs);
    assert.equal(viaFile.files[0].realPath, '.env');
    assert.deepEqual([evaluatePolicy(viaFile, policy()).action, evaluatePolicy(viaFile, policy()).rule], ['deny', 'default:deny-env-files']);
    const viaFolder = await buildChangeSet({ source: claudeHook, files: [{ path: 'src/settings/policy.json', content: '{ "defaults": false }\n' }] }, fs);
    assert.equal(evaluatePolicy(viaFolder, policy()).rule, 'default:deny-agent-guard-files');
  });

  it('a rename out of a denied path is denied (the old name counts too)', async () => {
    const verdict = await verdictFor([{ path: 'src/env.txt', previousPath: '.env', before: text('A=1\n'), after: text('A=1\n') }], policy());
    assert.equal(verdict.action, 'deny');
  });
});

describe('agent policy: bad input', () => {
  it('unknown keys, invalid globs, an empty agent name and bad rule ids are errors that say where', () => {
    const source = '{\n  "agents": [\n    { "agent": " - ", "rules": [{ "action": "deny", "paths": ["src/**x"] }] },\n    { "agent": "Codex", "rules": [{ "action": "allow", "id": "has space", "pathz": ["a"] }] }\n  ],\n  "defaults": "no"\n}';
    const loaded = loadPolicy(source, '.agent-guard/policy.json');
    assert.equal(loaded.valid, false);
    const at = Object.fromEntries(loaded.problems.map((p) => [p.pointer, `${p.line}:${p.column} ${p.message}`]));
    assert.match(at['/agents/0/agent'], /^3:\d+ must be a non-empty agent name/);
    assert.match(at['/agents/0/rules/0/paths/0'], /^3:\d+ invalid glob "src\/\*\*x"/);
    assert.match(at['/agents/1/rules/0/id'], /^4:\d+ must be 1 to 64 letters/);
    assert.match(at['/agents/1/rules/0/pathz'], /^4:\d+ unknown key 'pathz'/);
    assert.match(at['/defaults'], /^6:\d+ must be true or false/);
    assert.match(loaded.messages.at(-1)!, /strict defaults apply/);
  });

  it('contradictory rules for one agent and road across entries are an error, with names folded', () => {
    const loaded = loadPolicy(
      JSON.stringify({ agents: [{ agent: 'Claude Code', rules: [{ action: 'allow', paths: ['src/**'] }] }, { agent: 'claude-code', rules: [{ action: 'deny', paths: ['docs/**', 'src/**'] }] }] }),
      'p.json',
    );
    assert.equal(loaded.valid, false);
    assert.equal(loaded.problems[0].pointer, '/agents/1/rules/0');
    assert.match(loaded.problems[0].message, /contradicts \/agents\/0\/rules\/0: one allows and the other denies "src\/\*\*"/);
    // Different roads, or allow plus ask, are not contradictions: precedence decides.
    assert.ok(loadPolicy(JSON.stringify({ agents: [{ agent: 'x', rules: [{ action: 'allow', paths: ['src/**'] }] }, { agent: 'x', channel: 'hook', rules: [{ action: 'deny', paths: ['src/**'] }] }] }), 'p.json').valid);
    assert.ok(loadPolicy(JSON.stringify({ agents: [{ agent: 'x', rules: [{ action: 'allow', paths: ['src/**'] }] }, { agent: 'x', rules: [{ action: 'ask', paths: ['src/**'] }] }] }), 'p.json').valid);
  });

  it('an invalid file never opens access: the other file\'s allow rules and auto-approve are dropped, denies and the shipped defaults stay', async () => {
    const user: PolicyFile = { autoApprove: { enabled: true, paths: ['**'] }, defaults: false, agents: [{ agent: '*', rules: [{ action: 'allow', paths: ['**'] }, { id: 'no-infra', action: 'deny', paths: ['infra/**'] }] }] };
    const badWorkspace = loadPolicy('{ "agents": [ { "agent": "" } ] }', '.agent-guard/policy.json');
    assert.equal(badWorkspace.valid, false);
    const policy = mergePolicies(user, badWorkspace.policy, true, { strict: true });
    assert.equal(policy.strictFallback, true);
    assert.equal(policy.autoApprove.enabled, false);
    assert.equal(policy.shippedDefaults, true);
    assert.deepEqual(policy.agents.flatMap((a) => a.rules.map((r) => r.action)), ['deny']);
    assert.equal((await verdictFor([edit('src/app.ts')], policy)).action, 'review');
    assert.equal((await verdictFor([edit('.env')], policy)).action, 'deny');
    assert.equal((await verdictFor([edit('infra/main.tf')], policy)).action, 'deny');
    assert.ok(policy.notes.some((n) => /strict defaults apply/.test(n)));
  });
});

describe('agent policy: in the gate, before the queue', () => {
  let ws: TempWorkspace;
  let storage: string;
  let store: PendingStore;
  let audit: AuditLog;
  let gate: ReviewGate;
  beforeEach(async () => {
    ws = await tempWorkspace();
    storage = await mkdtemp(path.join(tmpdir(), 'ag-policy-'));
    await ws.write('src/app.ts', 'export const a = 1;\n');
    await ws.write('.env', 'DB_PASSWORD=hunter22\n');
    store = await PendingStore.open(path.join(storage, 'pending'), { heartbeatMs: 0 });
    audit = await AuditLog.open({ directory: path.join(storage, 'audit') });
    const policy = policyOf({ agents: [{ agent: 'Claude Code', rules: [{ id: 'no-src', action: 'deny', paths: ['src/**'], reason: 'Claude Code works on docs only' }] }] });
    gate = new ReviewGate({ workspace: new NodeWorkspaceFs(ws.root), store, audit, backups: new DirectoryBackupStore(path.join(storage, 'backups')), policy: () => policy });
  });
  afterEach(async () => {
    await store.close();
    await ws.dispose();
    await rm(storage, { recursive: true, force: true });
  });

  async function entries(): Promise<AuditEntry[]> {
    const all: AuditEntry[] = [];
    for await (const e of audit.entries()) all.push(e);
    return all;
  }

  it('a denied proposal is never queued, the agent gets the rule and the reason, and the log has a refusal naming the rule', async () => {
    for (const channel of ['api', 'tool', 'hook'] as const) {
      const result = await gate.propose({ source: { channel, agent: 'claude-code' }, files: [{ path: 'src/app.ts', content: 'export const a = 2;\n' }] });
      assert.equal(result.status, 'denied', channel);
      assert.equal(result.verdict.rule, 'user:no-src');
      assert.match(result.verdict.reasons[0], /Claude Code works on docs only/);
    }
    const guard = await gate.proposeContents({ channel: 'guard' }, [edit('.env', 'DB_PASSWORD=hunter22\n', 'DB_PASSWORD=hunter23\n')]);
    assert.equal(guard.status, 'denied');
    assert.equal((await gate.pending()).length, 0, 'nothing reaches the queue, so nothing can be approved');
    assert.equal((await ws.read('src/app.ts')).toString(), 'export const a = 1;\n');
    const log = await entries();
    const refusals = log.filter((e) => e.type === 'refusal');
    assert.deepEqual(refusals.map((e) => [e.data.reason, e.data.rule]), [
      ['policyDenied', 'user:no-src'],
      ['policyDenied', 'user:no-src'],
      ['policyDenied', 'user:no-src'],
      ['policyDenied', 'default:deny-env-files'],
    ]);
    const policyEntries = log.filter((e) => e.type === 'policy');
    assert.deepEqual((policyEntries[0].data.files as { path: string; rule: string }[]).map((f) => [f.path, f.rule]), [['src/app.ts', 'user:no-src']]);
    assert.ok(!JSON.stringify(log).includes('hunter2'), 'no file content in the log');
    assert.equal((await audit.verify()).ok, true);
  });

  it('Explain Decision answers from the audit log as it would from memory, denied and queued change sets alike', async () => {
    const denied = await gate.propose({ source: { channel: 'api', agent: 'Claude Code' }, files: [{ path: 'src/app.ts', content: 'export const a = 3;\n' }, { path: 'docs/a.md', content: '# A\n' }] });
    const queued = await gate.propose({ source: { channel: 'api', agent: 'Codex' }, files: [{ path: '.github/workflows/ci.yml', content: 'on: push\n' }] });
    const log = await entries();
    const fromLog = explainFromAudit(log, denied.changeSet.id)!;
    const fromMemory = explainVerdict(denied.changeSet.id, denied.changeSet.source, denied.verdict);
    assert.deepEqual([fromLog.action, fromLog.rule, fromLog.agent, fromLog.channel], ['deny', 'user:no-src', 'Claude Code', 'api']);
    assert.deepEqual(fromLog.files.map((f) => [f.path, f.action, f.rule]), fromMemory.files.map((f) => [f.path, f.action, f.rule]));
    const text = formatExplanation(fromLog);
    assert.match(text, /^Denied by user:no-src \(Claude Code · api\)\./);
    assert.match(text, /src\/app\.ts: Denied by user:no-src\n {2}• Claude Code works on docs only/);
    assert.match(text, /docs\/a\.md: Needs review by default:review/);

    const ci = formatExplanation(explainFromAudit(log, queued.changeSet.id)!);
    assert.match(ci, /\.github\/workflows\/ci\.yml: Needs review by default:ask-ci-workflows\n {2}• CI workflows run with repository secrets/);
    assert.equal(explainFromAudit(log, 'cs-unknown'), undefined);
  });
});
