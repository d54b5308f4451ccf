import { defineTreeSitterRule, reportOperand } from '../../analysis/treeSitter/defineRule';
import { phpAdapter } from '../../analysis/treeSitter/languages/php';

/** echo, print and <?= of request data without htmlspecialchars. */
export const phpXss = defineTreeSitterRule({
  language: 'php',
  adapter: phpAdapter,
  meta: {
    id: 'injection/php-xss',
    severity: 'high',
    confidence: 'high',
    cwe: [79],
    keywords: ['echo', 'print', '<?='],
    docs: {
      summary: 'echo, print or <?= of $_GET/$_POST/$_REQUEST/$_COOKIE data (directly or through variables) without escaping.',
      why: 'The browser runs any <script> in the echoed value with the site\'s cookies and rights: a crafted link is enough to take over a visitor\'s session.',
      fix: 'Escape on output: echo htmlspecialchars($value, ENT_QUOTES, \'UTF-8\'); in Blade use {{ $value }}, never {!! $value !!}.',
      example: {
        bad: 'echo "<p>Results for " . $_GET[\'q\'] . "</p>";',
        good: 'echo "<p>Results for " . htmlspecialchars($_GET[\'q\'], ENT_QUOTES, \'UTF-8\') . "</p>";',
      },
    },
    messages: {
      tainted: 'Request data ({{source}}) is written to the page by {{sink}} without escaping.',
      built: 'Request data is written to the page by {{sink}} without escaping.',
    },
  },
  visit(site, context) {
    if (site.kind !== 'echo') return;
    for (const value of site.operands) {
      if (!value.taint) continue;
      // Mechanical when the echoed expression is itself the request value: wrap it in htmlspecialchars().
      const direct = value.taint.start === value.start && value.taint.end === value.end;
      reportOperand(context, site, value, context.text.startsWith('print', site.start) ? 'print' : context.text.startsWith('echo', site.start) ? 'echo' : '<?=', { tainted: 'high', built: 'high' }, {
        fix: direct ? { title: 'Escape with htmlspecialchars()', edits: [{ start: value.start, end: value.end, text: `htmlspecialchars(${value.text}, ENT_QUOTES, 'UTF-8')` }] } : undefined,
      });
    }
  },
});
