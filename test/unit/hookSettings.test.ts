import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'jsonc-parser';
import { hookCommand, launcherScript, withHookEntry } from '../../src/core/connect/hookSettings';

const LAUNCHER = '/home/dev/.config/Code/User/globalStorage/agent-guard.agent-guard/bin/agent-guard';

describe('hook settings', () => {
  it('adds a Claude Code PreToolUse entry and keeps the other settings and comments', () => {
    const existing = [
      '{',
      '  // team defaults',
      '  "permissions": { "allow": ["Bash(npm test)"] },',
      '  "hooks": {',
      '    "PreToolUse": [{ "matcher": "Bash", "hooks": [{ "type": "command", "command": "./scripts/check-bash.sh" }] }]',
      '  }',
      '}',
    ].join('\n');
    const result = withHookEntry(existing, 'claude', LAUNCHER);
    assert.match(result, /\/\/ team defaults/);
    const settings = parse(result);
    assert.deepEqual(settings.permissions, { allow: ['Bash(npm test)'] });
    assert.equal(settings.hooks.PreToolUse.length, 2);
    assert.deepEqual(settings.hooks.PreToolUse[1], { matcher: 'Write|Edit|MultiEdit', hooks: [{ type: 'command', command: hookCommand(LAUNCHER, 'claude'), timeout: 600 }] });
  });

  it('connecting twice replaces its own entry instead of adding another', () => {
    const once = withHookEntry(undefined, 'codex', LAUNCHER);
    const twice = withHookEntry(once, 'codex', `${LAUNCHER}-v2`);
    const entries = parse(twice).hooks.PreToolUse;
    assert.equal(entries.length, 1);
    assert.equal(entries[0].matcher, 'apply_patch');
    assert.match(entries[0].hooks[0].command, /-v2" hook --agent "Codex"$/);
  });

  it('writes the flat VS Code agent-hooks shape', () => {
    const entry = parse(withHookEntry('', 'vscode', LAUNCHER)).hooks.PreToolUse[0];
    assert.equal(entry.type, 'command');
    assert.equal(entry.timeout, 600);
    assert.match(entry.command, /hook --agent "VS Code agent"$/);
  });

  it('refuses to touch a settings file that is not valid JSON', () => {
    assert.throws(() => withHookEntry('{ "hooks": [ ', 'claude', LAUNCHER), /not valid JSON/);
  });

  it('the launcher runs the CLI with node, quoting paths with spaces and quotes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), "ag launcher's "));
    const cli = path.join(dir, 'cli.js');
    writeFileSync(cli, "process.stdout.write(JSON.stringify(process.argv.slice(2)));\n");
    const launcher = path.join(dir, 'agent-guard');
    writeFileSync(launcher, launcherScript(cli, '/nonexistent/electron', 'linux'));
    chmodSync(launcher, 0o700);
    const result = spawnSync(launcher, ['hook', '--agent', 'Claude Code'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.deepEqual(JSON.parse(result.stdout), ['hook', '--agent', 'Claude Code']);
  });
});
