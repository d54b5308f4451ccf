import { baseName } from '../../scan/language';
import { LOCKFILE_NAMES } from '../../deps/analysis';
import type { Rule } from '../types';

/** A lockfile deleted by the change. */
export const lockfileRemoved: Rule = {
  meta: {
    id: 'dependencies/lockfile-removed',
    category: 'dependency',
    severity: 'medium',
    confidence: 'high',
    cwe: [1357],
    changeAware: true,
    docs: {
      summary: 'A lockfile was deleted.',
      why: 'Without the lockfile, the next install resolves every dependency afresh, to whatever versions and sources are current, and integrity hashes are lost: a quiet way to let unreviewed code in.',
      fix: 'Restore the lockfile. If it must be regenerated, do it with the package manager and review the resulting lockfile diff.',
    },
    messages: {
      removed: 'Lockfile {{name}} was deleted',
    },
  },
  appliesToPath: (path) => LOCKFILE_NAMES.includes(baseName(path)),
  check(context) {
    if (context.change?.status !== 'deleted') return;
    const name = baseName(context.path);
    context.report({
      messageId: 'removed',
      data: { name },
      start: 0,
      end: 0,
      evidence: name,
      explanation: `The change deletes ${context.path}. The next install will resolve every dependency again, with no pinned versions or integrity hashes to hold it to what was reviewed. Check why it was removed, and restore it or regenerate it deliberately.`,
    });
  },
};
