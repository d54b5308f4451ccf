// Bundles the extension, the lazily loaded engine and the CLI.
// The engine is its own bundle so that activation never loads parsers: the extension requires it on first scan.
import { copyFileSync, cpSync, mkdirSync } from 'node:fs';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: production ? false : 'linked',
  minify: production,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['vscode'],
  // Prefer ES module builds: jsonc-parser's UMD entry loads its parts with a require() esbuild cannot follow.
  mainFields: ['module', 'main'],
};

/** Leaves the CLI's `import('./heavyCommands.js')` to load dist/cli-engine.js at run time instead of bundling it. */
function cliEngineExternal() {
  return {
    name: 'cli-engine-external',
    setup(build) {
      build.onResolve({ filter: /^\.\/heavyCommands(\.js)?$/ }, (args) => (args.kind === 'dynamic-import' ? { path: './cli-engine.js', external: true } : undefined));
    },
  };
}

// The popular-package lists are read lazily from dist/data/popular at the first dependency check.
cpSync('data/popular', 'dist/data/popular', { recursive: true });

const builds = [
  { ...common, entryPoints: { extension: 'src/extension/extension.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { engine: 'src/core/engineEntry.ts' }, outdir: 'dist' },
  // Workspace and git scans run in a worker_thread, off the extension host's main thread.
  { ...common, entryPoints: { worker: 'src/core/scan/worker.ts' }, outdir: 'dist' },
  // The CLI in two halves: cli.js parses arguments and runs the hook; cli-engine.js (rules, parsers,
  // reports) loads only for scan, diff and the hook's offline fallback, so a hook call starts fast.
  { ...common, entryPoints: { cli: 'src/cli/main.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' }, plugins: [cliEngineExternal()] },
  { ...common, entryPoints: { 'cli-engine': 'src/cli/heavyCommands.ts' }, outdir: 'dist' },
];

// The review webview loads codicons from the extension itself: nothing remote.
mkdirSync('dist/codicons', { recursive: true });
for (const file of ['codicon.css', 'codicon.ttf']) cpSync(`node_modules/@vscode/codicons/dist/${file}`, `dist/codicons/${file}`);

// The tree-sitter runtime and only the grammars the injection rules use (each is 0.2–2 MB), next to the
// bundles that load them on first use (src/core/analysis/treeSitter/loader.ts); .vscodeignore ships dist/*.wasm.
const TREE_SITTER_GRAMMARS = ['python', 'go', 'java', 'php', 'ruby', 'bash'];
function copyTreeSitterWasm() {
  mkdirSync('dist', { recursive: true });
  for (const file of ['tree-sitter.wasm', ...TREE_SITTER_GRAMMARS.map((grammar) => `tree-sitter-${grammar}.wasm`)]) {
    copyFileSync(`node_modules/@vscode/tree-sitter-wasm/wasm/${file}`, `dist/${file}`);
  }
}
copyTreeSitterWasm();

if (watch) {
  const contexts = await Promise.all(builds.map((options) => esbuild.context(options)));
  await Promise.all(contexts.map((context) => context.watch()));
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
