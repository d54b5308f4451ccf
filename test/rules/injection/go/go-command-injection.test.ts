import { goCommandInjection } from '../../../../src/core/rules/injection/go-command-injection';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(goCommandInjection, 'injection/go-command-injection', 'cmd/server/ping.go', {
  invalid: [
    { name: 'sh -c with a query parameter', code: 'package main\n\nfunc ping(w http.ResponseWriter, r *http.Request) {\n\thost := r.URL.Query().Get("host")\n\tout, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()\n\tw.Write(out)\n}\n', severity: 'critical', line: 5 },
    { name: 'bash -c with Sprintf', code: 'package main\n\nfunc archive(dir string) error {\n\treturn exec.Command("bash", "-c", fmt.Sprintf("tar czf out.tgz %s", dir)).Run()\n}\n', severity: 'medium' },
    { name: 'CommandContext with /bin/sh', code: 'package main\n\nfunc run(ctx context.Context, line string) error {\n\treturn exec.CommandContext(ctx, "/bin/sh", "-c", line).Run()\n}\n', severity: 'medium' },
    { name: 'a program chosen by gin request data', code: 'package main\n\nfunc tool(c *gin.Context) {\n\texec.Command(c.Query("tool"), "--version").Run()\n}\n', severity: 'critical' },
  ],
  valid: [
    { name: 'separate arguments', code: 'package main\n\nfunc ping(r *http.Request) {\n\texec.Command("ping", "-c", "1", r.FormValue("host")).Run()\n}\n' },
    { name: 'sh -c with a constant', code: 'package main\n\nfunc build() { exec.Command("sh", "-c", "make clean && make").Run() }\n' },
    { name: 'a configured program', code: 'package main\n\nfunc run(bin string, args []string) { exec.Command(bin, args...).Run() }\n' },
  ],
});
