import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';

const root = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

const IMPORT_OF = (module: string) => new RegExp(`(?:from\\s*|require\\(\\s*|import\\(\\s*|import\\s+)['"]${module}['"]`);

describe('layering', () => {
  const coreFiles = sourceFiles(path.join(root, 'src/core'));

  it('finds the engine sources', () => {
    assert.ok(coreFiles.length > 10, `expected the core sources, found ${coreFiles.length}`);
  });

  it('keeps vscode out of src/core', () => {
    const offenders = coreFiles.filter((file) => IMPORT_OF('vscode').test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });

  it('keeps the CLI and the extension out of src/core', () => {
    const offenders = coreFiles.filter((file) => /from\s*['"][./]*(?:\.\.\/)+(?:cli|extension)\//.test(readFileSync(file, 'utf8')));
    assert.deepEqual(offenders.map((f) => path.relative(root, f)), []);
  });

  it('the check detects a vscode import', () => {
    assert.ok(IMPORT_OF('vscode').test("import * as vscode from 'vscode';"));
    assert.ok(IMPORT_OF('vscode').test("const v = require('vscode');"));
    assert.ok(IMPORT_OF('vscode').test("import type { Uri } from \"vscode\";"));
    assert.ok(!IMPORT_OF('vscode').test("import { x } from 'vscode-uri';"));
  });

  it('the lint configuration forbids vscode under src/core too', () => {
    const config = readFileSync(path.join(root, 'eslint.config.mjs'), 'utf8');
    assert.match(config, /files: \['src\/core\/\*\*\/\*\.ts'\][\s\S]*no-restricted-imports[\s\S]*name: 'vscode'/);
  });
});
