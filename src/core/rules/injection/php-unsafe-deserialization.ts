import { EXEC_POLICY, defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { phpAdapter } from '../../analysis/treeSitter/languages/php';

/** unserialize() of data that is not a constant, unless allowed_classes is false. */
export const phpUnsafeDeserialization = defineTreeSitterRule({
  language: 'php',
  adapter: phpAdapter,
  meta: {
    id: 'injection/php-unsafe-deserialization',
    severity: 'critical',
    confidence: 'medium',
    cwe: [502],
    keywords: ['unserialize'],
    docs: {
      summary: 'unserialize() of a value that is not a constant, without [\'allowed_classes\' => false].',
      why: 'unserialize() builds objects of any class the data names and runs their __wakeup/__destruct methods: with the classes of a typical framework (gadget chains) that is code execution.',
      fix: 'Exchange data as JSON with json_decode(). If unserialize() must stay, pass [\'allowed_classes\' => false] or the exact list of classes.',
      example: {
        bad: '$cart = unserialize($_COOKIE[\'cart\']);',
        good: '$cart = json_decode($_COOKIE[\'cart\'], true, 16, JSON_THROW_ON_ERROR);',
      },
    },
    messages: {
      tainted: 'Request data ({{source}}) is passed to {{sink}}, which can build objects that run code.',
      built: 'A string built by {{how}} is passed to {{sink}}, which can build objects that run code.',
      dynamic: '{{sink}} of a value of unknown origin; it runs code if an attacker controls the data.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'call' || site.receiver || site.name !== 'unserialize') return;
    const options = site.args[1]?.text.replace(/\s+/g, '') ?? '';
    if (options.includes("'allowed_classes'=>false") || options.includes('"allowed_classes"=>false')) return;
    reportOperand(context, site, site.args[0], 'unserialize()', EXEC_POLICY);
  },
  patterns: [/\s+/g],
});
