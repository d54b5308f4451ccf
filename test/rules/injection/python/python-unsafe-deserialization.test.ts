import { pythonUnsafeDeserialization } from '../../../../src/core/rules/injection/python-unsafe-deserialization';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(pythonUnsafeDeserialization, 'injection/python-unsafe-deserialization', 'app/state.py', {
  invalid: [
    { name: 'pickle.loads of request data', code: 'import pickle\n\n@app.post("/state")\ndef state():\n    obj = pickle.loads(request.data)\n', severity: 'critical' },
    { name: 'pickle.load of a file', code: 'import pickle\n\ndef load(path):\n    with open(path, "rb") as f:\n        return pickle.load(f)\n', severity: 'medium' },
    { name: 'marshal.loads', code: 'import marshal\n\ndef f(blob):\n    return marshal.loads(blob)\n' },
    { name: 'shelve.open of a variable', code: 'import shelve\n\ndef f(name):\n    return shelve.open(name)\n' },
    { name: 'yaml.load without a loader, with the fix', code: 'import yaml\n\ndef f(text):\n    return yaml.load(text)\n', severity: 'medium', fixed: 'import yaml\n\ndef f(text):\n    return yaml.safe_load(text)\n' },
    { name: 'yaml.load with the full Loader', code: 'import yaml\n\ndef f(text):\n    return yaml.load(text, Loader=yaml.Loader)\n' },
    { name: 'yaml.load of request data', code: 'import yaml\n\n@app.post("/cfg")\ndef cfg():\n    return yaml.load(request.data)\n', severity: 'critical' },
    { name: 'yaml.unsafe_load', code: 'import yaml\n\ndef f(text):\n    return yaml.unsafe_load(text)\n' },
  ],
  valid: [
    { name: 'yaml.safe_load', code: 'import yaml\n\ndef f(text):\n    return yaml.safe_load(text)\n' },
    { name: 'yaml.load with SafeLoader', code: 'import yaml\n\ndef f(text):\n    return yaml.load(text, Loader=yaml.SafeLoader)\n' },
    { name: 'json.loads', code: 'import json\n\ndef f(request):\n    return json.loads(request.data)\n' },
    { name: 'pickle.dumps', code: 'import pickle\n\ndef f(obj):\n    return pickle.dumps(obj)\n' },
  ],
});
