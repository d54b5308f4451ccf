import { HTML_POLICY, defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { pythonAdapter } from '../../analysis/treeSitter/languages/python';

const TEMPLATE_SINKS = new Set(['flask.render_template_string', 'render_template_string', 'jinja2.Template', 'Template', 'jinja2.Environment.from_string']);
const MARKUP_SINKS = new Set(['Markup', 'markupsafe.Markup', 'flask.Markup', 'jinja2.Markup', 'mark_safe', 'django.utils.safestring.mark_safe', 'SafeString', 'django.utils.safestring.SafeString']);

/** Templates compiled from built strings (SSTI) and HTML marked safe although built from data. */
export const pythonXss = defineTreeSitterRule({
  language: 'python',
  adapter: pythonAdapter,
  meta: {
    id: 'injection/python-xss',
    severity: 'high',
    confidence: 'medium',
    cwe: [79, 1336],
    keywords: ['render_template_string', 'markup', 'mark_safe', 'safestring', 'template'],
    docs: {
      summary: 'render_template_string/Template of a built string, and Markup()/mark_safe() of data.',
      why: 'A template built from data runs {{ ... }} expressions the sender wrote (server-side template injection, often code execution), and Markup/mark_safe switch off escaping, so <script> in the value runs in every visitor\'s browser.',
      fix: 'Keep templates constant and pass data as variables: render_template_string("Hello {{ name }}", name=name). Let the template escape; build HTML with format_html() or markupsafe.escape() instead of mark_safe().',
      example: {
        bad: 'return render_template_string(f"<h1>Hello {name}</h1>")',
        good: 'return render_template_string("<h1>Hello {{ name }}</h1>", name=name)',
      },
    },
    messages: {
      tainted: 'Request data ({{source}}) reaches {{sink}} unescaped.',
      built: 'The string passed to {{sink}} is built by {{how}}; its data is not escaped.',
      dynamic: 'A non-literal value reaches {{sink}}.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'call') return;
    if (TEMPLATE_SINKS.has(site.callee) || (site.name === 'from_string' && site.receiver)) {
      if (site.callee === 'Template' && !context.text.includes('jinja2')) return;
      reportOperand(context, site, site.args[0] ?? site.keywords.source, `${site.callee}()`, HTML_POLICY);
      return;
    }
    if (MARKUP_SINKS.has(site.callee)) reportOperand(context, site, site.args[0], `${site.callee}()`, HTML_POLICY);
  },
});
