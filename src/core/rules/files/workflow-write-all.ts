import { isScalar } from 'yaml';
import type { Rule, RuleContext } from '../types';
import { isWorkflowPath, workflowOf } from './githubWorkflow';

/** `permissions: write-all` gives the job's GITHUB_TOKEN write access to everything. */
export const workflowWriteAll: Rule = {
  meta: {
    id: 'files/workflow-write-all',
    category: 'sensitive-file',
    severity: 'medium',
    confidence: 'high',
    cwe: [250, 732],
    keywords: ['write-all'],
    docs: {
      summary: 'A workflow grants its token write access to everything',
      why: 'Any step that is compromised (a poisoned action, an injected script) can then push code, create releases, change workflows and approve its own pull requests with the token.',
      fix: 'Set `permissions: contents: read` at the top and grant each job only the scopes it needs (e.g. `pull-requests: write`).',
      example: { bad: 'permissions: write-all', good: 'permissions:\n  contents: read' },
    },
    messages: { writeAll: '`permissions: write-all` gives the workflow token write access to the whole repository' },
  },
  appliesToPath: isWorkflowPath,
  check(context: RuleContext) {
    const model = workflowOf(context);
    if (!model) return;
    for (const node of model.permissions) {
      if (!isScalar(node) || node.value !== 'write-all' || !node.range) continue;
      context.report({ messageId: 'writeAll', start: node.range[0], end: node.range[1] });
    }
  },
};
