import { defineConfigRule } from './defineConfigRule';

const NON_PRODUCTION_PATH = /(?:^|[/._-])(?:dev|development|local|test|tests|testing|example|sample)(?:[/._-]|$)/i;
const RUN_CALL = /\.run[ \t]*\(/;

/** Debug mode switched on in code or in production settings. */
export const debugInProduction = defineConfigRule({
  id: 'config/debug-in-production',
  severity: 'medium',
  cwe: [489, 215],
  languages: ['python', 'javascript', 'typescript', 'dotenv', 'properties', 'yaml', 'ini', 'dockerfile', 'toml'],
  keywords: ['debug'],
  docs: {
    summary: 'Debug mode on in production settings',
    why: 'Debug mode shows stack traces, settings and secrets to anyone who triggers an error, and the Werkzeug debugger behind `app.run(debug=True)` lets a visitor run arbitrary Python on the server.',
    fix: 'Read debug from the environment and default it to off (`DEBUG = os.environ.get("DEBUG") == "1"`); never enable the interactive debugger where others can reach it.',
    example: { bad: 'app.run(host="0.0.0.0", debug=True)', good: 'app.run(debug=os.environ.get("FLASK_DEBUG") == "1")' },
  },
  messages: {
    runDebug: '`{{match}}` starts the interactive debugger, which runs code sent to it',
    settingDebug: '`{{match}}` turns debug mode on in production settings',
  },
  skipPath: NON_PRODUCTION_PATH,
  checks: [
    { regex: /\bdebug[ \t]*=[ \t]*True\b/g, messageId: 'runDebug', languages: ['python'], context: RUN_CALL, severity: 'high' },
    { regex: /\bapp\.debug[ \t]*=[ \t]*True\b/g, messageId: 'runDebug', languages: ['python'], severity: 'high' },
    { regex: /^[ \t]*DEBUG[ \t]*=[ \t]*True\b/gm, messageId: 'settingDebug', languages: ['python'] },
    { regex: /^[ \t]*(?:DEBUG|FLASK_DEBUG|DJANGO_DEBUG|APP_DEBUG)[ \t]*=[ \t]*["']?(?:1|true|True|on)\b/gm, messageId: 'settingDebug', languages: ['dotenv', 'dockerfile', 'properties', 'ini'], valueIn: 'string' },
    { regex: /^[ \t]*ENV[ \t]+(?:DEBUG|FLASK_DEBUG|APP_DEBUG)(?:=|[ \t])["']?(?:1|true|True|on)\b/gm, messageId: 'settingDebug', languages: ['dockerfile'], valueIn: 'string' },
    { regex: /^[ \t]*["']?debug["']?[ \t]*:[ \t]*true\b/gm, messageId: 'settingDebug', languages: ['yaml', 'toml'] },
  ],
  extraPatterns: [NON_PRODUCTION_PATH],
});
