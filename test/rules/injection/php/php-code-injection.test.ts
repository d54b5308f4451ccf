import { phpCodeInjection } from '../../../../src/core/rules/injection/php-code-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(phpCodeInjection, 'injection/php-code-injection', 'lib/calc.php', {
  invalid: [
    { name: 'eval of a POST field', code: '<?php\neval(\'$result = \' . $_POST[\'formula\'] . \';\');\n', severity: 'critical' },
    { name: 'eval of a variable', code: '<?php\nfunction run_plugin($code) {\n    return eval($code);\n}\n', severity: 'medium' },
    { name: 'assert of a string from the request', code: '<?php\nassert($_GET[\'check\']);\n', severity: 'critical' },
    { name: 'create_function with a built body', code: '<?php\n$f = create_function(\'$x\', "return \\$x $op 2;");\n' },
  ],
  valid: [
    { name: 'eval of a constant', code: '<?php\neval(\'return 1;\');\n' },
    { name: 'assert of a comparison', code: '<?php\nassert($count > 0);\n' },
    { name: 'json_decode', code: '<?php\n$data = json_decode($_POST[\'payload\'], true);\n' },
  ],
});
