import type { Rule } from '../types';
import { dependencyAnalysis, isManifestPath, show, showSpec } from './shared';

/** Every dependency a change adds to a manifest, so the reviewer sees each one. */
export const newDependency: Rule = {
  meta: {
    id: 'dependencies/new-dependency',
    category: 'dependency',
    severity: 'low',
    confidence: 'high',
    cwe: [1357],
    changeAware: true,
    docs: {
      summary: 'A dependency was added to a manifest.',
      why: 'A new dependency brings someone else’s code, and everything it depends on, into the project; it runs with the project’s rights.',
      fix: 'Check that the package is the one intended, who publishes it, when it was published, and that its repository matches; remove it if it is not needed.',
    },
    messages: {
      added: 'New dependency {{name}} ({{spec}}) in {{section}}',
    },
  },
  appliesToPath: isManifestPath,
  check(context) {
    const analysis = dependencyAnalysis(context);
    if (!analysis || analysis.mode !== 'diff' || analysis.manifest.lockfile) return;
    for (const dep of analysis.added) {
      context.report({
        messageId: 'added',
        data: { name: show(dep.name), spec: showSpec(dep.spec), section: dep.section },
        start: dep.span.start,
        end: dep.span.end,
        explanation: `The change adds ${show(dep.name)} (${showSpec(dep.spec)}) to ${dep.section}. Its code, and that of everything it depends on, will run in this project. Check who publishes it, when it was published, that its repository matches, and that the project needs it.`,
      });
    }
  },
};
