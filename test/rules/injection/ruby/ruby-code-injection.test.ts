import { rubyCodeInjection } from '../../../../src/core/rules/injection/ruby-code-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(rubyCodeInjection, 'injection/ruby-code-injection', 'app/models/formula.rb', {
  invalid: [
    { name: 'eval of params', code: 'class CalcController < ApplicationController\n  def show\n    @result = eval(params[:expression])\n  end\nend\n', severity: 'critical' },
    { name: 'instance_eval of a string', code: 'def apply(obj, code)\n  obj.instance_eval(code)\nend\n', severity: 'medium' },
    { name: 'class_eval with interpolation', code: 'def define(name)\n  self.class.class_eval("def #{name}; end")\nend\n' },
  ],
  valid: [
    { name: 'eval of a constant', code: 'x = eval("1 + 1")\n' },
    { name: 'instance_eval with a block', code: 'config.instance_eval { self.timeout = 5 }\n' },
    { name: 'a method named eval on a model', code: 'def run(model, input)\n  model.eval(input)\nend\n' },
  ],
});
