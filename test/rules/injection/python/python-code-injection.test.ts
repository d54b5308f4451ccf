import { pythonCodeInjection } from '../../../../src/core/rules/injection/python-code-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(pythonCodeInjection, 'injection/python-code-injection', 'app/calc.py', {
  invalid: [
    { name: 'eval of a query argument', code: 'from flask import request\n\n@app.route("/calc")\ndef calc():\n    return str(eval(request.args["expr"]))\n', severity: 'critical' },
    { name: 'exec of a built string', code: 'def make(name, body):\n    exec(f"def {name}():\\n    {body}")\n', severity: 'medium' },
    { name: 'compile of a variable', code: 'def load(source):\n    return compile(source, "<plugin>", "exec")\n', severity: 'medium' },
    { name: 'eval of JSON body data', code: '@app.post("/rule")\ndef rule():\n    data = request.get_json()\n    ok = eval(data["condition"])\n', severity: 'critical' },
  ],
  valid: [
    { name: 'eval of a literal', code: 'x = eval("1 + 2")\n' },
    { name: 'ast.literal_eval', code: 'import ast\n\ndef f(request):\n    return ast.literal_eval(request.args["v"])\n' },
    { name: 're.compile', code: 'import re\n\ndef f(p):\n    return re.compile(p)\n' },
    { name: 'a method named eval', code: 'def f(model, batch):\n    model.eval(batch)\n' },
  ],
});
