import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const ROOT = path.resolve(__dirname, '../../../..');

/** The parser is loaded on the first JS file scanned, never by importing the registry (the extension's activation). */
describe('JS parser loading', () => {
  it('is not loaded by the registry, only by the first scan of a JS file', () => {
    const script = `
      const loaded = () => Object.keys(require.cache).some((k) => /[\\\\/]typescript[\\\\/]lib[\\\\/]typescript\\.js$/.test(k));
      const { allRules } = require('./src/core/rules/index');
      const { scanText } = require('./src/core/scan/engine');
      const afterImport = loaded();
      scanText('notes.txt', 'nothing to see', { rules: allRules }).then(() => {
        const afterText = loaded();
        return scanText('src/a.js', 'el.innerHTML = location.hash;', { rules: allRules }).then((r) => {
          process.stdout.write(JSON.stringify({ afterImport, afterText, afterJs: loaded(), findings: r.findings.length }));
        });
      });`;
    const out = execFileSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, encoding: 'utf8' });
    assert.deepEqual(JSON.parse(out), { afterImport: false, afterText: false, afterJs: true, findings: 1 });
  });
});
