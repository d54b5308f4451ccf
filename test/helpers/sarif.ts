import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { ROOT } from './cli';

const MULTITOOL_DIR = path.join(ROOT, 'node_modules/@microsoft/sarif-multitool-linux');

/** Errors from the official SARIF 2.1.0 JSON schema (shipped with the multitool). Empty when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  const schema = JSON.parse(readFileSync(path.join(MULTITOOL_DIR, 'sarif-2.1.0.json'), 'utf8'));
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  return validate(log) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`);
}

/**
 * The multitool's own rules (SARIF1xxx errors and SARIF2xxx warnings). It is called directly rather than
 * through its bin.js, which passes arguments through a shell. Returns warnings and errors, not notes.
 */
export function multitoolProblems(file: string): string[] {
  const out = `${file}.validation.sarif`;
  const result = spawnSync(path.join(MULTITOOL_DIR, 'Sarif.Multitool'), ['validate', file, '-o', out, '--log', 'ForceOverwrite', '--level', 'Error;Warning'], { encoding: 'utf8', timeout: 120_000 });
  assert.match(result.stdout, /Analysis completed successfully/, result.stdout + result.stderr);
  const validation = JSON.parse(readFileSync(out, 'utf8')) as { runs: { results?: { level?: string; ruleId?: string; message: { arguments?: string[] } }[] }[] };
  return (validation.runs[0].results ?? []).map((r) => `${r.level} ${r.ruleId} ${(r.message.arguments ?? []).join(' ')}`);
}

/** Asserts a SARIF document is valid by both checks. */
export function assertValidSarif(text: string, dir: string): void {
  const log = JSON.parse(text);
  assert.deepEqual(sarifSchemaErrors(log), [], 'SARIF schema errors');
  const file = path.join(dir, 'report.sarif');
  writeFileSync(file, text);
  assert.deepEqual(multitoolProblems(file), [], 'SARIF multitool errors or warnings');
}
