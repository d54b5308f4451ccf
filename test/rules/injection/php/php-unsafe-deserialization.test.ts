import { phpUnsafeDeserialization } from '../../../../src/core/rules/injection/php-unsafe-deserialization';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(phpUnsafeDeserialization, 'injection/php-unsafe-deserialization', 'src/Cart.php', {
  invalid: [
    { name: 'unserialize of a cookie', code: '<?php\n$cart = unserialize($_COOKIE[\'cart\']);\n', severity: 'critical' },
    { name: 'unserialize of a Laravel input', code: '<?php\nclass C {\n    public function restore(Request $request) {\n        $state = unserialize(base64_decode($request->input(\'state\')));\n    }\n}\n', severity: 'critical' },
    { name: 'unserialize of a file', code: '<?php\n$cache = unserialize(file_get_contents($path));\n', severity: 'medium' },
  ],
  valid: [
    { name: 'allowed_classes false', code: '<?php\n$cart = unserialize($_COOKIE[\'cart\'], [\'allowed_classes\' => false]);\n' },
    { name: 'json_decode', code: '<?php\n$cart = json_decode($_COOKIE[\'cart\'], true);\n' },
    { name: 'serialize', code: '<?php\nsetcookie(\'cart\', serialize($cart));\n' },
  ],
});
