import { goSqlStringBuilding } from '../../../../src/core/rules/injection/go-sql-string-building';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

const handler = (body: string) => `package api

import (
	"database/sql"
	"fmt"
	"net/http"
)

func userHandler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
${body}
	}
}
`;

ruleTable(goSqlStringBuilding, 'injection/go-sql-string-building', 'internal/api/users.go', {
  invalid: [
    { name: 'Sprintf of a query parameter', code: handler('\t\tid := r.URL.Query().Get("id")\n\t\trows, err := db.Query(fmt.Sprintf("SELECT * FROM users WHERE id = \'%s\'", id))\n\t\t_, _ = rows, err'), severity: 'high', line: 12 },
    { name: 'concatenation of FormValue', code: handler('\t\t_, err := db.Exec("DELETE FROM users WHERE name = \'" + r.FormValue("name") + "\'")\n\t\t_ = err'), severity: 'high' },
    { name: 'QueryRowContext with a built query in a variable', code: handler('\t\tq := "SELECT * FROM t WHERE k = \'" + r.PostFormValue("k") + "\'"\n\t\t_ = db.QueryRowContext(r.Context(), q)'), severity: 'high', line: 12 },
    { name: 'a built query of unknown origin', code: 'package store\n\nfunc (s *Store) Count(table string) (int, error) {\n\tvar n int\n\terr := s.db.QueryRow("SELECT count(*) FROM " + table).Scan(&n)\n\treturn n, err\n}\n', severity: 'medium' },
    {
      name: 'concatenation with lib/pq, with the $1 fix',
      code: 'package repo\n\nimport _ "github.com/lib/pq"\n\nfunc F(db *sql.DB, name string) {\n\tdb.Query("SELECT * FROM users WHERE name = \'" + name + "\' AND active = " + flag)\n}\n',
      fixed: 'package repo\n\nimport _ "github.com/lib/pq"\n\nfunc F(db *sql.DB, name string) {\n\tdb.Query("SELECT * FROM users WHERE name = $1 AND active = $2", name, flag)\n}\n',
    },
    {
      name: 'Sprintf with the MySQL driver, with the ? fix',
      code: 'package repo\n\nimport _ "github.com/go-sql-driver/mysql"\n\nfunc F(db *sql.DB, r *http.Request) {\n\tdb.Exec(fmt.Sprintf("DELETE FROM t WHERE id = %s", r.FormValue("id")))\n}\n',
      fixed: 'package repo\n\nimport _ "github.com/go-sql-driver/mysql"\n\nfunc F(db *sql.DB, r *http.Request) {\n\tdb.Exec("DELETE FROM t WHERE id = ?", r.FormValue("id"))\n}\n',
    },
    { name: 'a table name, without a fix', code: 'package repo\n\nimport _ "github.com/lib/pq"\n\nfunc F(db *sql.DB, table string) { db.Query("SELECT * FROM " + table) }\n', noFix: true },
    { name: 'an unknown driver, without a fix', code: 'package repo\n\nfunc F(db *sql.DB, name string) { db.Query("SELECT * FROM t WHERE n = \'" + name + "\'") }\n', noFix: true },
    { name: 'gorm Raw with Sprintf', code: 'package repo\n\nfunc Find(db *gorm.DB, c *gin.Context) {\n\tdb.Raw(fmt.Sprintf("SELECT * FROM users WHERE name = \'%s\'", c.Query("name"))).Scan(&u)\n}\n', severity: 'high' },
    { name: 'sqlx Select with concatenation', code: 'package repo\n\nfunc List(db *sqlx.DB, order string) error {\n\treturn db.Select(&items, "SELECT * FROM items ORDER BY "+order)\n}\n', severity: 'medium' },
    { name: 'gorm Where with Sprintf', code: 'package repo\n\nfunc Find(db *gorm.DB, name string) {\n\tdb.Where(fmt.Sprintf("name = \'%s\'", name)).First(&u)\n}\n' },
    { name: '+= building', code: 'package repo\n\nfunc F(db *sql.DB, r *http.Request) {\n\tq := "SELECT * FROM t WHERE 1=1"\n\tq += " AND a = \'" + r.FormValue("a") + "\'"\n\tdb.Query(q)\n}\n', severity: 'high' },
  ],
  valid: [
    { name: 'placeholders with arguments', code: handler('\t\tid := r.URL.Query().Get("id")\n\t\trows, err := db.Query("SELECT * FROM users WHERE id = $1", id)\n\t\t_, _ = rows, err') },
    { name: 'a constant query', code: handler('\t\t_, _ = db.Exec("DELETE FROM sessions WHERE expires < now()")') },
    { name: 'Sprintf of an Atoi result', code: handler('\t\tn, _ := strconv.Atoi(r.FormValue("n"))\n\t\t_, _ = db.Query(fmt.Sprintf("SELECT * FROM t LIMIT %d", n))') },
    { name: 'constant concatenation', code: 'package repo\n\nconst base = "SELECT * FROM users"\n\nfunc F(db *sql.DB) { db.Query(base + " WHERE active") }\n' },
    { name: 'http.Get is not SQL', code: 'package c\n\nfunc F(host string) { http.Get("https://" + host + "/health") }\n' },
    { name: 'the query of a request URL', code: handler('\t\tvalues := r.URL.Query()\n\t\t_ = values') },
  ],
});
