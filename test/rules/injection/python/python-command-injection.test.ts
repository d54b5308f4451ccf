import { pythonCommandInjection } from '../../../../src/core/rules/injection/python-command-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(pythonCommandInjection, 'injection/python-command-injection', 'tools/ops.py', {
  invalid: [
    { name: 'os.system with request data', code: 'import os\nfrom flask import request\n\n@app.post("/ping")\ndef ping():\n    os.system("ping -c 1 " + request.form["host"])\n', severity: 'critical', line: 6 },
    { name: 'subprocess.run with shell=True and an f-string', code: 'import subprocess\n\ndef backup(folder):\n    subprocess.run(f"tar czf /tmp/b.tgz {folder}", shell=True, check=True)\n', severity: 'medium' },
    { name: 'an aliased module', code: 'import subprocess as sp\n\ndef f(cmd):\n    return sp.check_output(cmd, shell=True)\n', severity: 'medium' },
    { name: 'an imported function', code: 'from subprocess import Popen\n\ndef f(request):\n    Popen("convert " + request.args["file"], shell=True)\n', severity: 'critical' },
    { name: 'os.popen of a variable', code: 'import os\n\ndef du(path):\n    return os.popen("du -sh %s" % path).read()\n' },
    { name: 'subprocess.getoutput', code: 'import subprocess\n\ndef f(branch):\n    return subprocess.getoutput("git log " + branch)\n' },
  ],
  valid: [
    { name: 'an argument list without a shell', code: 'import subprocess\n\ndef f(folder):\n    subprocess.run(["tar", "czf", "/tmp/b.tgz", folder], check=True)\n' },
    { name: 'shell=True with a constant', code: 'import subprocess\n\nsubprocess.run("make clean && make", shell=True)\n' },
    { name: 'shell=False explicitly', code: 'import subprocess\n\ndef f(cmd):\n    subprocess.run(cmd, shell=False)\n' },
    { name: 'os.system of a constant', code: 'import os\nos.system("clear")\n' },
    { name: 'shlex.quote on the value', code: 'import os, shlex\n\ndef f(path):\n    os.system("ls " + shlex.quote(path))\n' },
  ],
});
