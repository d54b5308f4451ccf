import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { pythonAdapter } from '../../analysis/treeSitter/languages/python';

const CODE_SINKS = new Set(['eval', 'exec', 'compile', 'builtins.eval', 'builtins.exec', 'builtins.compile']);

/** eval, exec and compile of a non-literal string. */
export const pythonCodeInjection = defineTreeSitterRule({
  language: 'python',
  adapter: pythonAdapter,
  meta: {
    id: 'injection/python-code-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [94, 95],
    keywords: ['eval', 'exec', 'compile'],
    docs: {
      summary: 'eval(), exec() or compile() of a string that is not a literal.',
      why: 'The string runs as Python with the full rights of the process: __import__("os").system(...) in the value owns the server.',
      fix: 'Parse data instead of running it: ast.literal_eval() for Python literals, json.loads() for JSON, a dict of allowed functions for dispatch.',
      example: {
        bad: 'total = eval(request.args["expr"])',
        good: 'total = ast.literal_eval(request.args["expr"])',
      },
    },
    messages: standardMessages('code that is run'),
  },
  visit(site, context) {
    if (site.kind !== 'call' || !CODE_SINKS.has(site.callee)) return;
    reportOperand(context, site, site.args[0] ?? site.keywords.source, `${site.callee}()`, EXEC_POLICY);
  },
});
