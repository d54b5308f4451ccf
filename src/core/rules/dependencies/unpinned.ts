import { isPinnedRef, unpinnedReason } from '../../deps/specs';
import type { Rule } from '../types';
import { dependencyAnalysis, isManifestPath, show } from './shared';

/** New or changed dependencies whose version floats: `*`, `latest`, `>=` without upper bound, git branches. */
export const unpinned: Rule = {
  meta: {
    id: 'dependencies/unpinned',
    category: 'dependency',
    severity: 'low',
    confidence: 'high',
    cwe: [1357],
    changeAware: true,
    docs: {
      summary: 'A dependency’s version is not bounded: `*`, `latest`, `>=` with no upper bound, or a git branch.',
      why: 'An unbounded version installs whatever is published next, including a release from a hijacked account, without any change to the project for a reviewer to see.',
      fix: 'Give a bounded range (`^1.4.0`, `~=1.4`, `>=1.4,<2`) or an exact version, and commit the lockfile; pin git dependencies to a full commit hash.',
    },
    messages: {
      range: '{{name}}: {{reason}}',
      branch: '{{name}} follows a git branch, not a fixed commit',
    },
  },
  appliesToPath: isManifestPath,
  check(context) {
    const analysis = dependencyAnalysis(context);
    if (!analysis || analysis.mode !== 'diff' || analysis.manifest.lockfile) return;
    for (const dep of analysis.subject) {
      if (dep.source === 'git') {
        if (isPinnedRef(dep.ref) !== 'branch') continue;
        context.report({
          messageId: 'branch',
          data: { name: show(dep.name) },
          start: dep.span.start,
          end: dep.span.end,
          explanation: `${show(dep.name)} is taken from a git ${dep.ref ? `ref '${dep.ref}' that looks like a branch` : 'repository with no ref'}, so every install can get different code. Pin a full commit hash.`,
        });
        continue;
      }
      if (dep.source !== 'registry' || dep.ecosystem === 'go') continue;
      if (dep.section.includes('peerDependencies') || dep.section === 'build-system.requires') continue;
      const reason = unpinnedReason(dep.spec);
      if (!reason) continue;
      context.report({
        messageId: 'range',
        data: { name: show(dep.name), reason },
        start: dep.span.start,
        end: dep.span.end,
        explanation: `${show(dep.name)}: ${reason}. Any future release, including one from a hijacked maintainer account, would be installed without a change here. Give a bounded range or an exact version and commit the lockfile.`,
      });
    }
  },
};
