import type { Rule, RuleContext } from '../types';
import { ATTACKER_CONTROLLED, UNTRUSTED_TRIGGERS, checksOutPrHead, expressionsIn, isWorkflowPath, workflowOf } from './githubWorkflow';
import { quote } from './support';

const SECRETS = /\bsecrets\.[A-Za-z_][\w-]{0,100}/;

/** `secrets.*` in a step that also handles attacker-controlled input, in a workflow that outsiders can trigger. */
export const workflowSecretsUntrusted: Rule = {
  patterns: [SECRETS, ATTACKER_CONTROLLED],
  meta: {
    id: 'files/workflow-secrets-untrusted',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'medium',
    cwe: [200, 829],
    keywords: ['secrets.'],
    docs: {
      summary: 'A secret is handed to a workflow step that processes untrusted input',
      why: 'A step that reads a pull request\'s code, title or comments can be made to run attacker code; any secret in that step\'s environment or arguments can then be read and sent out.',
      fix: 'Split the work: process untrusted input in a job without secrets, and give secrets only to steps that run trusted code on trusted data (e.g. after an approval or on the default branch).',
    },
    messages: {
      secretWithUntrusted: '`{{secret}}` is given to a step that {{reason}}, in a workflow triggered by {{trigger}}',
    },
  },
  appliesToPath: isWorkflowPath,
  check(context: RuleContext) {
    const model = workflowOf(context);
    if (!model) return;
    const trigger = [...model.triggers].find((t) => UNTRUSTED_TRIGGERS.has(t));
    if (!trigger) return;
    for (const job of model.jobs) {
      let afterHeadCheckout = false;
      for (const step of job.steps) {
        const expressions = expressionsIn(context.text, step.start, step.end);
        const readsUntrusted = expressions.some((e) => ATTACKER_CONTROLLED.test(e.body));
        const reason = readsUntrusted ? 'reads attacker-controlled event data' : afterHeadCheckout ? 'runs after a checkout of the pull request head' : undefined;
        if (checksOutPrHead(step)) afterHeadCheckout = true;
        if (!reason) continue;
        for (const expression of expressions) {
          const secret = SECRETS.exec(expression.body);
          if (!secret || secret[0] === 'secrets.GITHUB_TOKEN') continue;
          context.report({
            messageId: 'secretWithUntrusted',
            data: { secret: quote(secret[0], 60), reason, trigger },
            start: expression.start,
            end: expression.end,
          });
        }
      }
    }
  },
};
