import { MANIFEST_PATTERNS } from '../../deps/manifest';
import { NAME_PATTERNS } from '../../deps/names';
import { JSON_PATTERNS } from '../../deps/parse/json';
import { LINE_PATTERNS } from '../../deps/parse/lines';
import { PEP508_PATTERNS } from '../../deps/parse/pep508';
import { REQUIREMENTS_PATTERNS } from '../../deps/parse/requirements';
import { TOML_PATTERNS } from '../../deps/parse/toml';
import { YARN_LOCK_PATTERNS } from '../../deps/parse/yarnLock';
import { SPEC_PATTERNS } from '../../deps/specs';
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
  // Every dependency rule reads manifests through the same parsers; their patterns are declared once, here.
  patterns: [...MANIFEST_PATTERNS, ...NAME_PATTERNS, ...JSON_PATTERNS, ...LINE_PATTERNS, ...PEP508_PATTERNS, ...REQUIREMENTS_PATTERNS, ...TOML_PATTERNS, ...YARN_LOCK_PATTERNS, ...SPEC_PATTERNS],
};
