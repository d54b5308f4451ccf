import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { pythonAdapter } from '../../analysis/treeSitter/languages/python';

const SHELL_OPTIONAL = new Set(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.Popen']);
const ALWAYS_SHELL = new Set(['os.system', 'os.popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'commands.getoutput', 'commands.getstatusoutput']);

/** A shell command line assembled from variables: os.system, os.popen, subprocess with shell=True. */
export const pythonCommandInjection = defineTreeSitterRule({
  language: 'python',
  adapter: pythonAdapter,
  meta: {
    id: 'injection/python-command-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [78],
    keywords: ['os.', 'subprocess', 'system', 'popen', 'getoutput'],
    docs: {
      summary: 'A non-literal command line run through a shell: os.system, os.popen, subprocess.getoutput, or subprocess.* with shell=True.',
      why: 'The shell reads ; | $( ) and backticks in the value as more commands, so a file name or form field becomes arbitrary code on the server.',
      fix: 'Pass an argument list without a shell: subprocess.run(["convert", src, dst], check=True). If a shell is unavoidable, quote every value with shlex.quote().',
      example: {
        bad: 'subprocess.run(f"tar czf {archive} {folder}", shell=True)',
        good: 'subprocess.run(["tar", "czf", archive, folder], check=True)',
      },
    },
    messages: standardMessages('a shell command'),
  },
  visit(site, context) {
    if (site.kind !== 'call') return;
    if (ALWAYS_SHELL.has(site.callee)) {
      reportOperand(context, site, site.args[0], site.callee, EXEC_POLICY);
      return;
    }
    if (SHELL_OPTIONAL.has(site.callee) && site.keywords.shell && site.keywords.shell.text !== 'False') {
      reportOperand(context, site, site.args[0] ?? site.keywords.args, `${site.callee}(shell=True)`, EXEC_POLICY);
    }
  },
});
