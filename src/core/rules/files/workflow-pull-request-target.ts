import type { Rule, RuleContext } from '../types';
import { PR_HEAD_REF, checksOutPrHead, isWorkflowPath, scalarSpan, workflowOf } from './githubWorkflow';
import { quote } from './support';

const PRIVILEGED_TRIGGERS = ['pull_request_target', 'workflow_run'];

/** A privileged trigger (pull_request_target, workflow_run) that checks out the pull request's code. */
export const workflowPullRequestTarget: Rule = {
  patterns: [PR_HEAD_REF],
  meta: {
    id: 'files/workflow-pull-request-target',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'high',
    cwe: [829, 94],
    keywords: ['pull_request_target', 'workflow_run'],
    docs: {
      summary: 'pull_request_target or workflow_run checks out the pull request head',
      why: 'These triggers run with the base repository\'s secrets and a write token; checking out the fork\'s code and then building or testing it runs the attacker\'s code with those secrets (a "pwn request").',
      fix: 'Use the `pull_request` trigger for anything that runs PR code; if a privileged follow-up is needed, let it only read artifacts from the unprivileged run, and never check out `github.event.pull_request.head`.',
    },
    messages: {
      headCheckout: '{{trigger}} workflow checks out the pull request head ({{ref}}) and runs with the repository\'s secrets',
    },
  },
  appliesToPath: isWorkflowPath,
  check(context: RuleContext) {
    const model = workflowOf(context);
    if (!model) return;
    const trigger = PRIVILEGED_TRIGGERS.find((t) => model.triggers.has(t));
    if (!trigger) return;
    for (const job of model.jobs) {
      for (const step of job.steps) {
        if (!checksOutPrHead(step)) continue;
        const ref = step.with.get('ref')!;
        const { start, end } = scalarSpan(ref);
        context.report({ messageId: 'headCheckout', data: { trigger, ref: quote(String(ref.value), 80) }, start, end });
      }
    }
  },
};
