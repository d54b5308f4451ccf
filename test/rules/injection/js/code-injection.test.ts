import { describe } from 'node:test';
import { ruleTable } from './ruleTester';

const ID = 'injection/code-injection';

describe(ID, () => {
  ruleTable(ID, {
    valid: [
      { name: 'eval of a literal', code: "eval('1 + 1');" },
      { name: 'setTimeout with a function', code: 'setTimeout(() => refresh(), 1000);\nsetTimeout(refresh, 100);' },
      { name: 'require of a literal', code: "const fs = require('fs');" },
      { name: 'JSON.parse instead of eval', code: "app.post('/', (req, res) => JSON.parse(req.body.data));" },
      { name: 'dynamic import of a literal', code: "const m = await import('./module.js');" },
      { name: 'new Function with literal body', code: "const add = new Function('a', 'b', 'return a + b');" },
    ],
    invalid: [
      { name: 'eval of a request field', code: "app.post('/calc', (req, res) => {\n  res.json(eval(req.body.expr)); // <-\n});", severity: 'critical', message: 'request body field `expr` flows into code that is run' },
      { name: 'new Function from the hash', code: "const body = location.hash.slice(1);\nconst fn = new Function('x', body); // <-" },
      { name: 'Function() without new', code: "app.get('/', (req, res) => {\n  Function('return ' + req.query.f)(); // <-\n});" },
      { name: 'setTimeout with a string', code: "app.get('/', (req, res) => {\n  setTimeout('tick(' + req.query.n + ')', 10); // <-\n});" },
      { name: 'setInterval with a template', code: "window.addEventListener('message', (event) => {\n  setInterval(`update('${event.data}')`, 1000); // <-\n});", message: 'postMessage data' },
      { name: 'vm.runInNewContext', code: "const vm = require('vm');\napp.post('/', (req, res) => {\n  vm.runInNewContext(req.body.code, {}); // <-\n});" },
      { name: 'new vm.Script', code: "import vm from 'node:vm';\napp.post('/', (req, res) => {\n  new vm.Script(req.body.src).runInThisContext(); // <-\n});" },
      { name: 'require of a non-literal', code: "app.get('/plugin', (req, res) => {\n  const plugin = require('./plugins/' + req.query.name); // <-\n});", message: 'chooses the module' },
      { name: 'import() of a non-literal', code: "export async function load(name) {\n  return import(name); // <-\n}", severity: 'medium' },
      { name: 'eval of an unknown value', code: 'function run(code) {\n  return eval(code); // <-\n}', severity: 'medium' },
    ],
  });
});
