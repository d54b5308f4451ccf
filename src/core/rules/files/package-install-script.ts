import type { Rule, RuleContext } from '../types';
import { jsoncOf, lineEvidence, properties, property, quote } from './support';

/** npm lifecycle scripts that run on `npm install` / `npm ci` in the project, before anyone runs anything else. */
const INSTALL_HOOKS = new Set(['preinstall', 'install', 'postinstall', 'preprepare', 'prepare', 'postprepare', 'prepublish', 'dependencies']);

/**
 * package.json lifecycle scripts that run on install. Reported at medium when a change adds or edits one,
 * low in scan mode (where `"prepare": "husky"` is common and harmless).
 */
export const packageInstallScript: Rule = {
  meta: {
    id: 'files/package-install-script',
    category: 'sensitive-file',
    severity: 'medium',
    confidence: 'high',
    cwe: [829],
    keywords: ['install', 'prepare', 'prepublish'],
    docs: {
      summary: 'A package.json script runs automatically on install',
      why: '`npm install` runs preinstall, install, postinstall and prepare scripts without asking; a command added there runs on every developer machine and CI job that installs the project.',
      fix: 'Make it a script people run by name (`npm run setup`), or keep the hook to a reviewed, local command; do not download or execute remote code from it.',
    },
    messages: { installHook: '`{{name}}` script runs on every install: {{command}}' },
  },
  appliesToPath: (path) => /(?:^|\/)package\.json$/.test(path) && !/(?:^|\/)node_modules\//.test(path),
  check(context: RuleContext) {
    for (const [name, keyNode, valueNode] of properties(property(jsoncOf(context), 'scripts'))) {
      if (!INSTALL_HOOKS.has(name) || typeof valueNode.value !== 'string') continue;
      const line = context.lines.position(keyNode.offset).line;
      context.report({
        messageId: 'installHook',
        data: { name, command: quote(valueNode.value, 120) },
        start: keyNode.offset,
        end: valueNode.offset + valueNode.length,
        evidence: lineEvidence(context, line),
        severity: context.change ? 'medium' : 'low',
      });
    }
  },
};
