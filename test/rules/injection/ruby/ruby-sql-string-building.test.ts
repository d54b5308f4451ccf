import { rubySqlStringBuilding } from '../../../../src/core/rules/injection/ruby-sql-string-building';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

const controller = (body: string) => `class UsersController < ApplicationController
  def index
${body}
  end
end
`;

ruleTable(rubySqlStringBuilding, 'injection/ruby-sql-string-building', 'app/controllers/users_controller.rb', {
  invalid: [
    { name: 'where with interpolated params', code: controller('    @users = User.where("name = \'#{params[:name]}\'")'), severity: 'high', line: 3 },
    { name: 'find_by_sql with interpolation through a local', code: controller('    id = params[:id]\n    @user = User.find_by_sql("SELECT * FROM users WHERE id = #{id}").first'), severity: 'high', line: 4 },
    { name: 'order with a request value', code: controller('    @users = User.order("#{params[:sort]} ASC")'), severity: 'high' },
    { name: 'connection.execute with concatenation', code: 'class Purge\n  def call(table)\n    ActiveRecord::Base.connection.execute("TRUNCATE " + table)\n  end\nend\n', severity: 'medium' },
    { name: 'pluck with interpolation', code: controller('    User.pluck("#{params[:column]}")'), severity: 'high' },
    { name: 'a scope with format', code: 'class User < ApplicationRecord\n  def self.named(n)\n    where(format("name = \'%s\'", n))\n  end\nend\n' },
  ],
  valid: [
    { name: 'hash conditions', code: controller('    @users = User.where(name: params[:name])') },
    { name: 'placeholders', code: controller('    @users = User.where("name = ?", params[:name])') },
    { name: 'find_by_sql with a bind array', code: controller('    @user = User.find_by_sql(["SELECT * FROM users WHERE id = ?", params[:id]])') },
    { name: 'to_i', code: controller('    @users = User.where("age > #{params[:age].to_i}")') },
    { name: 'Enumerable select with a block', code: controller('    @admins = @users.select { |u| u.admin? }') },
    { name: 'a constant fragment', code: controller('    @users = User.where("deleted_at IS NULL").order("created_at DESC")') },
  ],
});
