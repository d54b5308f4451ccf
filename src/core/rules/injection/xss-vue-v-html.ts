import { defineJsRule, jsMessages } from './defineJsRule';

/** Vue's v-html directive with a non-literal expression, in .vue templates. */
export const xssVueVHtml = defineJsRule({
  id: 'injection/xss-vue-v-html',
  severity: 'high',
  confidence: 'high',
  cwe: [79],
  keywords: ['v-html'],
  docs: {
    summary: 'Vue `v-html` bound to a non-literal expression',
    why: 'v-html sets innerHTML: the value is parsed as markup, so HTML in user content or in a route parameter runs script in the visitor\'s session.',
    fix: 'Use `{{ value }}` (text interpolation escapes) or `v-text`; if HTML is required, sanitize it with DOMPurify in a computed property.',
    example: {
      bad: '<div v-html="$route.query.message"></div>',
      good: '<div>{{ $route.query.message }}</div>',
    },
  },
  messages: jsMessages('HTML rendered by v-html'),
});
