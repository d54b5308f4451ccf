import { defineConfigRule } from './defineConfigRule';

const ADMIN_CONTEXT = /admin|debug|inspect|pprof|metrics|management|actuator|console|dashboard|jmx|jupyter|notebook|jdwp|internal|profil/i;

/** Admin, debug or profiling endpoints bound to every network interface. */
export const bindAllInterfaces = defineConfigRule({
  id: 'config/bind-all-interfaces',
  severity: 'medium',
  confidence: 'medium',
  cwe: [1327, 668],
  keywords: ['0.0.0.0', 'address=*'],
  docs: {
    summary: 'An admin, debug or profiling endpoint listens on all interfaces',
    why: 'Debuggers (Node --inspect, debugpy, JDWP), profilers and admin consoles let whoever connects run code or read memory; bound to 0.0.0.0 they are reachable from the whole network, not only from this machine.',
    fix: 'Bind such endpoints to 127.0.0.1 (and reach them through an SSH tunnel or `kubectl port-forward`), or put them behind authentication on a private network.',
    example: { bad: 'node --inspect=0.0.0.0:9229 server.js', good: 'node --inspect=127.0.0.1:9229 server.js' },
  },
  messages: { exposed: '`{{match}}` exposes an admin or debug endpoint to the network' },
  checks: [
    { regex: /\b0\.0\.0\.0\b/g, messageId: 'exposed', valueIn: 'string', context: ADMIN_CONTEXT },
    { regex: /\baddress=\*:\d{1,5}\b/g, messageId: 'exposed', valueIn: 'string', severity: 'high' },
    { regex: /--inspect(?:-brk)?=0\.0\.0\.0\b/g, messageId: 'exposed', valueIn: 'string', severity: 'high' },
  ],
});
