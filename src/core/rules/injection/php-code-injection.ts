import { EXEC_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { phpAdapter } from '../../analysis/treeSitter/languages/php';

const CODE_FUNCTIONS = new Set(['eval', 'assert', 'create_function']);

/** eval, assert(string) and create_function on a non-literal string. */
export const phpCodeInjection = defineTreeSitterRule({
  language: 'php',
  adapter: phpAdapter,
  meta: {
    id: 'injection/php-code-injection',
    severity: 'critical',
    confidence: 'medium',
    cwe: [94, 95],
    keywords: ['eval', 'assert', 'create_function'],
    docs: {
      summary: 'eval(), assert() with a string, or create_function() of a non-literal string.',
      why: 'The string runs as PHP with the rights of the web server: one request can read the database credentials or plant a web shell.',
      fix: 'Do not run data as code: decode it with json_decode(), dispatch through an array of allowed callables, or compute the value directly.',
      example: {
        bad: 'eval(\'$result = \' . $_POST[\'formula\'] . \';\');',
        good: '$allowed = [\'sum\' => fn($a, $b) => $a + $b];\n$result = ($allowed[$_POST[\'op\']] ?? fn() => null)($a, $b);',
      },
    },
    messages: standardMessages('code that is run'),
  },
  visit(site, context) {
    if (site.kind !== 'call' || site.receiver || !CODE_FUNCTIONS.has(site.name)) return;
    const code = site.name === 'create_function' ? site.args[1] : site.args[0];
    // assert($x === 1) is an ordinary check; only a string reaching assert is run as code.
    if (site.name === 'assert' && code && !code.built && !code.taint) return;
    reportOperand(context, site, code, `${site.name}()`, EXEC_POLICY);
  },
});
