import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import { hunkContentHash } from '../../../src/core/alerts/hunkHash';
import type { AlertInspect } from '../../../src/core/alerts/settings';
import { ALERT_SETTING_KEYS, DEFAULT_ALERT_SETTINGS, resolveAlertSettings } from '../../../src/core/alerts/settings';

function inspect(user: Record<string, unknown>, workspace: Record<string, unknown>): AlertInspect {
  return (key) => ({ user: user[key], workspace: workspace[key] });
}

describe('alert settings', () => {
  it('defaults when nothing is set', () => {
    const { settings, notes } = resolveAlertSettings(inspect({}, {}), false);
    assert.deepEqual(settings, DEFAULT_ALERT_SETTINGS);
    assert.deepEqual(notes, []);
  });

  it('an untrusted workspace may make alerts more sensitive, never less', () => {
    const { settings, notes } = resolveAlertSettings(
      inspect({}, { enabled: false, 'sensitiveBurst.count': 50, 'sensitiveBurst.seconds': 600, 'outsideWorkspace.count': 2, cooldownSeconds: 3600, 'denialBypass.seconds': 10 }),
      false,
    );
    assert.equal(settings.enabled, true, 'an untrusted workspace cannot turn alerts off');
    assert.equal(settings.sensitiveBurst.count, 5, 'a higher count would loosen');
    assert.equal(settings.sensitiveBurst.seconds, 600, 'a longer window tightens');
    assert.equal(settings.outsideWorkspace.count, 2, 'a lower count tightens');
    assert.equal(settings.cooldownSeconds, 300, 'a longer cool-down would hide alerts');
    assert.equal(settings.denialBypass.seconds, 600, 'a shorter memory would loosen');
    assert.equal(notes.length, 4);
    assert.ok(notes.every((n) => /untrusted workspace/.test(n)));
  });

  it('a trusted workspace and the user decide freely', () => {
    const trusted = resolveAlertSettings(inspect({}, { enabled: false, 'sensitiveBurst.count': 50 }), true).settings;
    assert.equal(trusted.enabled, false);
    assert.equal(trusted.sensitiveBurst.count, 50);
    const user = resolveAlertSettings(inspect({ enabled: false, 'sensitiveBurst.count': 9 }, {}), false).settings;
    assert.equal(user.enabled, false);
    assert.equal(user.sensitiveBurst.count, 9);
    // Untrusted tightening is measured against the user's value, not the default.
    assert.equal(resolveAlertSettings(inspect({ 'sensitiveBurst.count': 9 }, { 'sensitiveBurst.count': 7 }), false).settings.sensitiveBurst.count, 7);
  });

  it('a wrong type or an out-of-range value is ignored, named, and changes nothing', () => {
    const { settings, notes } = resolveAlertSettings(inspect({ 'sensitiveBurst.count': 0, 'criticalFindings.seconds': 'ten', enabled: 'yes' }, { 'outsideWorkspace.count': Number.NaN }), true);
    assert.deepEqual(settings, DEFAULT_ALERT_SETTINGS);
    assert.equal(notes.length, 4);
    assert.match(notes[0], /agentGuard\.alerts\.sensitiveBurst\.count \(user\) must be a number from 1 to 1000/);
  });

  it('package.json declares every alert setting, and lists each as restricted in untrusted workspaces', () => {
    const manifest = JSON.parse(readFileSync(path.join(__dirname, '..', '..', '..', 'package.json'), 'utf8')) as {
      contributes: { configuration: { properties: Record<string, { default: unknown }> } };
      capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
    };
    for (const key of ALERT_SETTING_KEYS) {
      const full = `agentGuard.alerts.${key}`;
      assert.ok(manifest.contributes.configuration.properties[full], `${full} is declared`);
      assert.ok(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations.includes(full), `${full} is restricted`);
    }
    const declared = manifest.contributes.configuration.properties;
    assert.equal(declared['agentGuard.alerts.sensitiveBurst.count'].default, DEFAULT_ALERT_SETTINGS.sensitiveBurst.count);
    assert.equal(declared['agentGuard.alerts.cooldownSeconds'].default, DEFAULT_ALERT_SETTINGS.cooldownSeconds);
  });
});

describe('hunk content hash', () => {
  it('is the same for the same added lines wherever they sit, and differs for other lines', () => {
    const a = hunkContentHash({ lines: [' ctx', "+app.get('/debug', (req, res) => res.send(eval(req.query.code)));", ' more'] });
    const b = hunkContentHash({ lines: [' other context', "+    app.get('/debug', (req, res) => res.send(eval(req.query.code)));"] });
    const c = hunkContentHash({ lines: [' ctx', "+app.get('/debug', (req, res) => res.send(String(req.query.code)));"] });
    assert.ok(a && /^[0-9a-f]{64}$/.test(a));
    assert.equal(a, b);
    assert.notEqual(a, c);
  });

  it('is null for a trivial hunk (a brace, a blank line), which recurs everywhere', () => {
    assert.equal(hunkContentHash({ lines: ['+}', '+', ' x'] }), null);
    assert.ok(hunkContentHash({ lines: ['-const removedSecretHolder = load();'] }), 'a pure deletion hashes its removed lines');
  });
});
