import { defineJsRule, jsMessages } from './defineJsRule';

/** HTML written into the DOM: innerHTML, outerHTML, insertAdjacentHTML, document.write, createContextualFragment. */
export const xssInnerHtml = defineJsRule({
  id: 'injection/xss-inner-html',
  severity: 'high',
  confidence: 'high',
  cwe: [79],
  keywords: ['innerhtml', 'outerhtml', 'insertadjacenthtml', 'document.write', 'createcontextualfragment', 'srcdoc'],
  docs: {
    summary: 'A non-literal value written into the page as HTML (innerHTML, outerHTML, insertAdjacentHTML, document.write)',
    why: 'The browser parses the value as markup: `<img src=x onerror=...>` in a name or a URL fragment runs the attacker\'s script in the user\'s session (cross-site scripting).',
    fix: 'Use `textContent` for text, build elements with `createElement`, or sanitize HTML with DOMPurify (`el.innerHTML = DOMPurify.sanitize(html)`).',
    example: {
      bad: "greeting.innerHTML = 'Hello ' + new URLSearchParams(location.search).get('name');",
      good: "greeting.textContent = 'Hello ' + new URLSearchParams(location.search).get('name');",
    },
  },
  messages: jsMessages('HTML written into the page'),
});
