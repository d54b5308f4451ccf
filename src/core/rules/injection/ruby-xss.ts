import { HTML_POLICY, defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { rubyAdapter } from '../../analysis/treeSitter/languages/ruby';

/** html_safe and raw on built strings or request data, and render inline: of data. */
export const rubyXss = defineTreeSitterRule({
  language: 'ruby',
  adapter: rubyAdapter,
  meta: {
    id: 'injection/ruby-xss',
    severity: 'high',
    confidence: 'medium',
    cwe: [79],
    keywords: ['html_safe', 'raw', 'render'],
    docs: {
      summary: '.html_safe or raw() on a string built from data, and render inline:/html: of request data.',
      why: 'Rails escapes every string in views except those marked safe: marking data safe sends its <script> to every visitor\'s browser.',
      fix: 'Let the view escape: <%= user.bio %>. Build markup with content_tag/tag helpers, or sanitize(html) for user-written rich text.',
      example: {
        bad: '"<b>#{user.name}</b>".html_safe',
        good: 'content_tag(:b, user.name)',
      },
    },
    messages: {
      tainted: 'Request data ({{source}}) reaches {{sink}} and will not be escaped.',
      built: 'A string built by {{how}} is marked safe by {{sink}}; its data will not be escaped.',
      dynamic: 'A non-literal value reaches {{sink}}.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'call') return;
    if (site.name === 'html_safe' && site.receiver) reportOperand(context, site, site.receiver, '.html_safe', HTML_POLICY);
    else if (site.name === 'raw' && !site.receiver) reportOperand(context, site, site.args[0], 'raw()', HTML_POLICY);
    else if (site.name === 'render' && !site.receiver) {
      const inline = site.keywords.inline ?? site.keywords.html;
      if (inline) reportOperand(context, site, inline, site.keywords.inline ? 'render inline:' : 'render html:', HTML_POLICY);
    }
  },
});
