import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { javaAdapter } from '../../analysis/treeSitter/languages/java';
import type { Operand } from '../../analysis/treeSitter/model';
import type { RuleContext } from '../types';

const SHELLS = new Set(['sh', 'bash', 'zsh', '/bin/sh', '/bin/bash', 'cmd', 'cmd.exe', 'powershell', 'pwsh']);
const SHELL_FLAGS = new Set(['-c', '/c', '/C', '-Command']);

/** Runtime.exec and ProcessBuilder running a shell on a non-literal command line. */
export const javaCommandInjection = defineTreeSitterRule({
  language: 'java',
  adapter: javaAdapter,
  meta: {
    id: 'injection/java-command-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [78],
    keywords: ['exec(', 'processbuilder'],
    docs: {
      summary: 'Runtime.exec or ProcessBuilder with sh -c (or cmd /c) and a non-literal command line, or a command string built from request data.',
      why: 'The shell reads ; | $( ) in the value as more commands, so data in the command line runs as code on the server.',
      fix: 'Start the program directly with one argument per element: new ProcessBuilder("convert", input, output). Never pass request data through sh -c.',
      example: {
        bad: 'Runtime.getRuntime().exec(new String[] {"sh", "-c", "ping -c 1 " + host});',
        good: 'new ProcessBuilder("ping", "-c", "1", host).start();',
      },
    },
    messages: standardMessages('a shell command'),
  },
  visit(site, context) {
    if (site.kind !== 'call') return;
    const isRuntime = site.name === 'exec' && !!site.receiver && site.receiver.text.toLowerCase().includes('runtime');
    const isBuilder = site.callee === 'new ProcessBuilder' || (site.name === 'command' && !!site.receiver);
    if (!isRuntime && !isBuilder) return;
    const first = site.args[0];
    if (!first) return;
    const parts = first.elements ?? (site.args.length > 1 || isBuilder ? site.args : undefined);
    if (parts) {
      checkShellParts(context, site, parts);
      return;
    }
    // Runtime.exec(String) splits on spaces without a shell: only request data choosing the command is reported.
    if (first.taint) reportOperand(context, site, first, 'Runtime.exec', EXEC_POLICY);
    else if (first.built) reportOperand(context, site, first, 'Runtime.exec', { ...EXEC_POLICY, built: 'medium' });
  },
});

function checkShellParts(context: RuleContext, site: { start: number; end: number }, parts: readonly Operand[]): void {
  const [program, flag, command] = parts;
  if (!program) return;
  if (!program.constant) {
    if (program.taint) reportOperand(context, site, program, 'a process', EXEC_POLICY);
    return;
  }
  if (!SHELLS.has(unquote(program.text)) || !flag || !SHELL_FLAGS.has(unquote(flag.text))) return;
  reportOperand(context, site, command, `${unquote(program.text)} ${unquote(flag.text)}`, EXEC_POLICY);
}

function unquote(text: string): string {
  return text.length >= 2 && text[0] === '"' ? text.slice(1, -1) : text;
}
