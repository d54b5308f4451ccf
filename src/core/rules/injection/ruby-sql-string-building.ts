import { SQL_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { rubyAdapter } from '../../analysis/treeSitter/languages/ruby';

/** ActiveRecord methods whose first argument may be an SQL fragment. */
const SQL_METHODS = new Set([
  'find_by_sql', 'count_by_sql', 'where', 'having', 'order', 'group', 'joins', 'select', 'from', 'pluck', 'reorder', 'lock', 'exists?', 'delete_all', 'update_all',
  'execute', 'exec_query', 'select_all', 'select_one', 'select_value', 'select_values',
]);

/** ActiveRecord SQL fragments built with #{} interpolation, + or format. */
export const rubySqlStringBuilding = defineTreeSitterRule({
  language: 'ruby',
  adapter: rubyAdapter,
  meta: {
    id: 'injection/ruby-sql-string-building',
    severity: 'high',
    confidence: 'medium',
    cwe: [89],
    keywords: ['find_by_sql', 'where', 'order', 'execute', 'select', 'having', 'joins', 'pluck', '_all', 'exists?', 'count_by_sql'],
    docs: {
      summary: 'SQL built with "#{...}" interpolation, + or format and passed to find_by_sql, where, order, joins, pluck, connection.execute and other ActiveRecord methods that take raw SQL.',
      why: 'ActiveRecord sends string fragments to the database as written: a quote in the interpolated value ends the literal and the rest runs as SQL.',
      fix: 'Use hash conditions or placeholders: where(email: email) or where("email = ?", email); find_by_sql(["... = ?", id]); sanitize_sql_array for raw SQL; an allow-list for column names in order().',
      example: {
        bad: 'User.where("email = \'#{params[:email]}\'")',
        good: 'User.where(email: params[:email])',
      },
    },
    messages: standardMessages('an SQL query'),
  },
  visit(site, context) {
    if (site.kind !== 'call' || !SQL_METHODS.has(site.name)) return;
    // Enumerable#select and #group with a block or a symbol are not SQL; only a string argument is.
    const query = site.args[0];
    if (!query || (query.nodeType !== 'string' && query.nodeType !== 'identifier' && query.nodeType !== 'binary' && query.nodeType !== 'call' && query.nodeType !== 'element_reference')) return;
    reportOperand(context, site, query, site.callee, SQL_POLICY);
  },
});
