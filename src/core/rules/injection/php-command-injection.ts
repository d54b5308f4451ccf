import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { phpAdapter } from '../../analysis/treeSitter/languages/php';

const SHELL_FUNCTIONS = new Set(['system', 'exec', 'shell_exec', 'passthru', 'popen', 'proc_open', 'pcntl_exec']);

/** system, exec, shell_exec, passthru, popen, proc_open and backticks on a non-literal command. */
export const phpCommandInjection = defineTreeSitterRule({
  language: 'php',
  adapter: phpAdapter,
  meta: {
    id: 'injection/php-command-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [78],
    keywords: ['system', 'exec', 'passthru', 'popen', 'proc_open', '`'],
    docs: {
      summary: 'A non-literal command line run by system, exec, shell_exec, passthru, popen, proc_open or `backticks`.',
      why: 'The command goes through /bin/sh, which reads ; | $( ) in the value as more commands: data in the string runs as code on the server.',
      fix: 'Avoid the shell where PHP has a function for the job; otherwise wrap every value in escapeshellarg(), or pass an array to proc_open() (PHP 7.4+) so no shell parses it.',
      example: {
        bad: '$out = shell_exec("ping -c 1 " . $_GET["host"]);',
        good: '$out = shell_exec("ping -c 1 " . escapeshellarg($_GET["host"]));',
      },
    },
    messages: standardMessages('a shell command'),
  },
  visit(site, context) {
    if (site.kind === 'backtick') {
      reportOperand(context, site, site.operands[0], 'backticks', EXEC_POLICY);
      return;
    }
    if (site.kind !== 'call' || site.receiver || !SHELL_FUNCTIONS.has(site.name)) return;
    reportOperand(context, site, site.args[0], `${site.name}()`, EXEC_POLICY);
  },
});
