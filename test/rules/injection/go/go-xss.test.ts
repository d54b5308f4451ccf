import { goXss } from '../../../../src/core/rules/injection/go-xss';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(goXss, 'injection/go-xss', 'web/profile.go', {
  invalid: [
    { name: 'template.HTML of a form value', code: 'package web\n\nimport "html/template"\n\nfunc profile(w http.ResponseWriter, r *http.Request) {\n\tbio := template.HTML(r.FormValue("bio"))\n\ttmpl.Execute(w, bio)\n}\n', severity: 'high', line: 6 },
    { name: 'template.HTML of concatenation', code: 'package web\n\nfunc badge(name string) template.HTML {\n\treturn template.HTML("<b>" + name + "</b>")\n}\n', severity: 'medium' },
    { name: 'an aliased html/template', code: 'package web\n\nimport ht "html/template"\n\nfunc badge(name string) ht.HTML {\n\treturn ht.HTML(fmt.Sprintf("<b>%s</b>", name))\n}\n' },
    { name: 'template.JS of request data', code: 'package web\n\nfunc f(r *http.Request) any { return template.JS("var q = \'" + r.URL.Query().Get("q") + "\'") }\n', severity: 'high' },
  ],
  valid: [
    { name: 'template.HTML of a constant', code: 'package web\n\nconst icon = template.HTML("<svg></svg>")\n' },
    { name: 'escaped data', code: 'package web\n\nfunc badge(name string) template.HTML {\n\treturn template.HTML("<b>" + template.HTMLEscapeString(name) + "</b>")\n}\n' },
    { name: 'a plain string passed to the template', code: 'package web\n\nfunc profile(w http.ResponseWriter, r *http.Request) {\n\ttmpl.Execute(w, map[string]string{"Bio": r.FormValue("bio")})\n}\n' },
  ],
});
