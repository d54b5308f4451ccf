import { phpCommandInjection } from '../../../../src/core/rules/injection/php-command-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(phpCommandInjection, 'injection/php-command-injection', 'admin/tools.php', {
  invalid: [
    { name: 'system with $_GET', code: '<?php\nsystem("ping -c 1 " . $_GET[\'host\']);\n', severity: 'critical' },
    { name: 'shell_exec with interpolation', code: '<?php\n$host = $_POST[\'host\'];\n$out = shell_exec("nslookup $host");\n', severity: 'critical', line: 3 },
    { name: 'exec of a variable', code: '<?php\nfunction convert($file) {\n    exec("convert " . $file . " out.png", $output);\n}\n', severity: 'medium' },
    { name: 'passthru', code: '<?php\npassthru("tail -n 50 " . $_REQUEST[\'log\']);\n', severity: 'critical' },
    { name: 'backticks with interpolation', code: '<?php\n$listing = `ls -la {$_GET[\'dir\']}`;\n', severity: 'critical' },
    { name: 'popen of a built string', code: '<?php\n$h = popen("gzip -c " . $path, "r");\n' },
  ],
  valid: [
    { name: 'escapeshellarg', code: '<?php\nsystem("ping -c 1 " . escapeshellarg($_GET[\'host\']));\n' },
    { name: 'a constant command', code: '<?php\n$out = shell_exec("uptime");\n' },
    { name: 'constant backticks', code: '<?php\n$user = `whoami`;\n' },
    { name: 'a method named exec', code: '<?php\n$pdo->exec("VACUUM");\n$job->exec($payload);\n' },
  ],
});
