import type { ParseError } from 'jsonc-parser';
import { parse as parseJsonc } from 'jsonc-parser';
import type { AgentPolicy } from './policy';

/**
 * The rules Agent Guard ships for every agent on every road. They keep the things no agent needs for a
 * coding task out of reach: credentials, git's own folder, and Agent Guard's own policy, suppressions and
 * settings (an agent that could edit those could switch its own review off). CI workflows and editor
 * settings are asked about, not denied: agents do edit them, but a person must look.
 *
 * Only the user's own policy can turn them off (`"defaults": false`); a workspace policy cannot.
 */
export const SHIPPED_RULES: AgentPolicy = {
  agent: '*',
  rules: [
    { id: 'deny-env-files', action: 'deny', paths: ['.env*'], reason: 'environment files hold credentials; no agent may change them' },
    { id: 'deny-git-folder', action: 'deny', paths: ['.git/**'], reason: "git's own folder runs hooks; no agent may change it" },
    {
      id: 'deny-agent-guard-files',
      action: 'deny',
      paths: ['.agent-guard/**', '.agent-guardignore', '.agent-guard-baseline.json', '.gitleaksignore'],
      reason: "Agent Guard's own policy and suppression files decide what is reviewed; no agent may change them",
    },
    {
      id: 'deny-agent-guard-settings',
      action: 'deny',
      paths: ['.vscode/settings.json', '*.code-workspace'],
      content: 'agentGuardSettings',
      reason: "Agent Guard's settings (agentGuard.*) decide what is reviewed; no agent may change them",
    },
    { id: 'ask-ci-workflows', action: 'ask', paths: ['.github/**'], reason: 'CI workflows run with repository secrets; a person reviews every change' },
    { id: 'ask-editor-settings', action: 'ask', paths: ['.vscode/**'], reason: 'editor tasks, launch configurations and settings can run code; a person reviews every change' },
  ],
};

/**
 * True when a change to a settings file (`.vscode/settings.json` or a `.code-workspace`) changes any
 * `agentGuard.*` setting, or when either side does not parse (then nobody can tell, so it counts).
 */
export function changesAgentGuardSettings(before: string | undefined, after: string | undefined): boolean {
  const read = (text: string | undefined): string | undefined | 'invalid' => {
    if (text === undefined) return undefined;
    const errors: ParseError[] = [];
    const value: unknown = parseJsonc(text, errors, { allowTrailingComma: true, disallowComments: false });
    if (errors.length || !value || typeof value !== 'object' || Array.isArray(value)) return text.trim() === '' ? undefined : 'invalid';
    // A .code-workspace file keeps its settings under "settings".
    const record = value as Record<string, unknown>;
    const settings = record.settings && typeof record.settings === 'object' && !Array.isArray(record.settings) ? { ...record, ...(record.settings as Record<string, unknown>) } : record;
    const isOurs = (key: string) => key === 'agentGuard' || key.startsWith('agentGuard.');
    const ours = Object.keys(settings)
      .sort()
      .flatMap((key): [string, unknown][] => {
        if (isOurs(key)) return [[key, settings[key]]];
        // Language-specific blocks ("[typescript]": { … }) may hold our keys too.
        const block = settings[key];
        if (key.startsWith('[') && block && typeof block === 'object' && !Array.isArray(block)) {
          return Object.keys(block).filter(isOurs).sort().map((inner) => [`${key}.${inner}`, (block as Record<string, unknown>)[inner]]);
        }
        return [];
      });
    return JSON.stringify(ours);
  };
  const a = read(before);
  const b = read(after);
  if (a === 'invalid' || b === 'invalid') return true;
  return (a ?? '[]') !== (b ?? '[]');
}
