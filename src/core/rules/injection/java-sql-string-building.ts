import { SQL_POLICY, defineTreeSitterRule, reportOperand, standardMessages } from '../../analysis/treeSitter/defineRule';
import { javaAdapter } from '../../analysis/treeSitter/languages/java';

/** JDBC Statement and Connection, JPA/Hibernate and Spring JdbcTemplate methods whose first argument is SQL or JPQL. */
const SQL_METHODS = new Set([
  'executeQuery', 'executeUpdate', 'execute', 'executeLargeUpdate', 'addBatch', 'prepareStatement', 'prepareCall',
  'createQuery', 'createNativeQuery', 'createSQLQuery', 'query', 'queryForObject', 'queryForList', 'queryForMap', 'queryForRowSet', 'update', 'batchUpdate',
]);

/** SQL or JPQL built by concatenation, String.format or StringBuilder and run by JDBC, JPA or JdbcTemplate. */
export const javaSqlStringBuilding = defineTreeSitterRule({
  language: 'java',
  adapter: javaAdapter,
  meta: {
    id: 'injection/java-sql-string-building',
    severity: 'high',
    confidence: 'medium',
    cwe: [89],
    keywords: ['execute', 'createquery', 'createnativequery', 'preparestatement', 'jdbctemplate', 'query'],
    docs: {
      summary: 'SQL or JPQL built with +, String.format or StringBuilder and run by Statement.execute*, Connection.prepareStatement, EntityManager.createQuery/createNativeQuery or JdbcTemplate.',
      why: 'A quote in the value ends the SQL string literal and the rest runs as SQL or JPQL, so the caller can read or change any table.',
      fix: 'Use placeholders and bind the values: PreparedStatement with ? and setString(), createQuery("... where u.name = :name").setParameter("name", name), jdbcTemplate.query("... = ?", mapper, name).',
      example: {
        bad: 'ResultSet rs = stmt.executeQuery("SELECT * FROM users WHERE name = \'" + name + "\'");',
        good: 'PreparedStatement ps = conn.prepareStatement("SELECT * FROM users WHERE name = ?");\nps.setString(1, name);\nResultSet rs = ps.executeQuery();',
      },
    },
    messages: standardMessages('an SQL query'),
  },
  visit(site, context) {
    if (site.kind !== 'call' || !site.receiver || !SQL_METHODS.has(site.name)) return;
    reportOperand(context, site, site.args[0], `${site.receiver.text.length > 30 ? '…' : site.receiver.text}.${site.name}`, SQL_POLICY);
  },
});
