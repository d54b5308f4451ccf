import { EXEC_POLICY, defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { pythonAdapter } from '../../analysis/treeSitter/languages/python';

const UNPICKLERS = new Set([
  'pickle.loads', 'pickle.load', 'pickle.Unpickler', 'cPickle.loads', 'cPickle.load', '_pickle.loads', 'dill.loads', 'dill.load',
  'marshal.loads', 'marshal.load', 'shelve.open', 'jsonpickle.decode', 'pandas.read_pickle', 'joblib.load',
]);
const YAML_LOAD = new Set(['yaml.load', 'yaml.load_all']);
const YAML_UNSAFE = new Set(['yaml.unsafe_load', 'yaml.unsafe_load_all']);
const SAFE_LOADERS = new Set(['SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader']);

/** pickle, marshal and shelve loads of non-literal data, and yaml.load without a safe loader. */
export const pythonUnsafeDeserialization = defineTreeSitterRule({
  language: 'python',
  adapter: pythonAdapter,
  meta: {
    id: 'injection/python-unsafe-deserialization',
    severity: 'critical',
    confidence: 'medium',
    cwe: [502],
    keywords: ['pickle', 'marshal', 'shelve', 'yaml', 'joblib'],
    docs: {
      summary: 'pickle/marshal/shelve loads of data that is not a constant, and yaml.load without SafeLoader.',
      why: 'Unpickling calls any function the data names (os.system included), and yaml.load with the default or full loader can build arbitrary Python objects: loading untrusted bytes runs the sender\'s code.',
      fix: 'Exchange data as JSON (json.loads) or load YAML with yaml.safe_load(). Unpickle only data you wrote yourself and signed (hmac) before it left your process.',
      example: {
        bad: 'config = yaml.load(request.data)',
        good: 'config = yaml.safe_load(request.data)',
      },
    },
    messages: {
      tainted: 'Request data ({{source}}) is deserialized by {{sink}}, which can run code.',
      built: 'Data built by {{how}} is deserialized by {{sink}}, which can run code.',
      dynamic: '{{sink}} deserializes a value of unknown origin; it runs code if an attacker controls it.',
      yamlLoad: '{{sink}} without SafeLoader can build arbitrary Python objects from the document.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'call') return;
    if (UNPICKLERS.has(site.callee)) {
      reportOperand(context, site, site.args[0], `${site.callee}()`, EXEC_POLICY);
      return;
    }
    if (!YAML_LOAD.has(site.callee) && !YAML_UNSAFE.has(site.callee)) return;
    const document = site.args[0] ?? site.keywords.stream;
    if (!document || document.constant) return;
    const loader = site.keywords.Loader ?? site.args[1];
    const loaderName = loader ? loader.text.slice(loader.text.lastIndexOf('.') + 1) : '';
    if (YAML_LOAD.has(site.callee) && SAFE_LOADERS.has(loaderName)) return;
    const safeName = site.callee === 'yaml.load' ? 'safe_load' : 'safe_load_all';
    context.report({
      messageId: document.taint ? 'tainted' : 'yamlLoad',
      data: { sink: `${site.callee}()`, source: document.taint?.label ?? '', how: '' },
      start: site.start,
      end: site.end,
      severity: document.taint ? 'critical' : 'medium',
      confidence: 'high',
      related: document.taint ? [{ message: 'request data enters here', start: document.taint.start, end: document.taint.end }] : undefined,
      // Mechanical when no loader is named: yaml.load(x) and yaml.safe_load(x) take the same document.
      fix: !loader && YAML_LOAD.has(site.callee)
        ? { title: `Use yaml.${safeName}()`, edits: [{ start: site.calleeEnd - (site.callee.length - site.callee.lastIndexOf('.') - 1), end: site.calleeEnd, text: safeName }] }
        : undefined,
    });
  },
});
