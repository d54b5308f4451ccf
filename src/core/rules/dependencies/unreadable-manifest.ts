import type { Rule } from '../types';
import { dependencyAnalysis, isManifestPath } from './shared';

/** A manifest that cannot be parsed, or names no registry would accept: its dependencies went unchecked. */
export const unreadableManifest: Rule = {
  meta: {
    id: 'dependencies/unreadable-manifest',
    category: 'dependency',
    severity: 'medium',
    confidence: 'high',
    cwe: [20],
    changeAware: true,
    docs: {
      summary: 'A manifest could not be read, or declares a name that is not a valid package name.',
      why: 'What Agent Guard cannot parse it cannot check; a broken manifest or a name with control characters or path separators can hide a dependency from review, or from other tools.',
      fix: 'Fix the syntax error or the name so the package manager and reviewers read the same thing, then scan again.',
    },
    messages: {
      problem: '{{problem}}',
    },
  },
  appliesToPath: isManifestPath,
  check(context) {
    const analysis = dependencyAnalysis(context);
    if (!analysis) return;
    for (const problem of analysis.problems.slice(0, 20)) {
      context.report({
        messageId: 'problem',
        data: { problem: problem.message },
        start: problem.span.start,
        end: problem.span.end,
        explanation: `${problem.message}. Dependencies in this file could not all be checked. Check the file by hand, fix it, and scan again.`,
      });
    }
  },
};
