import { lexRegions, CODE } from '../text/lexer';
import type { Rule, RuleContext } from '../types';
import { codeView, isCodeMatch } from './defineConfigRule';

/** Protections whose presence in a file is worth noticing when a change takes them away. */
const PROTECTIONS: readonly { name: string; regex: RegExp }[] = [
  { name: 'helmet()', regex: /\bhelmet[ \t]*\(/g },
  { name: 'CSRF middleware (csurf / csrf())', regex: /\bcsurf\b|\bcsrf[ \t]*\(|\bcsrfProtection\b|\blusca\.csrf\b/g },
  { name: 'Django CsrfViewMiddleware', regex: /\bCsrfViewMiddleware\b/g },
  { name: 'Django SecurityMiddleware', regex: /\bSecurityMiddleware\b/g },
  { name: 'Flask-WTF CSRFProtect', regex: /\bCSRFProtect[ \t]*\(/g },
  { name: 'Flask-Talisman', regex: /\bTalisman[ \t]*\(/g },
];

/** Explicit switches that turn a protection off. */
const DISABLES: readonly RegExp[] = [
  /\.csrf[ \t]*\([ \t]*\)[ \t]*\.disable[ \t]*\(/g,
  /\bcsrf[ \t]*\([ \t]*(?:\w{1,30}[ \t]*->[ \t]*\w{1,30}\.disable[ \t]*\([ \t]*\)|AbstractHttpConfigurer::disable)/g,
  /@csrf_exempt\b/g,
  /\bWTF_CSRF_ENABLED[ \t]*=[ \t]*False\b/g,
  /["']?\bcontentSecurityPolicy["']?[ \t]*:[ \t]*false\b/g,
  /["']?\bcsrf["']?[ \t]*:[ \t]*false\b/g,
  /\bheaders[ \t]*\([ \t]*\)[ \t]*\.disable[ \t]*\(/g,
];

function presentInCode(text: string, regions: ReturnType<typeof lexRegions>, regex: RegExp): boolean {
  for (const match of text.matchAll(regex)) if (regions.kindAt(match.index) === CODE) return true;
  return false;
}

/**
 * helmet, CSRF protection or security middleware switched off, or removed by a change. Change-aware: a
 * removal can only be seen by comparing with the before-text, and it is reported at the first changed line.
 */
export const securityMiddlewareRemoved: Rule = {
  patterns: [...PROTECTIONS.map((p) => p.regex), ...DISABLES],
  meta: {
    id: 'config/security-middleware-removed',
    category: 'insecure-config',
    severity: 'high',
    confidence: 'medium',
    cwe: [693, 352],
    changeAware: true,
    languages: ['javascript', 'typescript', 'javascriptreact', 'typescriptreact', 'python', 'java', 'kotlin'],
    docs: {
      summary: 'helmet, CSRF protection or security middleware is switched off or removed',
      why: 'These layers stop cross-site request forgery, clickjacking and script injection for every route at once; removing them quietly reopens all of those attacks across the application.',
      fix: 'Keep the middleware; if one route needs an exception (a webhook, a public API), exempt that route only and protect it another way (a signature check, token auth).',
      example: { bad: 'http.csrf().disable();', good: 'http.csrf(csrf -> csrf.ignoringRequestMatchers("/webhooks/**"));' },
    },
    messages: {
      disabled: '`{{match}}` switches a security protection off',
      removed: 'This change removes {{name}} from the file',
    },
  },
  check(context: RuleContext) {
    const { regions, text } = codeView(context);
    for (const regex of DISABLES) {
      for (const match of text.matchAll(regex)) {
        const start = match.index;
        const end = start + match[0].length;
        if (!isCodeMatch(regions, start, end, 'code')) continue;
        if (context.change && !context.change.addedLines.has(context.lines.position(start).line)) continue;
        context.report({ messageId: 'disabled', data: { match: match[0].slice(0, 80) }, start, end, evidence: context.lines.lineText(context.lines.position(start).line).trim().slice(0, 200) });
      }
    }
    const before = context.change?.beforeText;
    if (before === undefined) return;
    const beforeRegions = lexRegions(before, context.language);
    for (const protection of PROTECTIONS) {
      if (!presentInCode(before, beforeRegions, protection.regex) || presentInCode(context.text, regions, protection.regex)) continue;
      const firstAdded = [...context.change!.addedLines].sort((a, b) => a - b)[0] ?? 1;
      const start = context.lines.lineStart(firstAdded);
      context.report({ messageId: 'removed', data: { name: protection.name }, start, end: start + context.lines.lineText(firstAdded).length, evidence: protection.name });
    }
  },
};
