import type { SecretRule } from './defineSecretRule';
import { defineSecretRule } from './defineSecretRule';
import type { Fake } from './fake';
import { keyedRule, prefixedRule, rotate } from './shapes';

const DB_WHY = 'A database password in a connection string gives whoever reads it the data itself: read, change or drop every table the user can reach.';
// Development defaults and words that stand for a password rather than being one.
const DEV_PASSWORDS = ['xyz', 'password', 'passwd', 'pass', 'secret', 'changeme', 'postgres', 'mysql', 'root', 'admin', 'guest', 'test', 'redis', 'mongo', 'user', 'example', 'dbpass', 'pwd', 'localhost'];

interface UrlScheme {
  id: string;
  title: string;
  /** Regex source of the scheme, before `://`. */
  scheme: string;
  keywords: readonly string[];
  sample: (fake: Fake, password: string) => string;
  fix: string;
}

/** `scheme://user:password@host`: the password is the secret; the user may be empty (`redis://:pw@host`). */
function urlPasswordRule(url: UrlScheme): SecretRule {
  return defineSecretRule({
    id: `secrets/${url.id}`,
    title: url.title,
    // `://` first and the scheme in a lookbehind: a regex that starts with a literal is found by a fast search.
    regex: new RegExp(`://(?<=(?<![A-Za-z0-9+.-])(?:${url.scheme})://)[^:@/\\s'"\`<>]{0,64}:([^@/\\s'"\`<>]{5,128})@[\\w\\[]`, 'g'),
    keywords: url.keywords,
    severity: 'high',
    allowlist: { stopwords: DEV_PASSWORDS },
    why: DB_WHY,
    fix: url.fix,
    samples: (f) => {
      const password = f.alnum(20);
      return {
        truePositives: [url.sample(f, password), `url: "${url.sample(f, `${f.alnum(6)}%40${f.alnum(6)}`)}"`],
        falsePositives: [
          url.sample(f, 'password'),
          url.sample(f, '${DB_PASSWORD}'),
          url.sample(f, '<password>'),
          url.sample(f, '****'),
        ],
      };
    },
  });
}

const dbFix = (where: string) => rotate(where, 'pass the connection string through an environment variable or a secrets manager, not the code');

/** Data stores: connection strings with passwords, and the keys of hosted databases and search services. */
export const datastoreRules: readonly SecretRule[] = [
  urlPasswordRule({
    id: 'postgres-url-password',
    title: 'PostgreSQL connection URL with a password',
    scheme: 'postgres(?:ql)?(?:\\+[a-z0-9]{1,20})?',
    keywords: ['postgres'],
    fix: dbFix('the database (`ALTER ROLE name WITH PASSWORD …`) or your provider\'s console'),
    sample: (f, pw) => `DATABASE_URL=postgresql://app_${f.lower(4)}:${pw}@db.internal.example.net:5432/orders`,
  }),
  urlPasswordRule({
    id: 'mysql-url-password',
    title: 'MySQL / MariaDB connection URL with a password',
    scheme: '(?:mysql|mariadb)(?:\\+[a-z0-9]{1,20})?',
    keywords: ['mysql', 'mariadb'],
    fix: dbFix('the database (`ALTER USER … IDENTIFIED BY …`)'),
    sample: (f, pw) => `mysql://svc_${f.lower(4)}:${pw}@10.0.3.7:3306/shop`,
  }),
  urlPasswordRule({
    id: 'mongodb-url-password',
    title: 'MongoDB connection URL with a password',
    scheme: 'mongodb(?:\\+srv)?',
    keywords: ['mongodb'],
    fix: dbFix('MongoDB (`db.changeUserPassword`) or Atlas (Database Access → Edit → Edit Password)'),
    sample: (f, pw) => `const uri = "mongodb+srv://api_${f.lower(4)}:${pw}@cluster0.${f.lowerNum(5)}.mongodb.net/prod?retryWrites=true";`,
  }),
  urlPasswordRule({
    id: 'redis-url-password',
    title: 'Redis connection URL with a password',
    scheme: 'rediss?',
    keywords: ['redis'],
    fix: dbFix('Redis (`CONFIG SET requirepass`, ACL SETUSER) or your provider\'s console'),
    sample: (_f, pw) => `REDIS_URL=rediss://:${pw}@cache.internal:6380/0`,
  }),
  urlPasswordRule({
    id: 'amqp-url-password',
    title: 'AMQP (RabbitMQ) connection URL with a password',
    scheme: 'amqps?',
    keywords: ['amqp'],
    fix: dbFix('RabbitMQ (`rabbitmqctl change_password`) or your provider\'s console'),
    sample: (f, pw) => `broker_url = 'amqps://worker_${f.lower(3)}:${pw}@mq.internal:5671/vhost'`,
  }),
  urlPasswordRule({
    id: 'mssql-url-password',
    title: 'SQL Server connection URL with a password',
    scheme: '(?:mssql|sqlserver)(?:\\+[a-z0-9]{1,20})?',
    keywords: ['mssql', 'sqlserver'],
    fix: dbFix('SQL Server (`ALTER LOGIN … WITH PASSWORD`)'),
    sample: (f, pw) => `mssql+pyodbc://report_${f.lower(3)}:${pw}@sql.internal:1433/reports`,
  }),
  urlPasswordRule({
    id: 'snowflake-url-password',
    title: 'Snowflake connection URL with a password',
    scheme: 'snowflake',
    keywords: ['snowflake'],
    fix: dbFix('Snowflake (`ALTER USER … SET PASSWORD`)', ),
    sample: (f, pw) => `snowflake://etl_${f.lower(4)}:${pw}@acme-xy12345/analytics`,
  }),
  urlPasswordRule({
    id: 'url-password',
    title: 'URL with an embedded password',
    scheme: 'https?|ftps?|sftp|smtps?|imaps?|ldaps?|ssh|git\\+https?|s3|nats|kafka|clickhouse|cassandra|neo4j(?:\\+s)?|bolt|couchbase|influxdb',
    keywords: ['://'],
    fix: rotate('the service the URL points at, by changing that user\'s password', 'send credentials in headers or a credential store, never in the URL'),
    sample: (f, pw) => `curl https://deploy:${pw}@registry.internal.example.net/v2/_catalog # ${f.lower(3)}`,
  }),
  defineSecretRule({
    id: 'secrets/jdbc-password',
    title: 'JDBC URL with a password',
    regex: /jdbc:[a-z0-9]{2,20}:[^\s'"`<>]{1,200}?[?;&:]password=([^;&\s'"`<>]{3,128})/gi,
    keywords: ['jdbc:'],
    allowlist: { stopwords: DEV_PASSWORDS },
    why: DB_WHY,
    fix: dbFix('the database'),
    samples: (f) => ({
      truePositives: [`spring.datasource.url=jdbc:sqlserver://sql.internal:1433;databaseName=app;user=app;password=${f.alnum(18)}`, `jdbc:postgresql://db:5432/app?user=app&password=${f.alnum(16)}&ssl=true`],
      falsePositives: ['jdbc:postgresql://localhost:5432/app?user=app&password=${DB_PASSWORD}', 'jdbc:h2:mem:test;password=test'],
    }),
  }),
  defineSecretRule({
    id: 'secrets/ado-net-connection-string-password',
    title: 'ADO.NET / ODBC connection string with a password',
    // Anchored on `;Password=` itself: a lazy scan from `Server=` to it was quadratic on long lines.
    regex: /;[ \t]{0,3}(?:Password|Pwd)[ \t]{0,3}=[ \t]{0,3}([^;"'\s]{3,128})(?=[;"'\s]|$)/gi,
    keywords: [';password=', ';pwd=', '; password=', '; pwd='],
    allowlist: { stopwords: DEV_PASSWORDS },
    why: DB_WHY,
    fix: dbFix('the database', ),
    samples: (f) => ({
      truePositives: [`"DefaultConnection": "Server=sql.internal;Database=Orders;User Id=orders_app;Password=${f.alnum(18)};TrustServerCertificate=True"`],
      falsePositives: ['"DefaultConnection": "Server=(localdb)\\\\mssqllocaldb;Database=Orders;Trusted_Connection=True"', 'Server=sql;Database=Orders;User Id=sa;Password=<YourStrong@Passw0rd>;'],
    }),
  }),
  prefixedRule({
    id: 'databricks-token',
    title: 'Databricks personal access token',
    token: 'dapi[a-f0-9]{32}(?:-[0-9])?',
    keywords: ['dapi'],
    notAfter: 'A-Za-z0-9_-',
    entropy: 3,
    envName: 'DATABRICKS_TOKEN',
    why: 'A Databricks token runs notebooks and jobs and reads every table in the workspace its user can reach.',
    fix: rotate('Databricks (User settings → Developer → Access tokens)', 'prefer OAuth machine-to-machine credentials'),
    sample: (f) => `dapi${f.hex(32)}`,
  }),
  keyedRule({
    id: 'algolia-admin-key',
    title: 'Algolia admin or write API key',
    names: ['algolia[\\w.-]{0,10}(?:admin|write|secret|api)'],
    value: '[a-f0-9]{32}',
    keywords: ['algolia'],
    entropy: 3,
    sampleName: 'ALGOLIA_ADMIN_API_KEY',
    why: 'An admin key rewrites or deletes your search indexes and reads the data in them; only the search-only key belongs in a browser.',
    fix: rotate('the Algolia dashboard (Settings → API Keys → Regenerate admin key)'),
    sample: (f) => f.hex(32),
  }),
  keyedRule({
    id: 'elastic-api-key',
    title: 'Elastic / Elasticsearch API key',
    names: ['elastic(?:search)?[\\w.-]{0,10}(?:api_?key|apikey)', 'es_api_key'],
    value: '[A-Za-z0-9_=-]{40,120}',
    keywords: ['elastic', 'es_api_key'],
    entropy: 4,
    sampleName: 'ELASTIC_API_KEY',
    why: 'An Elastic API key reads and writes the indexes and cluster settings it was granted, often every log the company ships.',
    fix: rotate('Kibana (Stack Management → API keys → Invalidate) or the Elastic Cloud console'),
    sample: (f) => `${f.base64url(60)}==`,
  }),
  keyedRule({
    id: 'elastic-password',
    title: 'Elasticsearch password',
    names: ['elastic(?:search)?[\\w.-]{0,10}(?:password|passwd|pwd)'],
    value: '[A-Za-z0-9!#$%&*+,.;?@^_~-]{8,64}',
    keywords: ['elastic'],
    entropy: 3,
    sampleName: 'ELASTIC_PASSWORD',
    why: DB_WHY,
    fix: rotate('Elasticsearch (`elasticsearch-reset-password`) or the Elastic Cloud console'),
    sample: (f) => `${f.alnum(14)}!${f.digits(2)}`,
  }),
  prefixedRule({
    id: 'planetscale-token',
    title: 'PlanetScale service token, password or OAuth token',
    token: 'pscale_(?:tkn|pw|oauth)_[A-Za-z0-9_.=-]{32,64}',
    keywords: ['pscale_'],
    notAfter: 'A-Za-z0-9_.=-',
    envName: 'PLANETSCALE_PASSWORD',
    why: DB_WHY,
    fix: rotate('PlanetScale (Database → Passwords, or Organization → Service tokens)'),
    sample: (f) => `pscale_pw_${f.base64url(43)}`,
  }),
  keyedRule({
    id: 'fauna-secret',
    title: 'Fauna secret',
    names: ['fauna'],
    value: 'fn[A-Za-z0-9_-]{38}',
    keywords: ['fauna'],
    sampleName: 'FAUNA_SECRET',
    why: DB_WHY,
    fix: rotate('the Fauna dashboard (Database → Keys)'),
    sample: (f) => `fn${f.base64url(38)}`,
  }),
  keyedRule({
    id: 'snowflake-password',
    title: 'Snowflake password',
    names: ['snowflake[\\w.-]{0,10}(?:password|passwd|pwd)'],
    value: '[A-Za-z0-9!#$%&*+,.;?@^_~-]{8,64}',
    keywords: ['snowflake'],
    entropy: 3,
    sampleName: 'SNOWFLAKE_PASSWORD',
    why: DB_WHY,
    fix: rotate('Snowflake (`ALTER USER … SET PASSWORD`)', 'prefer key-pair or OAuth authentication'),
    sample: (f) => `${f.alnum(16)}#${f.digits(2)}`,
  }),
];
