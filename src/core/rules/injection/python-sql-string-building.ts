import { SQL_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { pythonAdapter } from '../../analysis/treeSitter/languages/python';
import type { CallSite, FileModel } from '../../analysis/treeSitter/model';
import { isValuePosition } from '../../analysis/treeSitter/sqlFix';
import type { RuleContext } from '../types';

/** Characters that make an f-string interpolation too complex for a mechanical fix. */
const FIX_UNSAFE_EXPRESSION = /[{:!'"\\]/;
const EXECUTE = new Set(['execute', 'executemany', 'executescript']);
const TEXT = new Set(['sqlalchemy.text', 'sqlalchemy.sql.text', 'sqlalchemy.sql.expression.text']);

/** SQL built with f-strings, `%`, `.format` or `+` and passed to a DB-API cursor, SQLAlchemy or Django. */
export const pythonSqlStringBuilding = defineTreeSitterRule({
  language: 'python',
  adapter: pythonAdapter,
  meta: {
    id: 'injection/python-sql-string-building',
    severity: 'high',
    confidence: 'medium',
    cwe: [89],
    keywords: ['execute', 'text(', 'exec_driver_sql', '.raw(', '.extra(', 'rawsql'],
    docs: {
      summary: 'SQL text built from variables with an f-string, %, .format() or + and run by cursor.execute, SQLAlchemy text()/exec_driver_sql or Django raw/extra/RawSQL.',
      why: 'Whoever controls the variable controls the query: a quote in the value ends the string literal and the rest runs as SQL, reading or deleting any table.',
      fix: 'Keep the SQL constant and pass values as parameters: cursor.execute("... WHERE id = %s", (user_id,)) (sqlite3 uses ?), text("... WHERE id = :id") with {"id": user_id}, raw("... %s", [user_id]). Table or column names come from an allow-list.',
      example: {
        bad: 'cursor.execute(f"SELECT * FROM users WHERE email = \'{email}\'")',
        good: 'cursor.execute("SELECT * FROM users WHERE email = %s", (email,))',
      },
    },
    messages: standardMessages('an SQL query'),
  },
  patterns: [FIX_UNSAFE_EXPRESSION],
  visit(site, context, model) {
    if (site.kind !== 'call') return;
    const query = sqlArgument(site, context, model);
    if (!query) return;
    const fix = EXECUTE.has(site.name) && site.args.length === 1 && Object.keys(site.keywords).length === 0 && query.nodeType === 'string'
      ? parameterize(query.text, context.text.includes('sqlite3') ? '?' : '%s')
      : undefined;
    reportOperand(context, site, query, site.callee, SQL_POLICY, {
      fix: fix ? { title: 'Pass the values as query parameters', edits: [{ start: query.start, end: query.end, text: fix }] } : undefined,
    });
  },
});

/**
 * Turns `f"... WHERE a = '{x}' AND b = {y}"` into `"... WHERE a = %s AND b = %s", (x, y,)`: each interpolation
 * becomes a placeholder (quotes around it dropped) and its expression a parameter. Only plain f-strings whose
 * interpolations are simple expressions qualify; anything else returns undefined and gets no fix.
 */
export function parameterize(text: string, placeholder: '%s' | '?'): string | undefined {
  if (text[0] !== 'f' && text[0] !== 'F') return undefined;
  const quote = text.startsWith('"""', 1) ? '"""' : text.startsWith("'''", 1) ? "'''" : text[1];
  if (quote !== '"' && quote !== "'" && quote !== '"""' && quote !== "'''") return undefined;
  const body = text.slice(1 + quote.length, text.length - quote.length);
  let sql = '';
  const params: string[] = [];
  for (let i = 0; i < body.length; i++) {
    const ch = body[i];
    if ((ch === '{' || ch === '}') && body[i + 1] === ch) {
      sql += ch;
      i++;
    } else if (ch === '{') {
      const close = body.indexOf('}', i);
      const expression = close < 0 ? '' : body.slice(i + 1, close).trim();
      // Format specs, conversions, nested braces and quotes inside the expression are left to a person.
      if (!expression || FIX_UNSAFE_EXPRESSION.test(expression)) return undefined;
      const quoted = sql.endsWith("'") && body[close + 1] === "'";
      if (quoted) sql = sql.slice(0, -1);
      if (!isValuePosition(sql)) return undefined;
      sql += placeholder;
      params.push(expression);
      i = quoted ? close + 1 : close;
    } else if (ch === '}') {
      return undefined;
    } else {
      sql += ch === '%' && placeholder === '%s' ? '%%' : ch;
    }
  }
  if (params.length === 0) return undefined;
  return `${quote}${sql}${quote}, (${params.join(', ')},)`;
}

function sqlArgument(site: CallSite, context: RuleContext, model: FileModel): CallSite['args'][number] | undefined {
  const first = site.args[0] ?? site.keywords.sql ?? site.keywords.query ?? site.keywords.statement;
  if (EXECUTE.has(site.name) && site.receiver) {
    // session.execute(text(...)) is judged at the text() call.
    const head = first?.nodeType === 'call' ? first.text.slice(0, first.text.indexOf('(')) : '';
    if (head === 'text' || head.endsWith('.text')) return undefined;
    return first;
  }
  if (site.name === 'text') {
    const fromSqlAlchemy = TEXT.has(site.callee) || (site.callee === 'text' && (model.aliases.get('text') ?? '').startsWith('sqlalchemy')) || (site.callee === 'text' && context.text.includes('sqlalchemy'));
    return fromSqlAlchemy ? first : undefined;
  }
  if (site.name === 'exec_driver_sql') return first;
  if (site.name === 'raw' && site.receiver && site.receiver.text.includes('objects')) return first;
  if (site.name === 'RawSQL') return first;
  if (site.name === 'extra' && site.receiver) {
    return site.keywords.where ?? site.keywords.select ?? site.keywords.tables ?? site.keywords.order_by;
  }
  return undefined;
}
