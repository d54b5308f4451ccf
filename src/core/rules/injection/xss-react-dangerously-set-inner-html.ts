import { defineJsRule, jsMessages } from './defineJsRule';

/** React's dangerouslySetInnerHTML with a non-literal `__html`. */
export const xssReactDangerouslySetInnerHtml = defineJsRule({
  id: 'injection/xss-react-dangerously-set-inner-html',
  severity: 'high',
  confidence: 'high',
  cwe: [79],
  keywords: ['dangerouslysetinnerhtml', '__html'],
  docs: {
    summary: 'React `dangerouslySetInnerHTML` with a non-literal `__html`',
    why: 'React escapes everything except this prop: the string is inserted as raw HTML, so markup in user content (a comment, a profile, a URL parameter) runs script in every visitor\'s browser.',
    fix: 'Render the value as a child (`<div>{text}</div>`), or sanitize it first: `{{ __html: DOMPurify.sanitize(html) }}`.',
    example: {
      bad: '<div dangerouslySetInnerHTML={{ __html: comment.body }} />',
      good: '<div dangerouslySetInnerHTML={{ __html: DOMPurify.sanitize(comment.body) }} />',
    },
  },
  messages: jsMessages('raw HTML rendered by React'),
});
