import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parameterize, pythonSqlStringBuilding } from '../../../../src/core/rules/injection/python-sql-string-building';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

const flask = (body: string) => `from flask import Flask, request, jsonify
import sqlite3

app = Flask(__name__)

@app.route("/users")
def users():
    conn = sqlite3.connect("app.db")
    cursor = conn.cursor()
${body}
    return jsonify(cursor.fetchall())
`;

ruleTable(pythonSqlStringBuilding, 'injection/python-sql-string-building', 'app/views.py', {
  invalid: [
    { name: 'an f-string with a request value', code: flask('    name = request.args.get("name")\n    cursor.execute(f"SELECT * FROM users WHERE name = \'{name}\'")'), severity: 'high', line: 11, message: /request\.args\.get\("name"\)/ },
    { name: '% formatting of a form field', code: flask('    cursor.execute("DELETE FROM users WHERE id = %s" % request.form["id"])'), severity: 'high' },
    { name: '.format() through a variable', code: flask('    q = "SELECT * FROM t WHERE a = {}".format(request.values["a"])\n    cursor.execute(q)'), severity: 'high', line: 11 },
    {
      name: 'an f-string with quotes around the value, with the parameter fix (psycopg2 style)',
      code: 'def find(cur, email, status):\n    cur.execute(f"SELECT * FROM users WHERE email = \'{email}\' AND status = {status} AND name LIKE \'a%\'")\n',
      fixed: 'def find(cur, email, status):\n    cur.execute("SELECT * FROM users WHERE email = %s AND status = %s AND name LIKE \'a%%\'", (email, status,))\n',
    },
    {
      name: 'an f-string in a sqlite3 module, with the ? fix',
      code: 'import sqlite3\n\ndef find(conn, name):\n    conn.execute(f"SELECT * FROM t WHERE name = \'{name}\'")\n',
      fixed: 'import sqlite3\n\ndef find(conn, name):\n    conn.execute("SELECT * FROM t WHERE name = ?", (name,))\n',
    },
    { name: 'an f-string with a table name, without a fix', code: 'def purge(cur, table):\n    cur.execute(f"DELETE FROM {table}")\n', noFix: true },
    { name: 'concatenation of a route parameter', code: '@app.get("/items/{item_id}")\ndef read(item_id: str):\n    db.execute("SELECT * FROM items WHERE id = " + item_id)\n', severity: 'high' },
    { name: '+= building of an unknown value', code: 'def search(cursor, term):\n    sql = "SELECT * FROM posts WHERE 1=1"\n    sql += f" AND title LIKE \'%{term}%\'"\n    cursor.execute(sql)\n', severity: 'medium' },
    { name: 'executemany with an f-string', code: 'def bulk(cur, table, rows):\n    cur.executemany(f"INSERT INTO {table} VALUES (%s, %s)", rows)\n', severity: 'medium' },
    { name: 'SQLAlchemy text() with an f-string', code: 'from sqlalchemy import text\n\ndef by_email(session, email):\n    return session.execute(text(f"SELECT * FROM users WHERE email = \'{email}\'"))\n', severity: 'medium', line: 4 },
    { name: 'exec_driver_sql with concatenation', code: 'def purge(conn, table):\n    conn.exec_driver_sql("TRUNCATE " + table)\n' },
    { name: 'Django raw() of GET data', code: 'def view(request):\n    q = request.GET.get("q")\n    return User.objects.raw("SELECT * FROM auth_user WHERE username = \'%s\'" % q)\n', severity: 'high' },
    { name: 'Django extra(where=...)', code: 'def view(request):\n    return Entry.objects.extra(where=["headline = \'%s\'" % request.GET["h"]])\n', severity: 'high' },
    { name: 'Django RawSQL', code: 'from django.db.models.expressions import RawSQL\n\ndef annotate(qs, col):\n    return qs.annotate(v=RawSQL(f"SELECT {col} FROM x", ()))\n' },
    { name: 'Django class-based view self.request', code: 'class V(View):\n    def get(self, *args):\n        with connection.cursor() as c:\n            c.execute("SELECT * FROM t WHERE x = \'" + self.request.GET["x"] + "\'")\n', severity: 'high' },
  ],
  valid: [
    { name: 'a parameter tuple', code: flask('    name = request.args.get("name")\n    cursor.execute("SELECT * FROM users WHERE name = ?", (name,))') },
    { name: 'a constant query', code: flask('    cursor.execute("SELECT * FROM users")') },
    { name: 'a constant built from constants', code: 'TABLE = "users"\nQUERY = "SELECT * FROM " + TABLE\ndef f(cur):\n    cur.execute(QUERY)\n' },
    { name: 'an int() conversion', code: 'def f(cur, request):\n    cur.execute("SELECT * FROM t WHERE id = %d" % int(request.args["id"]))\n' },
    { name: 'SQLAlchemy text() with bind parameters', code: 'from sqlalchemy import text\n\ndef f(session, email):\n    return session.execute(text("SELECT * FROM users WHERE email = :e"), {"e": email})\n' },
    { name: 'text() that is not SQLAlchemy', code: 'def label(widget, name):\n    widget.text(f"Hello {name}")\n' },
    { name: 'Django raw() with params', code: 'def view(request):\n    return User.objects.raw("SELECT * FROM auth_user WHERE username = %s", [request.GET["q"]])\n' },
    { name: 'a query in a variable of unknown origin', code: 'def run(cur, query, params):\n    cur.execute(query, params)\n' },
    { name: 'a FastAPI int path parameter', code: '@app.get("/items/{item_id}")\ndef read(item_id: int):\n    db.execute(f"SELECT * FROM items WHERE id = {item_id}")\n' },
  ],
});

describe('parameterize (the mechanical fix)', () => {
  it('leaves f-strings with format specs, conversions or nested quotes alone', () => {
    assert.equal(parameterize('f"SELECT {x:>10}"', '%s'), undefined);
    assert.equal(parameterize('f"SELECT {x!r}"', '%s'), undefined);
    assert.equal(parameterize('f"SELECT {d[\'k\']}"', '%s'), undefined);
    assert.equal(parameterize('"SELECT {x}"', '%s'), undefined);
  });
  it('keeps doubled braces and triple quotes', () => {
    assert.equal(parameterize('f"""SELECT \'{{}}\' WHERE a = {a}"""', '?'), '"""SELECT \'{}\' WHERE a = ?""", (a,)');
  });
});
