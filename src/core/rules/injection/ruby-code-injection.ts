import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { rubyAdapter } from '../../analysis/treeSitter/languages/ruby';

const EVALS = new Set(['eval', 'instance_eval', 'class_eval', 'module_eval']);

/** eval, instance_eval, class_eval and module_eval of a non-literal string. */
export const rubyCodeInjection = defineTreeSitterRule({
  language: 'ruby',
  adapter: rubyAdapter,
  meta: {
    id: 'injection/ruby-code-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [94, 95],
    keywords: ['eval'],
    docs: {
      summary: 'eval, instance_eval, class_eval or module_eval of a string that is not a literal.',
      why: 'The string runs as Ruby inside the application: `rm -rf /` or reading secrets is one request away.',
      fix: 'Do not evaluate data: parse it (JSON.parse, Integer()), dispatch through a hash of allowed lambdas, or use public_send with an allow-listed method name.',
      example: {
        bad: 'result = eval(params[:expression])',
        good: 'OPS = { "sum" => ->(a, b) { a + b } }.freeze\nresult = OPS.fetch(params[:op]).call(a, b)',
      },
    },
    messages: standardMessages('code that is run'),
  },
  visit(site, context) {
    if (site.kind !== 'call' || !EVALS.has(site.name)) return;
    if (site.name === 'eval' && site.receiver && site.receiver.text !== 'Kernel' && site.receiver.text !== 'binding') return;
    reportOperand(context, site, site.args[0], site.callee, EXEC_POLICY);
  },
});
