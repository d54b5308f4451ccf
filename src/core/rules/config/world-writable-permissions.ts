import type { RuleContext } from '../types';
import { defineConfigRule } from './defineConfigRule';

const WORLD_MODE = /(?:\b0o?777\b|\b0o?666\b|["']777["']|["']666["']|\b511\b|\b438\b)/;

/** chmod(…, 0o777) and friends: the mode is somewhere in the call's first line. */
function worldWritableCall(context: RuleContext, start: number): boolean {
  const newline = context.text.indexOf('\n', start);
  const end = Math.min(start + 300, newline < 0 ? context.text.length : newline);
  return WORLD_MODE.test(context.text.slice(start, end));
}

/** Files or folders made writable by every user. */
export const worldWritablePermissions = defineConfigRule({
  id: 'config/world-writable-permissions',
  severity: 'medium',
  cwe: [732],
  keywords: ['chmod', 'rwxrwxrwx', 'umask'],
  docs: {
    summary: 'A file or folder is made writable by every user',
    why: 'Mode 777 (or 666) lets any local user or compromised service change the file: a script, a config or a binary that something later runs with more rights becomes an easy privilege escalation.',
    fix: 'Grant the least needed: 755 for executables and folders, 644 for files, 600 for secrets; give the owning user or group access instead of everyone.',
    example: { bad: 'chmod -R 777 /app', good: 'chown -R app:app /app && chmod -R 755 /app' },
  },
  messages: { world: '`{{match}}` makes it writable by every user' },
  checks: [
    { regex: /\bchmod[ \t]+(?:-[a-zA-Z]{1,5}[ \t]+){0,3}(?:0?777|0?666|a\+w|o\+w|a\+rwx|ugo\+rwx|o\+rwx)(?![\w+])/g, messageId: 'world', valueIn: 'string' },
    { regex: /\b(?:os\.)?[cC]hmod(?:Sync)?[ \t]*\(/g, messageId: 'world', valueIn: 'string', accept: worldWritableCall },
    { regex: /["']rwxrwxrwx["']|\bumask(?:[ \t]*\([ \t]*|[ \t]+)0{1,4}(?![\w.])/g, messageId: 'world', valueIn: 'string' },
  ],
  extraPatterns: [WORLD_MODE],
});
