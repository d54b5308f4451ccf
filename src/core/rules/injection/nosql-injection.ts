import { defineJsRule } from './defineJsRule';

/** MongoDB and Mongoose filters taken whole from the request, and `$where`/`mapReduce` with code in strings. */
export const nosqlInjection = defineJsRule({
  id: 'injection/nosql-injection',
  severity: 'high',
  confidence: 'high',
  cwe: [943],
  keywords: ['find', 'update', 'delete', 'remove', 'count', '$where', 'mapreduce', 'where', 'exists'],
  docs: {
    summary: 'A MongoDB filter taken from request data, or `$where`/`mapReduce` with code in a string',
    why: 'A JSON body or a query string like `?user[$ne]=x` turns a value into an operator object: `{ password: { $ne: null } }` matches every user and logs the attacker in. `$where` and `mapReduce` run JavaScript on the server, so a string built from input is code injection.',
    fix: 'Build the filter from fields you name, and make each value a string (`String(req.body.user)`) or validate its type; use express-mongo-sanitize or mongo-sanitize on bodies. Replace `$where` with query operators.',
    example: {
      bad: 'const user = await User.findOne({ name: req.body.name, password: req.body.password });',
      good: 'const user = await User.findOne({ name: String(req.body.name) });\nif (!user || !(await bcrypt.compare(String(req.body.password), user.hash))) return res.sendStatus(401);',
    },
  },
  messages: {
    taintedWhole: '{{source}} is passed whole as a MongoDB filter ({{sink}})',
    taintedField: '{{source}} is used as a filter value without a type check, so it can be an operator object ({{sink}})',
    taintedWhere: '{{source}} flows into server-side JavaScript ({{sink}})',
    unknownWhere: 'Server-side JavaScript ({{sink}}) is built from {{what}}, a non-literal of unknown origin',
    partial: 'A MongoDB filter ({{sink}}) with a non-literal value; token-level check, this part of the file did not parse',
  },
});
