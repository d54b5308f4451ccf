/** Rule ids of the JS/TS injection rules, kept here so the analysis does not import the rules. */
export const SINK = {
  sql: 'injection/sql-string-building',
  nosql: 'injection/nosql-injection',
  command: 'injection/command-injection',
  code: 'injection/code-injection',
  xssDom: 'injection/xss-inner-html',
  xssReact: 'injection/xss-react-dangerously-set-inner-html',
  xssVue: 'injection/xss-vue-v-html',
  xssJquery: 'injection/xss-jquery',
  xssResponse: 'injection/xss-response-html',
  path: 'injection/path-traversal',
  ssrf: 'injection/ssrf',
  redirect: 'injection/open-redirect',
  deserialization: 'injection/unsafe-deserialization',
  prototype: 'injection/prototype-pollution',
} as const;

export type SinkId = (typeof SINK)[keyof typeof SINK];

/** Sinks that only matter with data from a known source; a value of unknown origin is not reported. */
export const SOURCE_ONLY: ReadonlySet<SinkId> = new Set<SinkId>([SINK.nosql, SINK.path, SINK.ssrf, SINK.redirect, SINK.prototype, SINK.xssResponse]);
