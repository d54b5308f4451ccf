#!/usr/bin/env node
// Leads code-server's process group and ends it if the test runner that started it disappears without cleaning
// up (SIGKILL, a CI time limit): otherwise the extension host stays, waiting for a browser to reconnect.
// Usage: node groupWatchdog.mjs OWNER_PID DIR_TO_REMOVE|- -- COMMAND [ARGS...]
import { spawn } from 'node:child_process';
import { rmSync } from 'node:fs';
import { descendants, signalAll } from './processTree.mjs';

const [ownerArg, removeDir, separator, command, ...args] = process.argv.slice(2);
const owner = Number(ownerArg);
if (!owner || separator !== '--' || !command) {
  console.error('usage: groupWatchdog.mjs OWNER_PID DIR_TO_REMOVE|- -- COMMAND [ARGS...]');
  process.exit(2);
}

// Same process group as this watchdog: one signal to the group reaches both.
const child = spawn(command, args, { stdio: 'inherit' });
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 128 : 1)));
child.on('error', (error) => {
  console.error(`watchdog: ${error.message}`);
  process.exit(1);
});

const check = setInterval(() => {
  // When the owner dies, this process is re-parented (to init or a subreaper): its ppid changes.
  if (process.ppid === owner) return;
  clearInterval(check);
  console.error(`watchdog: owner ${owner} is gone; stopping code-server and its extension hosts`);
  signalAll(descendants(process.pid), 'SIGKILL');
  // Chromium (the runner's child, not ours) may still be writing its profile in there while it exits.
  if (removeDir && removeDir !== '-') {
    try {
      rmSync(removeDir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
    } catch (error) {
      console.error(`watchdog: could not remove ${removeDir}: ${error.message}`);
    }
  }
  process.exit(1);
}, 1000);
