/**
 * How long `agent-guard hook` itself takes per edit: a Claude Code Write event on stdin, answered at once
 * by an in-process review server, so what is measured is the hook process (start, parse, forward, print).
 * A bare `node -e ''` start is measured alongside, as the floor no Node program can go under.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { ReviewServer } from '../src/core/ipc/server';

const ROOT = path.resolve(__dirname, '..');
const CLI = path.join(ROOT, 'dist/cli.js');
const RUNS = 15;

function runProcess(args: string[], input: string, cwd: string, env: NodeJS.ProcessEnv): Promise<{ ms: number; stdout: string }> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env } });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('error', reject);
    child.on('close', () => resolve({ ms: performance.now() - started, stdout }));
    child.stdin.end(input);
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export async function run(): Promise<void> {
  const root = mkdtempSync(path.join(tmpdir(), 'ag-hook-bench-'));
  mkdirSync(path.join(root, 'src'));
  writeFileSync(path.join(root, 'src/config.js'), 'module.exports = {};\n');
  const runtime = mkdtempSync(path.join(tmpdir(), 'ag-hook-runtime-'));
  chmodSync(runtime, 0o700);
  const server = await ReviewServer.start({
    workspaceRoot: root,
    directory: runtime,
    handle: async () => ({ type: 'decision', outcome: 'approved', reason: 'Approved.', files: [] }),
    log: () => undefined,
  });
  const content = 'module.exports = { port: Number(process.env.PORT) || 3000 };\n';
  const event = readFileSync(path.join(ROOT, 'test/fixtures/hooks/claude-write.json'), 'utf8')
    .split('"{{cwd}}"').join(JSON.stringify(root))
    .split('"{{home}}"').join(JSON.stringify(tmpdir()))
    .split('"{{content}}"').join(JSON.stringify(content));
  try {
    const hook: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const result = await runProcess([CLI, 'hook'], event, root, { AGENT_GUARD_RUNTIME_DIR: runtime });
      if (!result.stdout.includes('"allow"')) throw new Error(`the hook did not allow: ${result.stdout}`);
      hook.push(result.ms);
      bare.push((await runProcess(['-e', ''], '', root, {})).ms);
    }
    console.log(`hook round trip (approved at once), median of ${RUNS}: ${median(hook).toFixed(0)} ms; node -e '' ${median(bare).toFixed(0)} ms; hook's own cost ${(median(hook) - median(bare)).toFixed(0)} ms`);
  } finally {
    await server?.close();
  }
}
