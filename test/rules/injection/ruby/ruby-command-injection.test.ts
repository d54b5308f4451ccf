import { rubyCommandInjection } from '../../../../src/core/rules/injection/ruby-command-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(rubyCommandInjection, 'injection/ruby-command-injection', 'app/services/exporter.rb', {
  invalid: [
    { name: 'system with interpolated params', code: 'class ExportsController < ApplicationController\n  def create\n    system("zip -r /tmp/out.zip #{params[:dir]}")\n  end\nend\n', severity: 'critical' },
    { name: 'backticks', code: 'def log_for(author)\n  `git log --author=#{author}`\nend\n', severity: 'medium' },
    { name: '%x()', code: 'def du(path)\n  %x(du -sh #{path})\nend\n', severity: 'medium' },
    { name: 'exec of a concatenation', code: 'def run(cmd)\n  exec("nice " + cmd)\nend\n' },
    { name: 'Open3.capture2 with one string', code: 'def ping\n  out, _ = Open3.capture2("ping -c 1 #{params[:host]}")\nend\n', severity: 'critical' },
    { name: 'IO.popen with a string', code: 'def tail(file)\n  IO.popen("tail -f #{file}")\nend\n' },
  ],
  valid: [
    { name: 'system with separate arguments', code: 'def zip(dir)\n  system("zip", "-r", "/tmp/out.zip", dir)\nend\n' },
    { name: 'constant backticks', code: 'rev = `git rev-parse HEAD`.strip\n' },
    { name: 'Shellwords.escape', code: 'def du(path)\n  `du -sh #{Shellwords.escape(path)}`\nend\n' },
    { name: 'a constant system call', code: 'system("bundle exec rake db:migrate")\n' },
  ],
});
