// Compiles the integration suite for the extension host: one bundle per *.test.ts plus the mocha runner (index),
// so the runner can find test files at run time. `vscode` comes from the host; mocha from node_modules.
import { readdirSync, rmSync } from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';
import { ROOT } from './codeServer.mjs';

export const SUITE_SRC = path.join(ROOT, 'test', 'integration', 'suite');
export const SUITE_OUT = path.join(ROOT, 'out', 'test', 'integration', 'suite');
/** extensionTestsPath for both runners (the host adds .js). */
export const SUITE_ENTRY = path.join(SUITE_OUT, 'index');

export async function buildIntegrationSuite() {
  const entries = readdirSync(SUITE_SRC).filter((f) => f === 'index.ts' || f.endsWith('.test.ts'));
  // Stale bundles of deleted test files would still run.
  rmSync(SUITE_OUT, { recursive: true, force: true });
  await esbuild.build({
    entryPoints: entries.map((f) => path.join(SUITE_SRC, f)),
    outdir: SUITE_OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    external: ['vscode', 'mocha'],
    logLevel: 'warning',
  });
  return SUITE_ENTRY;
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  await buildIntegrationSuite();
}
