import { EXEC_POLICY, defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { rubyAdapter } from '../../analysis/treeSitter/languages/ruby';

const MARSHAL = new Set(['Marshal.load', 'Marshal.restore']);
const YAML_UNSAFE = new Set(['YAML.load', 'Psych.load', 'YAML.unsafe_load', 'Psych.unsafe_load']);

/** Marshal.load and YAML.load of data that is not a constant. */
export const rubyUnsafeDeserialization = defineTreeSitterRule({
  language: 'ruby',
  adapter: rubyAdapter,
  meta: {
    id: 'injection/ruby-unsafe-deserialization',
    severity: 'critical',
    confidence: 'medium',
    cwe: [502],
    keywords: ['marshal', 'yaml', 'psych'],
    docs: {
      summary: 'Marshal.load/restore or YAML.load/unsafe_load of a value that is not a constant.',
      why: 'Marshal and unsafe YAML build objects of any class the data names; with the classes Rails loads (gadget chains) that runs the sender\'s code.',
      fix: 'Exchange data as JSON (JSON.parse) or load YAML with YAML.safe_load(data, permitted_classes: [...]). Never Marshal.load data that crossed a trust boundary.',
      example: {
        bad: 'settings = YAML.load(params[:settings])',
        good: 'settings = YAML.safe_load(params[:settings], permitted_classes: [Symbol])',
      },
    },
    messages: {
      tainted: 'Request data ({{source}}) is deserialized by {{sink}}, which can run code.',
      built: 'Data built by {{how}} is deserialized by {{sink}}, which can run code.',
      dynamic: '{{sink}} deserializes a value of unknown origin; it runs code if an attacker controls it.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'call') return;
    if (MARSHAL.has(site.callee)) {
      reportOperand(context, site, site.args[0], site.callee, EXEC_POLICY);
      return;
    }
    if (!YAML_UNSAFE.has(site.callee)) return;
    // Psych 4 made load safe unless classes are permitted wholesale; the fix to safe_load is always right.
    const isLoad = site.name === 'load';
    reportOperand(context, site, site.args[0], site.callee, EXEC_POLICY, {
      fix: isLoad ? { title: 'Use safe_load', edits: [{ start: site.calleeStart, end: site.calleeEnd, text: 'safe_load' }] } : undefined,
    });
  },
});
