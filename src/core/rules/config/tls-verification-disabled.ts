import type { RuleContext } from '../types';
import { defineConfigRule } from './defineConfigRule';

const CHECK_SERVER_TRUSTED = /\bcheckServerTrusted\s*\(/g;

/** A trust manager whose checkServerTrusted body is empty trusts every certificate. */
function emptyBody(context: RuleContext, start: number): boolean {
  const text = context.text;
  const close = text.indexOf(')', start);
  const open = close < 0 ? -1 : text.indexOf('{', close);
  if (open < 0 || open - close > 200) return false;
  const end = text.indexOf('}', open);
  return end > 0 && end - open < 400 && text.slice(open + 1, end).split('\n').every((line) => line.trim() === '' || line.trim().startsWith('//'));
}

/** TLS certificate or host-name verification turned off, in code, config and environment. */
export const tlsVerificationDisabled = defineConfigRule({
  id: 'config/tls-verification-disabled',
  severity: 'high',
  cwe: [295],
  keywords: ['rejectunauthorized', 'node_tls_reject_unauthorized', 'verify', 'insecureskipverify', 'trust', 'hostnameverifier', 'cert_none', 'ssl', 'check_hostname', 'checkservertrusted'],
  docs: {
    summary: 'TLS certificate verification is turned off',
    why: 'Without certificate checks, anyone on the network path (public Wi-Fi, a compromised proxy, a hostile container neighbour) can impersonate the server, read the traffic and change it, including credentials and downloaded code.',
    fix: 'Leave verification on. For a private CA, pass its certificate (`ca:` in Node, `verify="/path/ca.pem"` in requests, `RootCAs` in Go, a trust store in Java) instead of disabling the check.',
    example: { bad: 'https.request(url, { rejectUnauthorized: false })', good: "https.request(url, { ca: fs.readFileSync('internal-ca.pem') })" },
  },
  messages: {
    node: '`{{match}}` turns off TLS certificate verification',
    env: '`{{match}}` turns off TLS certificate verification for the whole process',
    python: '`{{match}}` turns off TLS certificate verification',
    go: '`{{match}}` turns off TLS certificate verification',
    java: '`{{match}}` trusts every certificate or host name',
    config: '`{{match}}` turns off TLS certificate verification',
  },
  checks: [
    { regex: /["']?\brejectUnauthorized["']?[ \t]*[:=][ \t]*false\b/g, messageId: 'node' },
    { regex: /\bNODE_TLS_REJECT_UNAUTHORIZED["']?\]?[ \t]*[=:][ \t]*["']?0\b/g, messageId: 'env', valueIn: 'string' },
    { regex: /\bverify[ \t]*=[ \t]*False\b/g, messageId: 'python', languages: ['python'], unless: /\bjwt\b|verify_signature/ },
    { regex: /\bssl\._create_unverified_context\b/g, messageId: 'python', languages: ['python'] },
    { regex: /\b(?:cert_reqs|verify_mode)[ \t]*=[ \t]*(?:ssl\.)?CERT_NONE\b/g, messageId: 'python', languages: ['python'] },
    { regex: /\bcheck_hostname[ \t]*=[ \t]*False\b/g, messageId: 'python', languages: ['python'] },
    { regex: /\bInsecureSkipVerify[ \t]*:[ \t]*true\b/g, messageId: 'go' },
    { regex: /\b(?:TrustAllStrategy|TrustSelfSignedStrategy|NoopHostnameVerifier|ALLOW_ALL_HOSTNAME_VERIFIER|InsecureTrustManagerFactory)\b/g, messageId: 'java', languages: ['java', 'kotlin'] },
    { regex: CHECK_SERVER_TRUSTED, messageId: 'java', languages: ['java', 'kotlin'], accept: emptyBody },
    { regex: /\bstrict-ssl[ \t]*=[ \t]*false\b/g, messageId: 'config' },
    { regex: /\b(?:http\.)?sslVerify[ \t]*=[ \t]*false\b/gi, messageId: 'config' },
    { regex: /\b(?:GIT_SSL_NO_VERIFY|CURL_INSECURE)[ \t]*[=:][ \t]*["']?(?:1|true)\b/g, messageId: 'env', valueIn: 'string' },
    { regex: /\bPYTHONHTTPSVERIFY[ \t]*[=:][ \t]*["']?0\b/g, messageId: 'env', valueIn: 'string' },
    { regex: /\b(?:ssl_verify|verify_ssl|tls_verify|ssl-verify|verify-ssl|tlsVerify|sslVerification|SSL_VERIFY|VERIFY_SSL|TLS_VERIFY)["']?[ \t]*[:=][ \t]*["']?(?:false|False|FALSE)\b/g, messageId: 'config', valueIn: 'string' },
    { regex: /\b(?:insecure_skip_verify|insecure-skip-tls-verify|skip_tls_verify|tlsInsecure|tlsAllowInvalidCertificates|allowInsecure|INSECURE_SKIP_VERIFY)["']?[ \t]*[:=][ \t]*["']?(?:true|True|TRUE)\b/g, messageId: 'config', valueIn: 'string' },
  ],
});
