import { EXEC_POLICY, defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { bashAdapter } from '../../analysis/treeSitter/languages/bash';
import { combine } from '../../analysis/treeSitter/model';

/** eval of a line that contains variables or the output of commands that are not fixed. */
export const shellEvalInjection = defineTreeSitterRule({
  language: 'shellscript',
  adapter: bashAdapter,
  meta: {
    id: 'injection/shell-eval-injection',
    severity: 'high',
    confidence: 'medium',
    cwe: [78, 95],
    keywords: ['eval'],
    docs: {
      summary: 'eval of a command line that contains variables, script arguments or the output of a non-fixed command.',
      why: 'eval parses its text again as shell code: a ; or $( ) inside the variable\'s value becomes a command, so whoever sets the variable or passes the argument runs code as the script\'s user.',
      fix: 'Run the command directly and keep data in quoted variables or arrays: cmd=(git clone -- "$url"); "${cmd[@]}". For indirect names use ${!name} or declare -n instead of eval.',
      example: {
        bad: 'eval "tar czf $archive $files"',
        good: 'tar czf "$archive" "${files[@]}"',
      },
    },
    messages: {
      tainted: 'eval runs a line containing the {{source}}: whoever calls the script chooses the code.',
      built: 'eval runs a line built from variables; their values are parsed again as shell code.',
      dynamic: 'eval runs a line that is not a literal.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'shell-eval' || site.operands.length === 0) return;
    const first = site.operands[0];
    const last = site.operands[site.operands.length - 1];
    const value = combine(site.operands);
    const whole = { ...value, start: first.start, end: last.end, text: context.text.slice(first.start, last.end), nodeType: 'arguments' };
    reportOperand(context, site, whole, 'eval', { ...EXEC_POLICY, dynamic: 'medium', built: 'medium' });
  },
});
