import { javaCommandInjection } from '../../../../src/core/rules/injection/java-command-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(javaCommandInjection, 'injection/java-command-injection', 'src/main/java/com/example/Ops.java', {
  invalid: [
    { name: 'Runtime.exec with sh -c and request data', code: 'class Ops {\n    void ping(HttpServletRequest request) throws IOException {\n        Runtime.getRuntime().exec(new String[] {"sh", "-c", "ping -c 1 " + request.getParameter("host")});\n    }\n}\n', severity: 'critical', line: 3 },
    { name: 'ProcessBuilder with bash -c', code: 'class Ops {\n    void run(String script) throws IOException {\n        new ProcessBuilder("bash", "-c", script).start();\n    }\n}\n', severity: 'medium' },
    { name: 'ProcessBuilder with Arrays.asList', code: 'class Ops {\n    void run(@RequestParam String dir) throws IOException {\n        new ProcessBuilder(Arrays.asList("sh", "-c", "ls " + dir)).start();\n    }\n}\n', severity: 'critical' },
    { name: 'Runtime.exec of a string built from a parameter', code: 'class Ops {\n    void f(HttpServletRequest req) throws IOException {\n        Runtime.getRuntime().exec("convert " + req.getParameter("file") + " out.png");\n    }\n}\n', severity: 'critical' },
    { name: 'pb.command with cmd /c', code: 'class Ops {\n    void f(ProcessBuilder pb, String line) { pb.command("cmd", "/c", line); }\n}\n' },
  ],
  valid: [
    { name: 'ProcessBuilder with separate arguments', code: 'class Ops {\n    void ping(@RequestParam String host) throws IOException {\n        new ProcessBuilder("ping", "-c", "1", host).start();\n    }\n}\n' },
    { name: 'sh -c with a constant', code: 'class Ops {\n    void f() throws IOException { new ProcessBuilder("sh", "-c", "make clean").start(); }\n}\n' },
    { name: 'Runtime.exec of a configured string', code: 'class Ops {\n    void f(String configuredCommand) throws IOException { Runtime.getRuntime().exec(configuredCommand); }\n}\n' },
  ],
});
