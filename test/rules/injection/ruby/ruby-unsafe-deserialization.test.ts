import { rubyUnsafeDeserialization } from '../../../../src/core/rules/injection/ruby-unsafe-deserialization';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(rubyUnsafeDeserialization, 'injection/ruby-unsafe-deserialization', 'app/controllers/settings_controller.rb', {
  invalid: [
    { name: 'YAML.load of params, with the fix', code: 'class SettingsController < ApplicationController\n  def update\n    @settings = YAML.load(params[:settings])\n  end\nend\n', severity: 'critical', fixed: 'class SettingsController < ApplicationController\n  def update\n    @settings = YAML.safe_load(params[:settings])\n  end\nend\n' },
    { name: 'Marshal.load of a cookie', code: 'class C < ApplicationController\n  def show\n    cart = Marshal.load(Base64.decode64(cookies[:cart]))\n  end\nend\n', severity: 'critical' },
    { name: 'Marshal.load of a variable', code: 'def restore(blob)\n  Marshal.load(blob)\nend\n', severity: 'medium' },
    { name: 'YAML.unsafe_load', code: 'def read(text)\n  YAML.unsafe_load(text)\nend\n' },
  ],
  valid: [
    { name: 'YAML.safe_load', code: 'def read(text)\n  YAML.safe_load(text)\nend\n' },
    { name: 'JSON.parse', code: 'def show\n  data = JSON.parse(params[:data])\nend\n' },
    { name: 'Marshal.dump', code: 'blob = Marshal.dump(obj)\n' },
  ],
});
