import type { Node as JsonNode } from 'jsonc-parser';
import type { Rule, RuleContext } from '../types';
import { commandLine, jsonValue, jsoncOf, property, quote, touchesNewLine } from './support';

/** `.vscode/tasks.json` or a workspace file's `tasks`, whose tasks may run when the folder opens. */
export function tasksRoot(context: RuleContext): JsonNode | undefined {
  const root = jsoncOf(context);
  return context.path.endsWith('.code-workspace') ? property(root, 'tasks') : root;
}

/**
 * A task with `runOptions.runOn: folderOpen` runs as soon as the folder is opened (once automatic tasks are
 * allowed). Change-aware: in diff mode a task is reported when any line of it was added or changed, so
 * editing the command of an existing auto-run task counts as much as adding `runOn`.
 */
export const vscodeTaskAutoRun: Rule = {
  meta: {
    id: 'files/vscode-task-auto-run',
    category: 'sensitive-file',
    severity: 'critical',
    confidence: 'high',
    cwe: [506, 829],
    keywords: ['folderopen'],
    changeAware: true,
    docs: {
      summary: 'A VS Code task runs automatically when the folder is opened',
      why: 'Opening the folder is enough to run the command, before anyone reads the code; planted in a repository it runs on every machine that opens it, with that developer\'s credentials.',
      fix: 'Remove `"runOn": "folderOpen"` and run the task by hand; if it must run on open, keep it to a harmless, reviewed command and leave `task.allowAutomaticTasks` off.',
      example: { bad: '"runOptions": { "runOn": "folderOpen" }', good: '"runOptions": { "runOn": "default" }' },
    },
    messages: { autoRun: 'Task {{label}} runs `{{command}}` automatically when the folder is opened' },
  },
  appliesToPath: (path) => /(?:^|\/)\.vscode\/tasks\.json$/.test(path) || path.endsWith('.code-workspace'),
  check(context: RuleContext) {
    const tasks = property(tasksRoot(context), 'tasks');
    if (!tasks || tasks.type !== 'array') return;
    for (const task of tasks.children ?? []) {
      const runOn = property(property(task, 'runOptions'), 'runOn');
      if (runOn?.value !== 'folderOpen') continue;
      if (!touchesNewLine(context, task.offset, task.offset + task.length)) continue;
      const data = jsonValue(task) as Record<string, unknown>;
      const label = typeof data.label === 'string' ? `'${quote(data.label, 60)}'` : '(unnamed)';
      const command = commandLine(data.command ?? data.script ?? data.type, data.args) || '(its default command)';
      context.report({
        messageId: 'autoRun',
        data: { label, command: quote(command, 120) },
        start: runOn.offset,
        end: runOn.offset + runOn.length,
        evidence: `"runOn": "folderOpen" → ${quote(command, 120)}`,
      });
    }
  },
};
