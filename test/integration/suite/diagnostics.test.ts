// Diagnostics, quick fixes and palette scans in a real VS Code (issue 9). Runs inside the extension host under
// the suite/index mocha runner (TDD interface). Self-contained: it needs only the fixture workspace folder.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import * as vscode from 'vscode';
import type { AgentGuardExports } from '../../../src/extension/extension';
import type { ScanCommandResult } from '../../../src/extension/scanWorkerJobs';
import { fakePem } from '../../helpers/fakeSecrets';

const EXTENSION_ID = 'agent-guard.agent-guard';
const SOURCE = 'Agent Guard';
const LIVE_MS = 1000;

async function api(): Promise<AgentGuardExports> {
  const extension = vscode.extensions.getExtension<AgentGuardExports>(EXTENSION_ID);
  assert.ok(extension, `extension ${EXTENSION_ID} is not installed`);
  return extension.isActive ? extension.exports : extension.activate();
}

function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need a workspace folder');
  return folder.uri;
}

async function write(relativePath: string, text: string): Promise<vscode.Uri> {
  const uri = vscode.Uri.joinPath(root(), relativePath);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

async function read(uri: vscode.Uri): Promise<string | undefined> {
  return vscode.workspace.fs.readFile(uri).then((bytes) => Buffer.from(bytes).toString('utf8'), () => undefined);
}

/** The rule id of a diagnostic, whose code is `{ value, target }`. */
function ruleOf(diagnostic: vscode.Diagnostic): string {
  const code = diagnostic.code;
  return typeof code === 'object' && code !== null ? String(code.value) : String(code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

/** Resolves when `accept` holds for the document's diagnostics, checking now and on every change. */
function waitFor(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, timeoutMs: number, what: string): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const diagnostics = ours(uri);
      if (accept(diagnostics)) {
        done();
        resolve(diagnostics);
      }
    };
    const listener = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; saw [${ours(uri).map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`).join(', ')}]`));
    }, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      listener.dispose();
    };
    check();
  });
}

async function openInEditor(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(uri);
  assert.equal(editor.document.uri.toString(), uri.toString());
  return editor;
}

/**
 * The quick fixes VS Code would show in the light bulb for a diagnostic. Another provider's cancellation
 * (the TypeScript server's, while it starts) fails the whole request, so it is retried a few times.
 */
async function quickFixes(uri: vscode.Uri, diagnostic: vscode.Diagnostic): Promise<vscode.CodeAction[]> {
  for (let attempt = 1; ; attempt++) {
    try {
      // Asked where the finding starts, as the light bulb does; a range spanning a whole key block is not what an editor sends.
      const at = new vscode.Range(diagnostic.range.start, diagnostic.range.start);
      const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, at, vscode.CodeActionKind.QuickFix.value)) ?? [];
      const ours = actions.filter((a) => a.command?.command.startsWith('agentGuard.') || a.diagnostics?.some((d) => d.source === SOURCE));
      // A request overtaken by the TypeScript server's own work on a just-typed file comes back empty rather
      // than cancelled; ask again, as the light bulb does.
      if (ours.length || attempt >= 10) return ours;
      await new Promise((resolve) => setTimeout(resolve, 300));
    } catch (error) {
      if (attempt >= 10 || (error as Error).name !== 'Canceled') throw error;
      await new Promise((resolve) => setTimeout(resolve, 300));
    }
  }
}

function findAction(actions: vscode.CodeAction[], prefix: string): vscode.CodeAction {
  const action = actions.find((a) => a.title.startsWith(prefix));
  assert.ok(action?.command, `no "${prefix}" quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
  return action;
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', ['-c', 'user.name=Agent Guard Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], { cwd, encoding: 'utf8' });
}

suite('diagnostics: live, quick fixes, palette scans', () => {
  suiteSetup(async () => {
    const { activationMs } = await api();
    // Reported by the bench too; this is the figure from a real extension host.
    console.log(`agent-guard: activate() took ${activationMs.toFixed(1)} ms in this VS Code`);
  });
  teardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('typing a hard-coded key shows a diagnostic within a second, linked to the rule docs, with its fixes', async function () {
    // Only the diagnostic has a one-second promise. Opening Markdown and asking the TypeScript server for its code
    // actions take seconds on a loaded 2-core machine, so the test as a whole gets more than mocha's 30 s.
    this.timeout(90_000);
    const uri = await write('src/live.ts', 'export const greeting = "hello";\n');
    const editor = await openInEditor(uri);
    // The engine loads on first use; warm it so the one-second promise is about typing.
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    assert.deepEqual(ours(uri), []);

    assert.ok(await editor.edit((e) => e.insert(new vscode.Position(1, 0), `const signingKey = \`${fakePem()}\`;\n`)));
    const typedAt = Date.now();
    const [diagnostic] = await waitFor(uri, (d) => d.length === 1, LIVE_MS, 'the typed key');
    assert.ok(Date.now() - typedAt <= LIVE_MS);
    assert.equal(ruleOf(diagnostic), 'secrets/private-key');
    assert.equal(diagnostic.range.start.line, 1);
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    const code = diagnostic.code as { value: string; target: vscode.Uri };
    assert.equal(code.target.scheme, 'agent-guard-docs');
    const docs = await vscode.workspace.openTextDocument(code.target);
    assert.match(docs.getText(), /^# secrets\/private-key/);
    assert.match(docs.getText(), /## How to fix it/);

    const titles = (await quickFixes(uri, diagnostic)).map((a) => a.title);
    for (const expected of ['Move to environment variable', 'Ignore this finding', 'Add to baseline', 'Disable rule', 'Show documentation']) {
      assert.ok(titles.some((t) => t.startsWith(expected)), `missing "${expected}" in ${titles.join(' | ')}`);
    }
    assert.ok(!JSON.stringify(diagnostic.message).includes(editor.document.lineAt(2).text), 'the message must not carry key material');

    // A settings change applies at once: the severity map turns critical findings into warnings.
    const config = vscode.workspace.getConfiguration('agentGuard');
    await config.update('severityMap', { critical: 'warning' }, vscode.ConfigurationTarget.Workspace);
    try {
      await waitFor(uri, (d) => d.length === 1 && d[0].severity === vscode.DiagnosticSeverity.Warning, 5000, 'the mapped severity');
    } finally {
      await config.update('severityMap', undefined, vscode.ConfigurationTarget.Workspace);
    }
    await editor.document.save();
  });

  test('"Ignore this finding" adds the comment on the line before, and the diagnostic disappears', async function () {
    this.timeout(60_000);
    const uri = await write('src/ignored.py', `def sign():\n    key = """${fakePem()}"""\n    return key\n`);
    await openInEditor(uri);
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    const [diagnostic] = await waitFor(uri, (d) => d.length === 1, 5000, 'the key in ignored.py');
    const action = findAction(await quickFixes(uri, diagnostic), 'Ignore this finding');
    const [args] = action.command!.arguments as [Record<string, unknown>];
    // The reason would come from an input box; the command takes it as an argument for scripts and tests.
    assert.equal(await vscode.commands.executeCommand(action.command!.command, { ...args, reason: 'test fixture, never deployed' }), true);
    await waitFor(uri, (d) => d.length === 0, LIVE_MS, 'the ignored finding to disappear');
    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(1).text, '    # agent-guard-ignore: secrets/private-key -- test fixture, never deployed');
    await document.save();
  });

  test('"Move to environment variable" rewrites the line and adds the name, without the value, to .env.example', async function () {
    this.timeout(90_000);
    const pem = fakePem();
    const uri = await write('src/sign.ts', `import jwt from 'jsonwebtoken';\nconst signingKey = \`${pem}\`;\nexport const sign = (p: object) => jwt.sign(p, signingKey);\n`);
    const example = vscode.Uri.joinPath(root(), '.env.example');
    await write('.env.example', 'PORT=3000\n');
    await openInEditor(uri);
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    const [diagnostic] = await waitFor(uri, (d) => d.length === 1, 5000, 'the key in sign.ts');
    const action = findAction(await quickFixes(uri, diagnostic), 'Move to environment variable');
    const [args] = action.command!.arguments as [Record<string, unknown>];
    assert.equal(await vscode.commands.executeCommand(action.command!.command, { ...args, name: 'SIGNING_KEY' }), 'SIGNING_KEY');

    const document = await vscode.workspace.openTextDocument(uri);
    assert.equal(document.lineAt(1).text, 'const signingKey = process.env.SIGNING_KEY;');
    assert.ok(!document.getText().includes('PRIVATE KEY'));
    const exampleText = await read(example);
    assert.equal(exampleText, 'PORT=3000\nSIGNING_KEY=\n');
    for (const line of pem.split('\n').slice(1, -1)) assert.ok(!exampleText!.includes(line), '.env.example must not hold the key');
    await waitFor(uri, (d) => d.length === 0, LIVE_MS, 'the moved key to disappear');
    await document.save();
  });

  test('"Add to baseline" writes the fingerprint only, and "Disable rule" turns the rule off for the workspace', async function () {
    this.timeout(90_000);
    const pem = fakePem();
    const uri = await write('src/baselined.rb', `KEY = <<~PEM\n${pem}\nPEM\n`);
    await openInEditor(uri);
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    const [diagnostic] = await waitFor(uri, (d) => d.length === 1, 5000, 'the key in baselined.rb');
    const action = findAction(await quickFixes(uri, diagnostic), 'Add to baseline');
    assert.equal(await vscode.commands.executeCommand(action.command!.command, ...(action.command!.arguments ?? [])), true);
    await waitFor(uri, (d) => d.length === 0, 5000, 'the baselined finding to disappear');
    const baselineUri = vscode.Uri.joinPath(root(), '.agent-guard-baseline.json');
    const baselineText = (await read(baselineUri))!;
    const baseline = JSON.parse(baselineText);
    assert.deepEqual(baseline.findings.map((f: { ruleId: string; file: string }) => `${f.ruleId}:${f.file}`), ['secrets/private-key:src/baselined.rb']);
    for (const line of pem.split('\n').slice(1, -1)) assert.ok(!baselineText.includes(line), 'the baseline must not hold key material');
    await vscode.workspace.fs.delete(baselineUri);

    const other = await write('src/disabled.ts', `export const k = \`${fakePem()}\`;\n`);
    await openInEditor(other);
    await vscode.commands.executeCommand('agentGuard.scanCurrentFile');
    const [second] = await waitFor(other, (d) => d.length === 1, 5000, 'the key in disabled.ts');
    const disable = findAction(await quickFixes(other, second), 'Disable rule');
    const config = vscode.workspace.getConfiguration('agentGuard');
    try {
      assert.equal(await vscode.commands.executeCommand(disable.command!.command, ...(disable.command!.arguments ?? [])), true);
      assert.deepEqual(vscode.workspace.getConfiguration('agentGuard').inspect('ruleOverrides')?.workspaceValue, { 'secrets/private-key': 'off' });
      await waitFor(other, (d) => d.length === 0, 5000, 'the disabled rule\'s finding to disappear');
    } finally {
      await config.update('ruleOverrides', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('Scan Workspace fills the Problems panel and the findings view; cancelling stops it', async function () {
    this.timeout(120_000);
    const a = await write('scan/a.ts', `export const k = \`${fakePem()}\`;\n`);
    const b = await write('scan/deep/b.go', `package main\n\nvar k = \`${fakePem('EC PRIVATE KEY')}\`\n`);
    await write('scan/ignored-by-agent-guardignore/c.ts', `export const k = \`${fakePem()}\`;\n`);
    await write('scan/.agent-guardignore', 'ignored-by-agent-guardignore/\n');

    const result = await vscode.commands.executeCommand<ScanCommandResult>('agentGuard.scanWorkspace', { silent: true });
    assert.ok(result, 'the command returned nothing');
    assert.equal(result.cancelled, false);
    assert.ok(result.filesScanned >= 3, `scanned ${result.filesScanned} files`);
    assert.equal(ours(a).length, 1, 'scan/a.ts is closed but must be in the Problems panel');
    assert.equal(ours(b).length, 1);
    assert.equal(ours(vscode.Uri.joinPath(root(), 'scan/ignored-by-agent-guardignore/c.ts')).length, 0, '.agent-guardignore must be honoured');

    const view = (await api()).findingsView();
    assert.ok(view.total >= 2, `the findings view shows ${view.total}`);
    assert.ok(view.groups.some((g) => g.label === 'secret' && g.count >= 2), JSON.stringify(view));
    await vscode.commands.executeCommand('agentGuard.findings.groupBy', 'file');
    assert.ok((await api()).findingsView().groups.some((g) => g.label.endsWith('scan/a.ts')));
    await vscode.commands.executeCommand('agentGuard.findings.filter', 'deep/b.go');
    assert.equal((await api()).findingsView().total, 1);
    await vscode.commands.executeCommand('agentGuard.findings.clearFilter');
    await vscode.commands.executeCommand('agentGuard.findings.groupBy', 'category');

    // Enough files that the scan is still running when the cancel arrives.
    const bulk = vscode.Uri.joinPath(root(), 'bulk');
    const count = 3000;
    const edit = new vscode.WorkspaceEdit();
    for (let i = 0; i < count; i++) edit.createFile(vscode.Uri.joinPath(bulk, `d${i % 30}`, `f${i}.ts`), { contents: Buffer.from(`export const v${i} = ${i};\n`.repeat(40)), ignoreIfExists: true });
    assert.ok(await vscode.workspace.applyEdit(edit));
    try {
      const source = new vscode.CancellationTokenSource();
      const running = vscode.commands.executeCommand<ScanCommandResult>('agentGuard.scanWorkspace', { silent: true, token: source.token });
      setTimeout(() => source.cancel(), 150);
      const cancelled = await running;
      assert.ok(cancelled, 'the cancelled scan returned nothing');
      assert.equal(cancelled.cancelled, true);
      assert.ok(cancelled.filesScanned < count, `the cancelled scan still scanned ${cancelled.filesScanned} files`);
    } finally {
      await vscode.workspace.fs.delete(bulk, { recursive: true, useTrash: false });
    }
  });

  test('Scan Uncommitted Changes in a git repository reports only the new finding', async function () {
    this.timeout(60_000);
    const folder = root().fsPath;
    git(folder, 'init', '-q');
    try {
      await write('repo/old.ts', `export const old = \`${fakePem()}\`;\n`);
      await write('repo/edited.ts', 'export const a = 1;\n');
      git(folder, 'add', '-A');
      git(folder, 'commit', '-q', '-m', 'baseline with an old key');
      // Introduced now: one key in an edited file. Deleted and renamed files must not break the scan.
      await write('repo/edited.ts', `export const a = 1;\nexport const fresh = \`${fakePem()}\`;\n`);
      await vscode.workspace.fs.rename(vscode.Uri.joinPath(root(), 'repo/old.ts'), vscode.Uri.joinPath(root(), 'repo/renamed.ts'));
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(root(), 'src/app.js'));

      const result = await vscode.commands.executeCommand<ScanCommandResult>('agentGuard.scanUncommittedChanges', { silent: true });
      assert.ok(result, 'the command returned nothing');
      assert.deepEqual(result.errors, []);
      assert.equal(result.findings, 1, `expected only the new key, got ${result.findings}`);
      const edited = vscode.Uri.joinPath(root(), 'repo/edited.ts');
      assert.deepEqual(ours(edited).map((d) => `${ruleOf(d)}@${d.range.start.line + 1}`), ['secrets/private-key@2']);
      assert.equal(ours(vscode.Uri.joinPath(root(), 'repo/renamed.ts')).length, 0, 'a renamed file with an old key is not new');
      assert.equal(ours(vscode.Uri.joinPath(root(), 'scan/a.ts')).length, 0, 'results of the previous scan are replaced');

      const staged = await vscode.commands.executeCommand<ScanCommandResult>('agentGuard.scanStagedChanges', { silent: true });
      assert.equal(staged?.findings, 0, 'nothing is staged');
    } finally {
      git(folder, 'checkout', '-q', '--', 'src/app.js');
      rmSync(`${folder}/.git`, { recursive: true, force: true });
    }
  });

  test('Export Report writes self-contained HTML and valid-looking SARIF of the last scan', async function () {
    this.timeout(60_000);
    const scanned = await vscode.commands.executeCommand<ScanCommandResult>('agentGuard.scanWorkspace', { silent: true });
    assert.ok(scanned && scanned.findings > 0, 'the workspace holds keys written by the tests above');
    const html = vscode.Uri.joinPath(root(), 'report.html');
    const sarif = vscode.Uri.joinPath(root(), 'report.sarif');
    await vscode.commands.executeCommand('agentGuard.exportReport', { format: 'html', target: html });
    await vscode.commands.executeCommand('agentGuard.exportReport', { format: 'sarif', target: sarif });
    const page = (await read(html))!;
    assert.match(page, /default-src 'none'/);
    assert.match(page, /<svg /);
    assert.ok(!/<script/i.test(page));
    const log = JSON.parse((await read(sarif))!);
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs[0].results[0].ruleId, 'secrets/private-key');
  });
});
