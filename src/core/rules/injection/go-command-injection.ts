import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { goAdapter } from '../../analysis/treeSitter/languages/go';

const SHELLS = new Set(['sh', 'bash', 'zsh', 'dash', 'ksh', '/bin/sh', '/bin/bash', '/usr/bin/bash', '/usr/bin/env', 'cmd', 'cmd.exe', 'powershell', 'pwsh']);

/** exec.Command("sh", "-c", nonLiteral): a command line assembled from data and handed to a shell. */
export const goCommandInjection = defineTreeSitterRule({
  language: 'go',
  adapter: goAdapter,
  meta: {
    id: 'injection/go-command-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [78],
    keywords: ['exec.command', 'commandcontext'],
    docs: {
      summary: 'exec.Command or exec.CommandContext running a shell (sh -c, bash -c, cmd /c) on a non-literal command line, or a program name taken from the request.',
      why: 'The shell reads ; | $( ) in the value as more commands, so any data in the string becomes code on the server.',
      fix: 'Run the program directly with separate arguments: exec.Command("git", "clone", "--", repoURL, dir). Never pass request data through sh -c.',
      example: {
        bad: 'out, err := exec.Command("sh", "-c", "ping -c 1 "+host).Output()',
        good: 'out, err := exec.Command("ping", "-c", "1", "--", host).Output()',
      },
    },
    messages: standardMessages('a shell command'),
  },
  visit(site, context) {
    if (site.kind !== 'call' || (site.callee !== 'exec.Command' && site.callee !== 'exec.CommandContext')) return;
    const args = site.callee === 'exec.CommandContext' ? site.args.slice(1) : site.args;
    const program = args[0];
    if (!program) return;
    if (!program.constant) {
      // A program name of unknown origin is common (a configured binary); request data choosing it is not.
      if (program.taint) reportOperand(context, site, program, site.callee, EXEC_POLICY);
      return;
    }
    const name = unquote(program.text);
    let flag = 1;
    if (name === '/usr/bin/env' && args[1]) flag = 2;
    const shell = name === '/usr/bin/env' ? unquote(args[1]?.text ?? '') : name;
    if (!SHELLS.has(shell) || !['-c', '/c', '/C', '-Command'].includes(unquote(args[flag]?.text ?? ''))) return;
    reportOperand(context, site, args[flag + 1], `${site.callee}("${shell}", "${unquote(args[flag].text)}", …)`, EXEC_POLICY);
  },
});

function unquote(text: string): string {
  return text.length >= 2 && (text[0] === '"' || text[0] === '`') ? text.slice(1, -1) : text;
}
