import { pythonXss } from '../../../../src/core/rules/injection/python-xss';
import { ruleTable } from '../../../helpers/treeSitterRuleCases';

ruleTable(pythonXss, 'injection/python-xss', 'app/pages.py', {
  invalid: [
    { name: 'render_template_string of an f-string with a query value', code: 'from flask import request, render_template_string\n\n@app.route("/hello")\ndef hello():\n    name = request.args.get("name", "")\n    return render_template_string(f"<h1>Hello {name}</h1>")\n', severity: 'high', line: 6 },
    { name: 'Markup of concatenated data', code: 'from markupsafe import Markup\n\ndef badge(user):\n    return Markup("<b>" + user.name + "</b>")\n', severity: 'medium' },
    { name: 'mark_safe of a format string', code: 'from django.utils.safestring import mark_safe\n\ndef link(url, label):\n    return mark_safe("<a href=\'{}\'>{}</a>".format(url, label))\n', severity: 'medium' },
    { name: 'mark_safe of GET data', code: 'from django.utils.safestring import mark_safe\n\ndef view(request):\n    bio = request.GET["bio"]\n    return render(request, "p.html", {"bio": mark_safe(bio)})\n', severity: 'high' },
  ],
  valid: [
    { name: 'a constant template with variables', code: 'from flask import request, render_template_string\n\n@app.route("/hello")\ndef hello():\n    return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args.get("name"))\n' },
    { name: 'Markup of a constant', code: 'from markupsafe import Markup\nICON = Markup("<svg></svg>")\n' },
    { name: 'format_html', code: 'from django.utils.html import format_html\n\ndef link(url, label):\n    return format_html("<a href=\'{}\'>{}</a>", url, label)\n' },
    { name: 'Markup of escaped data', code: 'from markupsafe import Markup, escape\n\ndef badge(user):\n    return Markup("<b>" + escape(user.name) + "</b>")\n' },
  ],
});
