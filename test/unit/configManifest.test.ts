import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { COMMANDS, FIX_COMMANDS } from '../../src/extension/commands/ids';

const root = path.resolve(__dirname, '../..');
const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
const contributes = manifest.contributes;

describe('manifest', () => {
  it('declares every command of ids.ts, each under the Agent Guard category', () => {
    const declared = new Map<string, { category: string }>(contributes.commands.map((c: { command: string; category: string }) => [c.command, c]));
    for (const id of [...Object.values(COMMANDS), ...Object.values(FIX_COMMANDS)]) {
      assert.ok(declared.has(id), `${id} is missing from contributes.commands`);
      assert.equal(declared.get(id)!.category, 'Agent Guard', id);
    }
  });

  it('hides the quick-fix and view commands from the command palette', () => {
    const hidden = new Set(contributes.menus.commandPalette.filter((m: { when: string }) => m.when === 'false').map((m: { command: string }) => m.command));
    for (const id of Object.values(FIX_COMMANDS)) assert.ok(hidden.has(id), `${id} should be hidden`);
  });

  it('describes every setting, and lists each weakening one as restricted in untrusted workspaces', () => {
    const properties = contributes.configuration.properties as Record<string, { description?: string; markdownDescription?: string }>;
    for (const [key, schema] of Object.entries(properties)) assert.ok(schema.description || schema.markdownDescription, `${key} has no description`);
    for (const key of ['debounceMs', 'severityMap', 'liveScope', 'useGitleaksIgnore', 'exclude', 'maxFileSizeKB', 'ruleOverrides', 'categories', 'minimumSeverity']) {
      assert.ok(properties[`agentGuard.${key}`], `agentGuard.${key} is not contributed`);
    }
    const restricted = new Set(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations);
    for (const key of ['minimumSeverity', 'categories', 'exclude', 'maxFileSizeKB', 'ruleOverrides', 'severityMap', 'liveScope', 'useGitleaksIgnore', 'liveDiagnostics']) {
      assert.ok(restricted.has(`agentGuard.${key}`), `agentGuard.${key} should be restricted`);
    }
  });

  it('has a walkthrough whose media files exist', () => {
    const [walkthrough] = contributes.walkthroughs;
    assert.ok(walkthrough.steps.length >= 4);
    for (const step of walkthrough.steps) assert.ok(existsSync(path.join(root, step.media.markdown)), step.media.markdown);
  });

  it('activates lazily', () => {
    assert.deepEqual(manifest.activationEvents, ['onStartupFinished']);
  });
});
