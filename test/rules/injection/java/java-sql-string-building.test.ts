import { javaSqlStringBuilding } from '../../../../src/core/rules/injection/java-sql-string-building';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

const servlet = (body: string) => `package com.example.web;

public class UserServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
${body}
    }
}
`;

ruleTable(javaSqlStringBuilding, 'injection/java-sql-string-building', 'src/main/java/com/example/web/UserServlet.java', {
  invalid: [
    { name: 'Statement.executeQuery with getParameter', code: servlet('        String id = request.getParameter("id");\n        Statement st = conn.createStatement();\n        ResultSet rs = st.executeQuery("SELECT * FROM users WHERE id = \'" + id + "\'");'), severity: 'high', line: 8 },
    { name: 'a query in a variable', code: servlet('        String sql = "DELETE FROM users WHERE name = \'" + request.getParameter("name") + "\'";\n        conn.createStatement().executeUpdate(sql);'), severity: 'high', line: 7 },
    { name: 'StringBuilder', code: servlet('        StringBuilder sb = new StringBuilder("SELECT * FROM t WHERE a = ");\n        sb.append(request.getParameter("a"));\n        stmt.executeQuery(sb.toString());'), severity: 'high', line: 8 },
    { name: 'JPA createQuery with a Spring parameter', code: 'class Repo {\n    @GetMapping("/find")\n    public List<User> find(@RequestParam String name) {\n        return em.createQuery("FROM User u WHERE u.name = \'" + name + "\'").getResultList();\n    }\n}\n', severity: 'high' },
    { name: 'createNativeQuery with String.format', code: 'class Repo {\n    List<?> find(String table) {\n        return em.createNativeQuery(String.format("SELECT * FROM %s", table)).getResultList();\n    }\n}\n', severity: 'medium' },
    { name: 'prepareStatement of a concatenation', code: 'class Repo {\n    void f(Connection c, String order) throws SQLException {\n        c.prepareStatement("SELECT * FROM t ORDER BY " + order).executeQuery();\n    }\n}\n', severity: 'medium' },
    { name: 'JdbcTemplate.query with a @PathVariable', code: 'class C {\n    @GetMapping("/u/{name}")\n    List<User> u(@PathVariable("name") String name) {\n        return jdbcTemplate.query("SELECT * FROM users WHERE name = \'" + name + "\'", mapper);\n    }\n}\n', severity: 'high' },
  ],
  valid: [
    { name: 'a PreparedStatement with placeholders', code: servlet('        PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE id = ?");\n        ps.setString(1, request.getParameter("id"));\n        ResultSet rs = ps.executeQuery();') },
    { name: 'JPA named parameters', code: 'class Repo {\n    List<User> f(@RequestParam String name) {\n        return em.createQuery("FROM User u WHERE u.name = :name").setParameter("name", name).getResultList();\n    }\n}\n' },
    { name: 'a constant concatenation', code: 'class Repo {\n    static final String BASE = "SELECT * FROM users";\n    void f(Statement st) throws SQLException { st.executeQuery(BASE + " WHERE active = 1"); }\n}\n' },
    { name: 'an int @RequestParam', code: 'class C {\n    List<?> f(@RequestParam int limit) {\n        return jdbcTemplate.queryForList("SELECT * FROM t LIMIT " + limit);\n    }\n}\n' },
    { name: 'Integer.parseInt of a parameter', code: servlet('        int id = Integer.parseInt(request.getParameter("id"));\n        conn.createStatement().executeQuery("SELECT * FROM t WHERE id = " + id);') },
    { name: 'an executor', code: 'class J { void f(ExecutorService executor, Runnable task) { executor.execute(task); } }\n' },
  ],
});
