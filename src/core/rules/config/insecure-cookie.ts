import { defineConfigRule } from './defineConfigRule';

const COOKIE_CONTEXT = /cookie|session/i;

/** Cookies explicitly set without HttpOnly or Secure. */
export const insecureCookie = defineConfigRule({
  id: 'config/insecure-cookie',
  severity: 'medium',
  cwe: [614, 1004],
  languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'vue', 'python', 'go', 'java', 'kotlin', 'php'],
  keywords: ['httponly', 'secure'],
  docs: {
    summary: 'A cookie is explicitly set without HttpOnly or Secure',
    why: 'Without HttpOnly any injected script can read the session cookie and send it away; without Secure the cookie also travels over plain HTTP, where anyone on the network can copy it.',
    fix: 'Set `httpOnly: true` and `secure: true` (and `sameSite: \'lax\'` or stricter) on session and auth cookies; for local development, make `secure` depend on the environment rather than turning it off in code.',
    example: { bad: "res.cookie('sid', id, { httpOnly: false, secure: false })", good: "res.cookie('sid', id, { httpOnly: true, secure: true, sameSite: 'lax' })" },
  },
  messages: { off: '`{{match}}` on a cookie' },
  checks: [
    { regex: /["']?\b(?:httpOnly|HttpOnly|httponly|secure|Secure)["']?[ \t]*:[ \t]*false\b/g, messageId: 'off', context: COOKIE_CONTEXT, contextLines: 6 },
    { regex: /\b(?:SESSION|CSRF)_COOKIE_(?:SECURE|HTTPONLY)[ \t]*=[ \t]*False\b/g, messageId: 'off' },
    { regex: /\b(?:secure|httponly)[ \t]*=[ \t]*False\b/g, messageId: 'off', languages: ['python'], context: COOKIE_CONTEXT, contextLines: 2 },
    { regex: /\.set(?:HttpOnly|Secure)[ \t]*\([ \t]*false[ \t]*\)/g, messageId: 'off' },
    { regex: /["']?\b(?:cookie\.)?(?:httponly|secure)["']?[ \t]*=[ \t]*["']?(?:false|0|off)\b/g, messageId: 'off', languages: ['ini', 'properties', 'yaml', 'toml'], context: COOKIE_CONTEXT, valueIn: 'string' },
  ],
});
