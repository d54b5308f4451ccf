import { describe } from 'node:test';
import { ruleTable } from './ruleTester';

const ID = 'injection/command-injection';

describe(ID, () => {
  ruleTable(ID, {
    valid: [
      { name: 'execFile with an argument array', code: "const { execFile } = require('child_process');\napp.get('/', (req, res) => execFile('git', ['log', req.query.branch], cb));" },
      { name: 'spawn without a shell', code: "const cp = require('child_process');\napp.get('/', (req, res) => cp.spawn('convert', [req.query.file, 'out.png']));" },
      { name: 'exec of a literal', code: "const { exec } = require('child_process');\nexec('ls -la', cb);" },
      { name: 'exec of a quoted value', code: "const { exec } = require('child_process');\nconst { quote } = require('shell-quote');\napp.get('/', (req, res) => exec('ls ' + quote([req.query.dir]), cb));" },
      { name: 'a RegExp.exec is not a command', code: "app.get('/', (req, res) => /a(b)/.exec(req.query.s));" },
      { name: 'zx quotes interpolations', code: "import { $ } from 'zx';\nexport async function f(req) { await $`ls ${req.query.dir}`; }" },
      { name: 'an exec of another module', code: "import { exec } from './db';\napp.get('/', (req, res) => exec('select ' + req.query.q));" },
      { name: 'a local function named exec', code: "function exec(cmd) { return cmd.length; }\napp.get('/', (req, res) => exec('ls ' + req.query.q));" },
      { name: 'spawn with shell: false', code: "const { spawn } = require('child_process');\napp.get('/', (req, res) => spawn('ls ' + req.query.dir, { shell: false }));" },
    ],
    invalid: [
      { name: 'destructured alias of exec', code: "const { exec: run } = require('child_process');\napp.get('/', (req, res) => {\n  run(`tar czf out.tgz ${req.query.dir}`, cb); // <-\n});", severity: 'critical', message: 'query parameter `dir` flows into this shell command' },
      { name: 'namespace import of node:child_process', code: "import * as cp from 'node:child_process';\nexport function handler(req, res) {\n  cp.execSync('ping -c 1 ' + req.body.host); // <-\n}\napp.post('/ping', handler);" },
      { name: 'promisified exec', code: "const util = require('util');\nconst execAsync = util.promisify(require('child_process').exec);\napp.get('/', async (req, res) => {\n  await execAsync('git log ' + req.query.ref); // <-\n});" },
      { name: 'spawn with shell: true', code: "const { spawn } = require('child_process');\napp.get('/', (req, res) => {\n  spawn(`grep ${req.query.q} data.txt`, { shell: true }); // <-\n});" },
      { name: "spawn('sh', ['-c', cmd])", code: "const { spawn } = require('child_process');\napp.get('/', (req, res) => {\n  spawn('sh', ['-c', 'echo ' + req.query.msg]); // <-\n});" },
      { name: 'execFile with a shell', code: "const { execFile } = require('child_process');\napp.get('/', (req, res) => {\n  execFile('/bin/bash', ['-c', req.query.cmd]); // <-\n});" },
      { name: 'shelljs exec', code: "const shell = require('shelljs');\napp.get('/', (req, res) => {\n  shell.exec('rm -rf ' + req.query.path); // <-\n});" },
      { name: 'zx with sh -c', code: "import { $ } from 'zx';\nexport async function run(req) {\n  await $`sh -c ${req.body.script}`; // <-\n}\napp.post('/', run);" },
      { name: 'Bun.spawn with sh -c', code: "export function f(req) {\n  Bun.spawn(['sh', '-c', req.query.cmd]); // <-\n}\napp.get('/', f);" },
      { name: 'Deno.Command with sh -c', code: "export function f(req) {\n  new Deno.Command('sh', { args: ['-c', req.query.cmd] }).spawn(); // <-\n}\napp.get('/', f);" },
      { name: 'a non-literal of unknown origin', code: "import { exec } from 'child_process';\nexport function build(target) {\n  exec('make ' + target); // <-\n}", severity: 'medium' },
      { name: 'an import alias', code: "import { execSync as sh } from 'child_process';\napp.get('/', (req, res) => {\n  sh('du -sh ' + req.query.dir); // <-\n});" },
      { name: 'a member alias', code: "const cp = require('child_process');\nconst run = cp.exec;\napp.get('/', (req, res) => {\n  run('whois ' + req.query.domain); // <-\n});" },
      { name: 'destructuring from a namespace binding', code: "const cp = require('node:child_process');\nconst { execSync } = cp;\napp.get('/', (req, res) => {\n  execSync(`nslookup ${req.query.host}`); // <-\n});" },
      { name: 'require inline', code: "app.get('/', (req, res) => {\n  require('child_process').exec('ping ' + req.query.h); // <-\n});" },
      { name: 'process.argv', code: "const { execSync } = require('child_process');\nconst file = process.argv[2];\nexecSync(`cat ${file}`); // <-", message: 'command-line argument' },
    ],
  });
});
