import type { SensitivePaths } from '../../sensitivePaths/sensitivePaths';
import { changeSeverity, defaultSensitivePaths } from '../../sensitivePaths/sensitivePaths';
import type { Rule, RuleContext } from '../types';
import { jsoncOf, lineEvidence, property } from './support';

/**
 * Every change to a sensitive path, in diff mode, with what it adds: one finding per file at the first added
 * line. The content rules (workflow checks, auto-run tasks, MCP servers…) say what is dangerous; this one
 * makes sure no change to a file that runs or steers an agent passes unannounced, even when no content rule
 * recognises it. In scan mode it reports nothing: that a workflow or a CLAUDE.md exists is not a finding.
 *
 * Built from a sensitive-path list so a user's policy can extend it: `createSensitivePathChangeRule(createSensitivePaths(policy.sensitivePaths))`.
 */
export function createSensitivePathChangeRule(paths: SensitivePaths): Rule {
  return {
    meta: {
      id: 'files/sensitive-path-change',
      category: 'sensitive-file',
      severity: 'medium',
      confidence: 'high',
      cwe: [],
      changeAware: true,
      docs: {
        summary: 'A change touches a file that runs code, steers agents, holds credentials or configures Agent Guard',
        why: 'CI workflows, build files, git hooks, editor tasks, agent instructions, MCP configs and Agent Guard\'s own policy decide what runs and what gets checked; an edit there can run code or switch protection off without touching application code.',
        fix: 'Read the whole change to this file, not only the flagged line, and approve it only if you would have written it yourself; Agent Guard\'s own files are never auto-approved.',
      },
      messages: {
        added: '{{label}} added ({{count}} line(s)): review what it runs',
        modified: '{{label}} changed: {{count}} line(s) added or changed',
        deleted: '{{label}} deleted',
        renamed: '{{label}} renamed from {{from}}',
      },
    },
    appliesToPath: (path) => paths.match(path) !== undefined,
    check(context: RuleContext) {
      const change = context.change;
      if (!change) return;
      const entry = paths.match(context.path);
      if (!entry) return;
      const label = entry.label.charAt(0).toUpperCase() + entry.label.slice(1);
      const severity = changeSeverity(entry);
      const added = [...change.addedLines].sort((a, b) => a - b);
      if (change.status === 'deleted') {
        context.report({ messageId: 'deleted', data: { label }, start: 0, end: 0, evidence: context.path, severity });
        return;
      }
      if (/(?:^|\/)package\.json$/.test(context.path) && !touchesScripts(context, added)) return;
      const firstContent = added.find((line) => context.lines.lineText(line).trim() !== '') ?? added[0];
      if (firstContent === undefined) {
        if (change.status === 'renamed') context.report({ messageId: 'renamed', data: { label, from: change.beforePath ?? '' }, start: 0, end: 0, severity });
        return;
      }
      const start = context.lines.lineStart(firstContent);
      context.report({
        messageId: change.status === 'added' ? 'added' : 'modified',
        data: { label, count: added.length },
        start,
        end: start + context.lines.lineText(firstContent).length,
        evidence: lineEvidence(context, firstContent),
        severity,
      });
    },
  };
}

export const sensitivePathChange: Rule = createSensitivePathChangeRule(defaultSensitivePaths);

/**
 * In package.json only `scripts` runs anything; dependency edits have their own rules (issue 5), so a
 * change elsewhere in the file is not announced as a sensitive-file change.
 */
function touchesScripts(context: RuleContext, added: readonly number[]): boolean {
  const scripts = property(jsoncOf(context), 'scripts');
  if (!scripts) return false;
  const first = context.lines.position(scripts.offset).line;
  const last = context.lines.position(scripts.offset + scripts.length).line;
  return added.some((line) => line >= first && line <= last);
}
