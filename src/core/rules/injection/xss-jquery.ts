import { defineJsRule, jsMessages } from './defineJsRule';

/** jQuery methods that parse HTML: .html(), .append(), .prepend(), .before(), .after(), and $() with markup. */
export const xssJquery = defineJsRule({
  id: 'injection/xss-jquery',
  severity: 'high',
  confidence: 'high',
  cwe: [79],
  keywords: ['$(', 'jquery('],
  docs: {
    summary: 'jQuery .html(), .append(), .prepend(), .before(), .after() or $() given HTML built from untrusted data',
    why: 'These jQuery calls parse strings as HTML and run inline event handlers, so data from the URL or the server ends up executing as script (cross-site scripting).',
    fix: 'Use `.text(value)`, or create the element and set its text: `$(\'<li>\').text(name).appendTo(list)`.',
    example: {
      bad: "$('#results').html('<b>' + location.hash.slice(1) + '</b>');",
      good: "$('#results').empty().append($('<b>').text(location.hash.slice(1)));",
    },
  },
  messages: jsMessages('HTML parsed by jQuery'),
});
