import { defineJsRule, jsMessages } from './defineJsRule';

/** Express, Koa and Next.js responses whose HTML body is built from request data (reflected XSS). */
export const xssResponseHtml = defineJsRule({
  id: 'injection/xss-response-html',
  severity: 'high',
  confidence: 'high',
  cwe: [79],
  keywords: ['send', 'write', 'end', 'body', 'response'],
  docs: {
    summary: 'An HTTP response body (res.send, res.write, ctx.body) built from request data',
    why: 'Express sends strings as text/html: a query parameter echoed into the page is parsed by the browser, so a crafted link runs script on your origin (reflected cross-site scripting).',
    fix: 'Render through a template engine that escapes by default, escape the value (escape-html), or send JSON with `res.json()`.',
    example: {
      bad: "res.send(`<h1>Results for ${req.query.q}</h1>`);",
      good: "res.send(`<h1>Results for ${escapeHtml(req.query.q)}</h1>`);",
    },
  },
  messages: jsMessages('the HTML response'),
});
