import { defineJsRule, jsMessages } from './defineJsRule';

/** Server-side requests to URLs taken from request data: fetch, axios, got, http.request. */
export const ssrf = defineJsRule({
  id: 'injection/ssrf',
  severity: 'high',
  confidence: 'high',
  cwe: [918],
  keywords: ['fetch', 'axios', 'got', 'http', 'request', 'superagent', 'needle', 'undici'],
  docs: {
    summary: 'A server-side HTTP request to a URL (or host) taken from request data',
    why: 'The server fetches whatever the client names: cloud metadata (`http://169.254.169.254/`) with credentials, admin ports on localhost, or internal services behind the firewall (server-side request forgery).',
    fix: 'Keep the scheme and host fixed and put only validated values in the path or query, or check the URL\'s host against an allow-list (after resolving redirects).',
    example: {
      bad: 'const page = await fetch(req.query.url);',
      good: "const page = await fetch(`https://images.example.com/${encodeURIComponent(req.query.id)}`);",
    },
  },
  messages: jsMessages('the URL of a server-side request'),
});
