import { SQL_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { goAdapter } from '../../analysis/treeSitter/languages/go';
import type { CallSite } from '../../analysis/treeSitter/model';
import { isValuePosition } from '../../analysis/treeSitter/sqlFix';

/** database/sql, sqlx and gorm methods, with the index of their SQL argument. */
const SQL_METHODS: Record<string, number> = {
  Query: 0, QueryRow: 0, Exec: 0, Prepare: 0, Queryx: 0, QueryRowx: 0, MustExec: 0, Raw: 0, Where: 0, Order: 0,
  QueryContext: 1, QueryRowContext: 1, ExecContext: 1, PrepareContext: 1, Get: 1, Select: 1,
};

const SPRINTF_VERB = /%[sdvq]/g;

/** SQL built with fmt.Sprintf or + and passed to database/sql, sqlx or gorm. */
export const goSqlStringBuilding = defineTreeSitterRule({
  language: 'go',
  adapter: goAdapter,
  meta: {
    id: 'injection/go-sql-string-building',
    severity: 'high',
    confidence: 'medium',
    cwe: [89],
    keywords: ['query', 'exec', 'raw(', 'where(', 'select(', 'get(', 'prepare'],
    docs: {
      summary: 'SQL text built with fmt.Sprintf or + and run by db.Query/QueryRow/Exec (database/sql, sqlx) or gorm Raw/Exec/Where.',
      why: 'A quote in the value ends the SQL string and the rest runs as SQL: the caller can read, change or drop any table the connection can reach.',
      fix: 'Keep the SQL constant and pass values as arguments: db.Query("SELECT ... WHERE id = $1", id) (MySQL and SQLite use ?). Identifiers come from an allow-list.',
      example: {
        bad: 'rows, err := db.Query(fmt.Sprintf("SELECT * FROM users WHERE name = \'%s\'", name))',
        good: 'rows, err := db.Query("SELECT * FROM users WHERE name = $1", name)',
      },
    },
    messages: standardMessages('an SQL query'),
  },
  patterns: [SPRINTF_VERB],
  visit(site, context) {
    if (site.kind !== 'call' || !site.receiver) return;
    const index = SQL_METHODS[site.name];
    if (index === undefined || !looksLikeDatabase(site)) return;
    const query = site.args[index];
    // Mechanical only when the query is the last argument and the driver's placeholder style is known.
    const style = placeholderStyle(context.text);
    const rewritten = query && style && index === site.args.length - 1 ? parameterizeGo(query.text, style) : undefined;
    reportOperand(context, site, query, site.callee, SQL_POLICY, {
      fix: rewritten && query ? { title: 'Pass the values as query arguments', edits: [{ start: query.start, end: query.end, text: rewritten }] } : undefined,
    });
  },
});

/** `$1` for PostgreSQL drivers, `?` for MySQL and SQLite, unknown otherwise. */
function placeholderStyle(text: string): 'dollar' | 'question' | undefined {
  if (text.includes('github.com/lib/pq') || text.includes('github.com/jackc/pgx')) return 'dollar';
  if (text.includes('github.com/go-sql-driver/mysql') || text.includes('sqlite')) return 'question';
  return undefined;
}

/**
 * Rewrites `"… = '" + x + "'"` or `fmt.Sprintf("… = '%s'", x)` as `"… = $1", x`: literal pieces stay SQL,
 * every other piece becomes a placeholder (quotes around it dropped) and an argument. Returns undefined for
 * anything it cannot split with certainty (raw strings, escapes, other verbs, nested calls with commas).
 */
export function parameterizeGo(text: string, style: 'dollar' | 'question'): string | undefined {
  let pieces: { literal?: string; expression?: string }[];
  if (text.startsWith('fmt.Sprintf(') && text.endsWith(')')) {
    const parts = splitTopLevel(text.slice('fmt.Sprintf('.length, -1), ',');
    const format = parts?.[0];
    if (!parts || !format || !isSimpleLiteral(format)) return undefined;
    const literal = format.slice(1, -1);
    if (literal.includes('%%')) return undefined;
    const verbs = literal.match(SPRINTF_VERB) ?? [];
    if (verbs.length !== parts.length - 1 || literal.split('%').length - 1 !== verbs.length) return undefined;
    pieces = [];
    const chunks = literal.split(SPRINTF_VERB);
    chunks.forEach((chunk, i) => {
      pieces.push({ literal: chunk });
      if (i < parts.length - 1) pieces.push({ expression: parts[i + 1] });
    });
  } else {
    const parts = splitTopLevel(text, '+');
    if (!parts || parts.length < 2) return undefined;
    pieces = parts.map((p) => (isSimpleLiteral(p) ? { literal: p.slice(1, -1) } : { expression: p }));
  }
  let sql = '';
  const args: string[] = [];
  for (let i = 0; i < pieces.length; i++) {
    const piece = pieces[i];
    if (piece.literal !== undefined) {
      sql += piece.literal;
      continue;
    }
    const next = pieces[i + 1]?.literal;
    const quoted = sql.endsWith("'") && next !== undefined && next.startsWith("'");
    if (quoted) {
      sql = sql.slice(0, -1);
      pieces[i + 1] = { literal: next.slice(1) };
    }
    if (!isValuePosition(sql)) return undefined;
    args.push(piece.expression!.trim());
    sql += style === 'dollar' ? `$${args.length}` : '?';
  }
  if (args.length === 0) return undefined;
  return `"${sql}", ${args.join(', ')}`;
}

/** A "..." literal without escapes or quotes inside. */
function isSimpleLiteral(piece: string): boolean {
  const trimmed = piece.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') && !trimmed.slice(1, -1).includes('"') && !trimmed.includes('\\');
}

/** Splits on `separator` outside strings and brackets; undefined when the text is not balanced. */
function splitTopLevel(text: string, separator: string): string[] | undefined {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote) {
      if (ch === '\\' && quote === '"') i++;
      else if (ch === quote) quote = undefined;
    } else if (ch === '"' || ch === '`' || ch === "'") quote = ch;
    else if (ch === '(' || ch === '[' || ch === '{') depth++;
    else if (ch === ')' || ch === ']' || ch === '}') depth--;
    else if (ch === separator && depth === 0) {
      parts.push(text.slice(start, i).trim());
      start = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (quote || depth !== 0) return undefined;
  parts.push(text.slice(start).trim());
  return parts.map((p) => (isSimpleLiteral(p) ? p.trim() : p));
}

function looksLikeDatabase(site: CallSite): boolean {
  // Get and Select are too common a name to trust on any receiver (http.Get, c.Get); Where/Order too.
  if (site.name !== 'Get' && site.name !== 'Select' && site.name !== 'Where' && site.name !== 'Order') return true;
  const receiver = site.receiver?.text.toLowerCase() ?? '';
  return receiver.includes('db') || receiver.includes('tx') || receiver.includes('conn');
}
