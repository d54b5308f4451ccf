import { phpXss } from '../../../../src/core/rules/injection/php-xss';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(phpXss, 'injection/php-xss', 'public/search.php', {
  invalid: [
    { name: 'echo of $_GET, with the fix', code: '<?php\necho $_GET[\'q\'];\n', severity: 'high', fixed: '<?php\necho htmlspecialchars($_GET[\'q\'], ENT_QUOTES, \'UTF-8\');\n' },
    { name: 'echo of a concatenation with $_POST', code: '<?php\necho "<p>Hello " . $_POST[\'name\'] . "</p>";\n', severity: 'high' },
    { name: 'echo of a variable holding request data', code: '<?php\n$term = $_GET[\'term\'];\necho "<h2>Results for $term</h2>";\n', line: 3 },
    { name: 'a short echo tag in a template', code: '<html><body>\n<h1><?= $_GET[\'title\'] ?></h1>\n</body></html>\n', line: 2 },
    { name: 'print', code: '<?php\nprint $_REQUEST[\'msg\'];\n' },
  ],
  valid: [
    { name: 'htmlspecialchars', code: '<?php\necho htmlspecialchars($_GET[\'q\'], ENT_QUOTES, \'UTF-8\');\n' },
    { name: 'an escaped short echo', code: '<h1><?= htmlspecialchars($_GET[\'title\']) ?></h1>\n' },
    { name: 'an int cast', code: '<?php\necho (int) $_GET[\'page\'];\n' },
    { name: 'echo of a constant and of unknown variables', code: '<?php\necho "<footer>";\necho $footerHtml;\n' },
  ],
});
