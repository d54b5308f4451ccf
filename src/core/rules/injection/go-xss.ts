import { HTML_POLICY, defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { goAdapter } from '../../analysis/treeSitter/languages/go';

const TRUSTED_TYPES = new Set(['template.HTML', 'template.JS', 'template.HTMLAttr', 'template.CSS', 'template.JSStr', 'template.URL']);

/** html/template trusted types (template.HTML and friends) made from data, which switches off escaping. */
export const goXss = defineTreeSitterRule({
  language: 'go',
  adapter: goAdapter,
  meta: {
    id: 'injection/go-xss',
    severity: 'high',
    confidence: 'medium',
    cwe: [79],
    keywords: ['template'],
    docs: {
      summary: 'template.HTML (or JS, HTMLAttr, CSS, URL) of a non-literal string.',
      why: 'html/template escapes everything except values of these types: converting data to template.HTML puts <script> from the value straight into the page.',
      fix: 'Pass the plain string to the template and let html/template escape it; build markup in the template itself. Convert only constant, reviewed HTML.',
      example: {
        bad: 'data := map[string]any{"Bio": template.HTML("<p>" + user.Bio + "</p>")}',
        good: 'data := map[string]any{"Bio": user.Bio} // template: <p>{{.Bio}}</p>',
      },
    },
    messages: {
      tainted: 'Request data ({{source}}) is converted to {{sink}} and will not be escaped.',
      built: 'A string built by {{how}} is converted to {{sink}} and will not be escaped.',
      dynamic: 'A non-literal value is converted to {{sink}}.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'call' || !TRUSTED_TYPES.has(site.callee)) return;
    reportOperand(context, site, site.args[0], site.callee, HTML_POLICY);
  },
});
