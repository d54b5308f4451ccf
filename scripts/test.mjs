#!/usr/bin/env node
// Runs the test layers in order and prints each layer's counts, then one closing line for all of them.
// `node scripts/test.mjs` runs every layer; `node scripts/test.mjs unit cli` runs the named ones.
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import * as path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

/** Every *.test.ts under a folder, sorted, so the run is the same everywhere. */
function testFiles(dir) {
  const absolute = path.join(root, dir);
  if (!existsSync(absolute)) return [];
  const found = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const full = path.join(d, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name.endsWith('.test.ts')) found.push(path.relative(root, full));
    }
  };
  walk(absolute);
  return found;
}

function nodeTestLayer(name, dirs, { needsBuild = false } = {}) {
  return { name, needsBuild, run: () => runNodeTests(dirs.flatMap(testFiles)) };
}

const LAYERS = {
  unit: nodeTestLayer('unit', ['test/unit', 'test/rules']),
  cli: nodeTestLayer('cli', ['test/cli'], { needsBuild: true }),
  integration: { name: 'integration', needsBuild: true, optional: 'scripts/vscode/runIntegration.mjs', run: () => runScriptLayer('scripts/vscode/runIntegration.mjs') },
  e2e: { name: 'e2e', needsBuild: true, optional: 'scripts/vscode/runE2e.mjs', run: () => runScriptLayer('scripts/vscode/runE2e.mjs') },
};

function spawnCollect(command, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk) => {
      out += chunk;
      process.stdout.write(chunk);
    });
    child.stderr.on('data', (chunk) => process.stderr.write(chunk));
    child.on('close', (code) => resolve({ code: code ?? 1, out }));
  });
}

async function runNodeTests(files) {
  if (files.length === 0) return { passed: 0, failed: 0, code: 0 };
  const { code, out } = await spawnCollect(process.execPath, ['--import', 'tsx', '--test', '--test-reporter=spec', '--test-concurrency=2', ...files]);
  const passed = Number(/ℹ pass (\d+)/.exec(out)?.[1] ?? 0);
  const failed = Number(/ℹ fail (\d+)/.exec(out)?.[1] ?? (code ? 1 : 0));
  return { passed, failed: code && failed === 0 ? 1 : failed, code };
}

/** A layer run by its own script, which prints `<layer>: N passed, N failed` as its last count line. */
async function runScriptLayer(script) {
  const { code, out } = await spawnCollect(process.execPath, [script]);
  const match = [...out.matchAll(/(\d+) passed, (\d+) failed/g)].pop();
  const passed = Number(match?.[1] ?? 0);
  const failed = Number(match?.[2] ?? 0);
  return { passed, failed: code && failed === 0 ? 1 : failed, code };
}

async function main() {
  const requested = process.argv.slice(2);
  const names = requested.length ? requested : Object.keys(LAYERS);
  for (const name of names) if (!LAYERS[name]) throw new Error(`unknown test layer '${name}' (known: ${Object.keys(LAYERS).join(', ')})`);
  const layers = names.map((n) => LAYERS[n]).filter((layer) => !layer.optional || existsSync(path.join(root, layer.optional)) || requested.includes(layer.name));

  if (layers.some((l) => l.needsBuild)) {
    const build = await spawnCollect(process.execPath, ['esbuild.mjs']);
    if (build.code !== 0) throw new Error('build failed');
  }
  const results = [];
  for (const layer of layers) {
    console.log(`\n=== ${layer.name} tests ===`);
    const result = await layer.run();
    results.push({ name: layer.name, ...result });
  }
  console.log('\n=== summary ===');
  for (const r of results) console.log(`${r.name}: ${r.passed} passed, ${r.failed} failed`);
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed > 0 || results.some((r) => r.code !== 0) ? 1 : 0;
}

main().catch((error) => {
  console.error(`test runner: ${error.message}`);
  process.exitCode = 1;
});
