#!/usr/bin/env node
// Opens a workspace in a real VS Code (code-server) with this checkout's extension loaded, prints the URL and
// runs until Ctrl+C, then stops everything it started. For trying the extension by hand and as the base of
// `npm run demo`. Usage: node scripts/vscode/serve.mjs [FOLDER] [--vsix] [--port-file FILE]
//   FOLDER      folder to open (default: a fresh copy of test/fixtures/workspace)
//   --vsix      install the packaged .vsix (npm run package) instead of loading the extension from the checkout
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { build, cleanupAll, codeServerCli, copyWorkspace, makeTestDir, prepareDirs, ROOT, startCodeServer } from './codeServer.mjs';
import { ensureCodeServer } from './installCodeServer.mjs';

/**
 * Starts code-server on `folder` with the extension, either packaged (.vsix installed) or from this checkout
 * (extensionDevelopmentPath in the URL). Returns the server and the URL to open; stop with server.stop().
 */
export async function serveWorkspace({ folder, vsix = false, label = 'serve', settings } = {}) {
  await ensureCodeServer();
  const testDir = makeTestDir(label);
  const dirs = prepareDirs(testDir, { settings });
  const workspace = folder ? path.resolve(folder) : copyWorkspace(path.join(ROOT, 'test', 'fixtures', 'workspace'), testDir);
  if (!existsSync(workspace)) throw new Error(`no such folder: ${workspace}`);
  if (vsix) {
    const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] });
    if (result.status !== 0) throw new Error('npm run package failed');
    codeServerCli(dirs, ['--install-extension', path.join(ROOT, 'agent-guard.vsix')]);
  } else {
    build();
  }
  const server = await startCodeServer({ label, testDir, dirs, workspace });
  const url = vsix ? server.workbenchUrl(workspace) : server.workbenchUrl(workspace, [['extensionDevelopmentPath', server.remoteUri(ROOT)]]);
  return { server, url, workspace };
}

if (process.argv[1] && path.resolve(process.argv[1]) === new URL(import.meta.url).pathname) {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  try {
    const { url, workspace } = await serveWorkspace({ folder, vsix: args.includes('--vsix') });
    console.log(`\nAgent Guard in VS Code (code-server), workspace ${workspace}\n\n  ${url}\n\nOpen the URL in a browser on this machine. Ctrl+C stops it.`);
    // The SIGINT handler in codeServer.mjs stops the server and removes the temp folder.
    setInterval(() => {}, 1 << 30);
  } catch (error) {
    console.error(`serve: ${error.message}`);
    await cleanupAll();
    process.exitCode = 1;
  }
}
