import { TYPOSQUAT_PATTERNS } from '../../deps/typosquat';
import type { Rule } from '../types';
import { dependencyAnalysis, isManifestPath, registryName, show, squatOf } from './shared';

const TECHNIQUE_WORDS: Record<string, string> = {
  separator: 'differs only by a separator',
  homoglyph: 'uses look-alike characters',
  scope: 'moves the name into or out of a scope',
  affix: 'adds or drops a common prefix or suffix',
  'swapped letters': 'swaps two letters',
  'doubled letter': 'doubles a letter',
  'missing letter': 'drops a letter',
  'extra letter': 'adds a letter',
  'changed letter': 'changes one letter',
};

/** A dependency whose name is a near miss of a popular package's name. */
export const typosquat: Rule = {
  meta: {
    id: 'dependencies/typosquat',
    category: 'dependency',
    severity: 'high',
    confidence: 'medium',
    cwe: [1357, 506],
    changeAware: true,
    docs: {
      summary: 'A dependency’s name imitates a popular package’s name.',
      why: 'Attackers publish packages whose names are one typo away from popular ones (typosquats) so that a slip, or an AI agent’s guess, installs their code, which often steals credentials at install time.',
      fix: 'Replace it with the popular package it imitates if that was meant; otherwise check the package’s publisher, age and repository before keeping it.',
      example: { bad: '"expresss": "^4.18.0"', good: '"express": "^4.18.0"' },
    },
    messages: {
      squat: '{{name}} looks like a typosquat of {{target}} ({{how}})',
    },
  },
  appliesToPath: isManifestPath,
  check(context) {
    const analysis = dependencyAnalysis(context);
    // A whole lockfile is mostly transitive packages chosen by other maintainers; in a plain scan only
    // manifests are checked, and in a diff only packages new to the lockfile.
    if (!analysis || (analysis.manifest.lockfile && analysis.mode === 'scan')) return;
    const seen = new Set<string>();
    for (const dep of analysis.subject) {
      const name = registryName(dep);
      if (!name || seen.has(name)) continue;
      // In a lockfile only packages new to it are checked; a new version of a known one is no squat.
      if (analysis.manifest.lockfile && analysis.mode === 'diff' && analysis.knewBefore(dep.name)) continue;
      seen.add(name);
      const match = squatOf(context, dep);
      if (!match) continue;
      const how = TECHNIQUE_WORDS[match.technique] ?? match.technique;
      context.report({
        messageId: 'squat',
        data: { name: show(name), target: match.target, how },
        // A transitive package was picked by another maintainer: still worth a look, less likely a slip here.
        severity: analysis.manifest.lockfile ? 'medium' : undefined,
        start: dep.span.start,
        end: dep.span.end,
        explanation: `${show(name)} is not among the popular ${dep.ecosystem} packages, but its name ${how} from ${match.target} (popularity rank ${match.targetRank}). Typosquats like this are published to catch mistyped installs and often run malicious code when installed. Check whether ${match.target} was meant, and if ${show(name)} really is wanted, who publishes it, when it was first published and whether its repository matches.`,
        remediation: `Use ${match.target} if that is what was meant. Otherwise verify ${show(name)} on the registry (publisher, first publish date, downloads, repository link) before keeping it.`,
      });
    }
  },
  patterns: TYPOSQUAT_PATTERNS,
};
