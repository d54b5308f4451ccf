import { phpSqlStringBuilding } from '../../../../src/core/rules/injection/php-sql-string-building';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(phpSqlStringBuilding, 'injection/php-sql-string-building', 'public/users.php', {
  invalid: [
    { name: 'mysqli_query with interpolation of $_GET', code: '<?php\n$id = $_GET[\'id\'];\n$result = mysqli_query($conn, "SELECT * FROM users WHERE id = $id");\n', severity: 'high', line: 3 },
    { name: 'PDO query with concatenation', code: '<?php\n$rows = $pdo->query("SELECT * FROM users WHERE email = \'" . $_POST[\'email\'] . "\'");\n', severity: 'high' },
    { name: 'PDO exec with a built variable', code: '<?php\nfunction purge(PDO $pdo, string $table) {\n    $sql = "DELETE FROM {$table} WHERE expired = 1";\n    $pdo->exec($sql);\n}\n', severity: 'medium', line: 4 },
    { name: 'mysqli method with sprintf', code: '<?php\n$mysqli->query(sprintf("SELECT * FROM t WHERE name = \'%s\'", $_REQUEST[\'n\']));\n', severity: 'high' },
    { name: 'prepare of an interpolated string', code: '<?php\n$stmt = $pdo->prepare("SELECT * FROM users WHERE name = \'$name\'");\n', severity: 'medium' },
    { name: 'Laravel DB::select with a request input', code: '<?php\nclass UserController extends Controller {\n    public function search(Request $request) {\n        return DB::select("SELECT * FROM users WHERE name = \'" . $request->input(\'name\') . "\'");\n    }\n}\n', severity: 'high' },
    { name: 'Laravel whereRaw with interpolation', code: '<?php\nclass C {\n    public function index(Request $request) {\n        $q = $request->query(\'q\');\n        return User::query()->whereRaw("name LIKE \'%$q%\'")->get();\n    }\n}\n', severity: 'high' },
    { name: '.= building', code: '<?php\n$sql = "SELECT * FROM posts WHERE 1=1";\n$sql .= " AND author = \'" . $_GET[\'author\'] . "\'";\n$res = mysqli_query($db, $sql);\n', severity: 'high', line: 4 },
  ],
  valid: [
    { name: 'a prepared statement with bound values', code: '<?php\n$stmt = $pdo->prepare("SELECT * FROM users WHERE id = ?");\n$stmt->execute([$_GET[\'id\']]);\n' },
    { name: 'an (int) cast', code: '<?php\n$id = (int) $_GET[\'id\'];\n$result = mysqli_query($conn, "SELECT * FROM users WHERE id = $id");\n' },
    { name: 'intval()', code: '<?php\n$rows = $pdo->query("SELECT * FROM t LIMIT " . intval($_GET[\'limit\']));\n' },
    { name: 'a constant query', code: '<?php\n$rows = $pdo->query("SELECT * FROM users ORDER BY id");\n' },
    { name: 'PDO::quote', code: '<?php\n$rows = $pdo->query("SELECT * FROM users WHERE name = " . $pdo->quote($_GET[\'name\']));\n' },
    { name: 'Laravel bindings', code: '<?php\nclass C {\n    public function s(Request $request) {\n        return DB::select(\'SELECT * FROM users WHERE name = ?\', [$request->input(\'name\')]);\n    }\n}\n' },
  ],
});
