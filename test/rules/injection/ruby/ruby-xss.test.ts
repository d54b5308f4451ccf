import { rubyXss } from '../../../../src/core/rules/injection/ruby-xss';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(rubyXss, 'injection/ruby-xss', 'app/helpers/users_helper.rb', {
  invalid: [
    { name: 'html_safe on interpolated data', code: 'module UsersHelper\n  def badge(user)\n    "<b>#{user.name}</b>".html_safe\n  end\nend\n', severity: 'medium' },
    { name: 'html_safe on params', code: 'class C < ApplicationController\n  def show\n    @bio = params[:bio].html_safe\n  end\nend\n', severity: 'high' },
    { name: 'raw of a built string', code: 'module H\n  def link(url)\n    raw("<a href=\'" + url + "\'>go</a>")\n  end\nend\n' },
    { name: 'render inline of params', code: 'class C < ApplicationController\n  def preview\n    render inline: params[:template]\n  end\nend\n', severity: 'high' },
  ],
  valid: [
    { name: 'html_safe on a constant', code: 'ICON = "<svg></svg>".html_safe\n' },
    { name: 'content_tag', code: 'module H\n  def badge(user)\n    content_tag(:b, user.name)\n  end\nend\n' },
    { name: 'escaped data', code: 'module H\n  def badge(user)\n    "<b>#{h(user.name)}</b>".html_safe\n  end\nend\n' },
    { name: 'render with a template name', code: 'class C < ApplicationController\n  def show\n    render :show\n  end\nend\n' },
  ],
});
