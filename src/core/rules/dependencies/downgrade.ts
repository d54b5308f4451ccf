import { compareVersions, floorVersion } from '../../deps/specs';
import type { Rule } from '../types';
import { dependencyAnalysis, isManifestPath, show } from './shared';

/** An existing dependency moved to an older version. */
export const downgrade: Rule = {
  meta: {
    id: 'dependencies/downgrade',
    category: 'dependency',
    severity: 'low',
    confidence: 'medium',
    cwe: [1104],
    changeAware: true,
    docs: {
      summary: 'A dependency was moved to an older version.',
      why: 'Older releases can bring back fixed vulnerabilities; an agent may downgrade to make an error go away without saying so.',
      fix: 'Check why the older version is needed and whether it has known vulnerabilities (npm audit, pip-audit, osv-scanner); prefer fixing forward.',
    },
    messages: {
      downgrade: '{{name}} downgraded from {{from}} to {{to}}',
    },
  },
  appliesToPath: isManifestPath,
  check(context) {
    const analysis = dependencyAnalysis(context);
    if (!analysis || analysis.mode !== 'diff' || analysis.manifest.lockfile) return;
    for (const { before, after } of analysis.changed) {
      if (before.source !== 'registry' || after.source !== 'registry') continue;
      const from = floorVersion(before.spec);
      const to = floorVersion(after.spec);
      if (!from || !to) continue;
      const order = compareVersions(to, from);
      if (order === undefined || order >= 0) continue;
      context.report({
        messageId: 'downgrade',
        data: { name: show(after.name), from: before.spec, to: after.spec },
        start: after.span.start,
        end: after.span.end,
        explanation: `The change moves ${show(after.name)} from ${before.spec} down to ${after.spec}. Older releases can reintroduce vulnerabilities that were fixed. Check why the downgrade is needed and whether ${after.spec} has known advisories.`,
      });
    }
  },
};
