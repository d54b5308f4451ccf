import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Inspect, SettingValues } from '../../src/extension/configModel';
import { expandBraces, resolveConfig } from '../../src/extension/configModel';

/** Builds an inspect function from user and workspace setting objects (keys without the section). */
function settings(user: Record<string, unknown>, workspace: Record<string, unknown> = {}): Inspect {
  return <T>(key: string): SettingValues<T> => ({ user: user[key] as T | undefined, workspace: workspace[key] as T | undefined });
}

describe('configuration', () => {
  it('has safe defaults', () => {
    const config = resolveConfig(settings({}), true);
    assert.equal(config.liveDiagnostics, true);
    assert.equal(config.debounceMs, 300);
    assert.equal(config.liveScope, 'file');
    assert.equal(config.minimumSeverity, 'low');
    assert.deepEqual([...config.disabledCategories], []);
    assert.equal(config.maxFileBytes, 1024 * 1024);
    assert.deepEqual(config.severityMap, { critical: 'error', high: 'error', medium: 'warning', low: 'information' });
    assert.equal(config.useGitleaksIgnore, true);
    assert.equal(config.honourWorkspaceSuppressions, true);
  });

  it('in a trusted workspace, workspace values win', () => {
    const config = resolveConfig(
      settings({ minimumSeverity: 'low' }, { minimumSeverity: 'high', categories: { dependency: false }, ruleOverrides: { 'secrets/x': 'off' }, severityMap: { low: 'hint' }, liveScope: 'changedSinceHead', debounceMs: 10 }),
      true,
    );
    assert.equal(config.minimumSeverity, 'high');
    assert.deepEqual([...config.disabledCategories], ['dependency']);
    assert.deepEqual(config.ruleOverrides, { 'secrets/x': 'off' });
    assert.equal(config.severityMap.low, 'hint');
    assert.equal(config.liveScope, 'changedSinceHead');
    assert.equal(config.debounceMs, 50, 'debounce is clamped');
  });

  describe('in an untrusted workspace, workspace values only tighten', () => {
    const weakening = {
      liveDiagnostics: false,
      minimumSeverity: 'critical',
      categories: { secret: false },
      exclude: ['**/*'],
      maxFileSizeKB: 1,
      ruleOverrides: { 'secrets/private-key': 'off', 'secrets/other': 'low' },
      severityMap: { critical: 'hint' },
      liveScope: 'changedSinceSave',
      useGitleaksIgnore: true,
    };

    it('ignores every weakening workspace value', () => {
      const config = resolveConfig(settings({ ruleOverrides: { 'secrets/other': 'high' } }, weakening), false);
      assert.equal(config.liveDiagnostics, true);
      assert.equal(config.minimumSeverity, 'low');
      assert.deepEqual([...config.disabledCategories], []);
      assert.deepEqual(config.exclude, []);
      assert.equal(config.maxFileBytes, 1024 * 1024);
      assert.deepEqual(config.ruleOverrides, { 'secrets/other': 'high' });
      assert.equal(config.severityMap.critical, 'error');
      assert.equal(config.liveScope, 'file');
    });

    it('never lets the workspace\'s own suppression files hide findings', () => {
      const config = resolveConfig(settings({ useGitleaksIgnore: true }, weakening), false);
      assert.equal(config.useGitleaksIgnore, false);
      assert.equal(config.honourWorkspaceSuppressions, false);
    });

    it('accepts tightening workspace values', () => {
      const config = resolveConfig(
        settings(
          { minimumSeverity: 'high', categories: { dependency: false }, ruleOverrides: { a: 'off', b: 'low' }, severityMap: { low: 'hint' }, liveScope: 'changedSinceHead', liveDiagnostics: false, maxFileSizeKB: 10 },
          { minimumSeverity: 'medium', categories: { dependency: true }, ruleOverrides: { a: 'medium', b: 'critical' }, severityMap: { low: 'warning' }, liveScope: 'file', liveDiagnostics: true, maxFileSizeKB: 4096 },
        ),
        false,
      );
      assert.equal(config.minimumSeverity, 'medium');
      assert.deepEqual([...config.disabledCategories], []);
      assert.deepEqual(config.ruleOverrides, { a: 'medium', b: 'critical' });
      assert.equal(config.severityMap.low, 'warning');
      assert.equal(config.liveScope, 'file');
      assert.equal(config.liveDiagnostics, true);
      assert.equal(config.maxFileBytes, 4096 * 1024);
    });

    it('keeps the user\'s own weakening choices', () => {
      const config = resolveConfig(settings({ minimumSeverity: 'high', categories: { dependency: false }, exclude: ['gen/**'], liveDiagnostics: false }), false);
      assert.equal(config.minimumSeverity, 'high');
      assert.deepEqual([...config.disabledCategories], ['dependency']);
      assert.deepEqual(config.exclude, ['gen/**']);
      assert.equal(config.liveDiagnostics, false);
    });
  });

  it('drops malformed values instead of failing', () => {
    const config = resolveConfig(settings({ minimumSeverity: 'bogus', exclude: [1, '', 'ok/**'], ruleOverrides: { x: 'sometimes' }, severityMap: { high: 'loud' }, liveScope: 7, maxFileSizeKB: 'big' }), true);
    assert.equal(config.minimumSeverity, 'low');
    assert.deepEqual(config.exclude, ['ok/**']);
    assert.deepEqual(config.ruleOverrides, {});
    assert.equal(config.severityMap.high, 'error');
    assert.equal(config.liveScope, 'file');
    assert.equal(config.maxFileBytes, 1024 * 1024);
  });

  it('expands one level of braces in files.exclude globs', () => {
    assert.deepEqual(expandBraces('**/*.{js,map}'), ['**/*.js', '**/*.map']);
    assert.deepEqual(expandBraces('**/.git'), ['**/.git']);
  });
});
