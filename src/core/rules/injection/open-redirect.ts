import { defineJsRule, jsMessages } from './defineJsRule';

/** Redirects to URLs taken from request data: res.redirect, Location headers, location.href, Next.js redirect. */
export const openRedirect = defineJsRule({
  id: 'injection/open-redirect',
  severity: 'high',
  confidence: 'high',
  cwe: [601],
  keywords: ['redirect', 'location', 'window.open'],
  docs: {
    summary: 'A redirect to a URL taken from request data or the page URL',
    why: 'A link on your domain that forwards to any site (`/login?next=https://evil.example`) makes phishing pages look trusted and can leak tokens in the URL; `javascript:` URLs in location.href run script.',
    fix: 'Redirect only to relative paths you check (`next.startsWith(\'/\') && !next.startsWith(\'//\')`) or to hosts from an allow-list.',
    example: {
      bad: 'res.redirect(req.query.next);',
      good: "const next = String(req.query.next ?? '/');\nres.redirect(next.startsWith('/') && !next.startsWith('//') ? next : '/');",
    },
  },
  messages: jsMessages('a redirect'),
});
