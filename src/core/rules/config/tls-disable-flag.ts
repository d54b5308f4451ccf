import type { RuleContext } from '../types';
import { SCRIPT_LANGUAGES, defineConfigRule } from './defineConfigRule';

const CURL = /\bcurl\b/g;
const SHORT_FLAGS_WITH_K = /^-[a-zA-Z]{0,8}k[a-zA-Z]{0,8}$/;

/** `curl -k`, `curl -sSkL`: a short-flag cluster holding k, before any pipe. */
function curlInsecure(context: RuleContext, start: number, matched: string): boolean {
  const { text } = context;
  const limit = Math.min(text.length, start + 400);
  let i = start + matched.length;
  while (i < limit) {
    const char = text[i];
    if (char === '\n' || char === '|') return false;
    if (char === ' ' || char === '\t') {
      i++;
      continue;
    }
    let end = i;
    while (end < limit && text[end] !== ' ' && text[end] !== '\t' && text[end] !== '\n' && text[end] !== '|') end++;
    if (text[i] === '-' && end - i <= 18 && SHORT_FLAGS_WITH_K.test(text.slice(i, end))) return true;
    i = end;
  }
  return false;
}

/** Command-line switches that turn TLS checks off, in scripts, CI, Dockerfiles, package scripts and YAML. */
export const tlsDisableFlag = defineConfigRule({
  id: 'config/tls-disable-flag',
  severity: 'high',
  cwe: [295],
  languages: [...SCRIPT_LANGUAGES, 'yaml', 'json', 'jsonc', 'toml'],
  keywords: ['--', 'curl', 'strict-ssl'],
  docs: {
    summary: 'A command disables TLS verification with a flag',
    why: 'Flags such as `curl -k`, `wget --no-check-certificate` or `pip --trusted-host` accept any certificate, so whoever sits on the network path can serve a different file or package, which then runs in the build.',
    fix: 'Drop the flag and make the certificate verifiable: install the proxy\'s or private CA\'s certificate in the image, or point the tool at it (`--cacert`, `REQUESTS_CA_BUNDLE`, `NODE_EXTRA_CA_CERTS`).',
    example: { bad: 'RUN curl -k https://internal.example/tool.sh -o tool.sh', good: 'RUN curl --cacert /etc/ssl/internal-ca.pem https://internal.example/tool.sh -o tool.sh' },
  },
  messages: {
    flag: '`{{match}}` turns off TLS certificate checks',
    curl: '`curl -k` accepts any certificate',
  },
  checks: [
    { regex: /(?:^|[\s"'=])(?:--disable-ssl(?:-verification)?|--no-check-certificate|--insecure|--no-ssl-verify|--ssl-no-verify|--insecure-skip-tls-verify(?:=true)?|--tls-verify=false|--skip-tls-verify|--trusted-host|--disable-tls-verification)\b/g, messageId: 'flag', valueIn: 'string' },
    { regex: /\bnpm[ \t]+config[ \t]+set[ \t]+strict-ssl[ \t]+false\b/g, messageId: 'flag', valueIn: 'string' },
    { regex: CURL, messageId: 'curl', valueIn: 'string', accept: curlInsecure },
  ],
  extraPatterns: [SHORT_FLAGS_WITH_K],
});
