import type { RuleContext } from '../types';
import { codeView, defineConfigRule, isCodeMatch } from './defineConfigRule';

const CREDENTIALS = /(?:["']?\bcredentials["']?[ \t]*:[ \t]*true\b|\bsupports_credentials[ \t]*=[ \t]*True\b|\bCORS_ALLOW_CREDENTIALS[ \t]*=[ \t]*True\b|\bAllowCredentials[ \t]*:[ \t]*true\b|\ballowCredentials[ \t]*\([ \t]*true[ \t]*\)|Access-Control-Allow-Credentials["']?[ \t]*[,:][ \t]*["']?true)/g;
const WINDOW = 800;

/** True when a credentials switch is set within a few hundred characters of the wildcard. */
function nearCredentials(context: RuleContext, start: number, matched: string): boolean {
  // Every credentials switch of the file, found once; each wildcard then looks for one nearby.
  const positions = context.shared('config/cors-credentials', () => {
    const { regions, text } = codeView(context);
    const found: number[] = [];
    for (const match of text.matchAll(CREDENTIALS)) {
      if (isCodeMatch(regions, match.index, match.index + match[0].length, 'code')) found.push(match.index);
    }
    return found;
  });
  let low = 0;
  let high = positions.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (positions[mid] < start - WINDOW) low = mid + 1;
    else high = mid;
  }
  return low < positions.length && positions[low] <= start + matched.length + WINDOW;
}

/** CORS that accepts any origin (or reflects it) and also allows credentials. */
export const corsWildcardCredentials = defineConfigRule({
  id: 'config/cors-wildcard-credentials',
  severity: 'high',
  cwe: [942, 346],
  keywords: ['origin', 'cors'],
  docs: {
    summary: 'CORS allows any origin together with credentials',
    why: 'With credentials allowed, a page on any site can make requests with the user\'s cookies and read the answers: whatever the user can see in your API, a malicious site can read too.',
    fix: 'List the exact origins that may call the API (`origin: [\'https://app.example.com\']`) or drop credentials for public endpoints; never reflect the request\'s Origin header.',
    example: { bad: "app.use(cors({ origin: true, credentials: true }))", good: "app.use(cors({ origin: ['https://app.example.com'], credentials: true }))" },
  },
  messages: { wildcard: '`{{match}}` lets any site make credentialed requests' },
  checks: [
    { regex: /["']?\borigin["']?[ \t]*:[ \t]*(?:["']\*["']|true\b)/g, messageId: 'wildcard', valueIn: 'string', accept: nearCredentials },
    { regex: /\borigins?[ \t]*=[ \t]*(?:["']\*["']|\[[ \t]*["']\*["'])/g, messageId: 'wildcard', valueIn: 'string', accept: nearCredentials },
    { regex: /\bCORS_(?:ORIGIN_ALLOW_ALL|ALLOW_ALL_ORIGINS)[ \t]*=[ \t]*True\b/g, messageId: 'wildcard', accept: nearCredentials },
    { regex: /\bAllowAllOrigins[ \t]*:[ \t]*true\b/g, messageId: 'wildcard', accept: nearCredentials },
    { regex: /\bAllowOrigins[ \t]*:[ \t]*\[\]string\{[ \t]*"\*"/g, messageId: 'wildcard', valueIn: 'string', accept: nearCredentials },
    { regex: /\ballowedOrigin(?:s|Patterns)[ \t]*\([ \t]*"\*"/g, messageId: 'wildcard', valueIn: 'string', accept: nearCredentials },
    { regex: /[Aa]ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin["']?[ \t]*[,:][ \t]*["']\*["']/g, messageId: 'wildcard', valueIn: 'string', accept: nearCredentials },
    { regex: /[Aa]ccess-[Cc]ontrol-[Aa]llow-[Oo]rigin["']?[ \t]*[,:][ \t]*(?:req|request)\.headers\b/g, messageId: 'wildcard', valueIn: 'string', accept: nearCredentials },
  ],
  extraPatterns: [CREDENTIALS],
});
