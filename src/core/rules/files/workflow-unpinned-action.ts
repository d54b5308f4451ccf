import type { Scalar } from 'yaml';
import type { Rule, RuleContext } from '../types';
import { isWorkflowPath, scalarSpan, workflowOf } from './githubWorkflow';

const ACTION_REF = /^([\w.-]{1,100}\/[\w.-]{1,100})(?:\/[^@\s]{1,200})?@([^\s]{1,200})$/;
const FULL_SHA = /^[0-9a-f]{40}$/i;

/** `uses: owner/repo@v1`: a tag or branch can be moved to different code after review. */
export const workflowUnpinnedAction: Rule = {
  patterns: [ACTION_REF, FULL_SHA],
  meta: {
    id: 'files/workflow-unpinned-action',
    category: 'sensitive-file',
    severity: 'medium',
    confidence: 'high',
    cwe: [829, 1357],
    keywords: ['uses:'],
    docs: {
      summary: 'A GitHub Action or reusable workflow is pinned by tag or branch, not by commit SHA',
      why: 'Tags and branches can be moved: whoever controls the action\'s repository (or steals its maintainer\'s token, as in the tj-actions/changed-files attack) can make the tag point at code that reads your secrets.',
      fix: 'Pin to the full 40-character commit SHA and keep the tag as a comment (`uses: owner/action@<sha> # v4.1.0`); let Dependabot or Renovate update the pins.',
      example: { bad: 'uses: some-org/deploy-action@v2', good: 'uses: some-org/deploy-action@8f4b7f84864484a7bf31766abe9204da3cbe65b3 # v2.3.1' },
    },
    messages: {
      unpinned: 'Action `{{action}}` is pinned to `{{ref}}`, a movable tag or branch, not a commit SHA',
    },
  },
  appliesToPath: isWorkflowPath,
  check(context: RuleContext) {
    const model = workflowOf(context);
    if (!model) return;
    const uses: Scalar[] = [];
    for (const job of model.jobs) {
      if (job.uses) uses.push(job.uses);
      for (const step of job.steps) if (step.uses) uses.push(step.uses);
    }
    for (const node of uses) {
      const value = typeof node.value === 'string' ? node.value.trim() : '';
      const match = ACTION_REF.exec(value);
      if (!match || FULL_SHA.test(match[2])) continue;
      // GitHub's own actions are a smaller risk than a third party's, but still movable.
      const firstParty = /^(?:actions|github)\//i.test(match[1]);
      const { start, end } = scalarSpan(node);
      context.report({ messageId: 'unpinned', data: { action: match[1], ref: match[2] }, start, end, severity: firstParty ? 'low' : 'medium' });
    }
  },
};
