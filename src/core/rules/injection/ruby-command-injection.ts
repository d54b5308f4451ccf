import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { rubyAdapter } from '../../analysis/treeSitter/languages/ruby';

const KERNEL = new Set(['system', 'exec', 'spawn']);
const PIPES = new Set(['IO.popen', 'Open3.popen3', 'Open3.capture2', 'Open3.capture2e', 'Open3.capture3', 'Kernel.system', 'Kernel.exec', 'Kernel.spawn', 'Process.spawn']);

/** system, exec, spawn, backticks, %x() and Open3/IO.popen with a single non-literal command line. */
export const rubyCommandInjection = defineTreeSitterRule({
  language: 'ruby',
  adapter: rubyAdapter,
  meta: {
    id: 'injection/ruby-command-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [78],
    keywords: ['system', 'exec', 'spawn', '`', '%x', 'popen', 'open3'],
    docs: {
      summary: 'A non-literal command line run through the shell: system/exec/spawn with one string, `backticks`, %x(), IO.popen or Open3 with a built string.',
      why: 'With a single string Ruby hands the command to /bin/sh, which runs ; | $( ) in the value as more commands.',
      fix: 'Pass the program and its arguments separately so no shell is involved: system("convert", src, dst), Open3.capture2("git", "log", "--", path). Shellwords.escape every value if a shell is unavoidable.',
      example: {
        bad: 'output = `git log --author=#{params[:author]}`',
        good: 'output, _status = Open3.capture2("git", "log", "--author=#{params[:author]}")',
      },
    },
    messages: standardMessages('a shell command'),
  },
  visit(site, context) {
    if (site.kind === 'backtick') {
      reportOperand(context, site, site.operands[0], 'backticks', EXEC_POLICY);
      return;
    }
    if (site.kind !== 'call') return;
    const isKernel = KERNEL.has(site.callee);
    if (!isKernel && !PIPES.has(site.callee)) return;
    // With several arguments the program runs without a shell; an env hash first does not count.
    const args = site.args[0]?.nodeType === 'hash' ? site.args.slice(1) : site.args;
    if (args.length !== 1) return;
    reportOperand(context, site, args[0], site.callee, EXEC_POLICY);
  },
});
