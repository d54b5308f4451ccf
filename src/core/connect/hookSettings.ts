import type { FormattingOptions, ParseError } from 'jsonc-parser';
import { applyEdits, modify, parse, printParseErrorCode } from 'jsonc-parser';

/** The agents whose hook settings Agent Guard can write. */
export type HookTarget = 'claude' | 'codex' | 'vscode';

export interface HookTargetInfo {
  label: string;
  /** The agent name the hook reports to the review panel. */
  agent: string;
  /** Tool names the hook should see; others never reach it. */
  matcher: string;
  /** What the person should know after connecting. */
  note: string;
}

export const HOOK_TARGETS: Record<HookTarget, HookTargetInfo> = {
  claude: {
    label: 'Claude Code',
    agent: 'Claude Code',
    matcher: 'Write|Edit|MultiEdit',
    note: 'Claude Code reads .claude/settings.local.json when it starts; restart running sessions.',
  },
  codex: {
    label: 'Codex',
    agent: 'Codex',
    matcher: 'apply_patch',
    note: 'Codex runs a new hook only after you trust it: run /hooks in Codex once.',
  },
  vscode: {
    label: 'VS Code agent hooks',
    agent: 'VS Code agent',
    matcher: '',
    note: 'VS Code agent hooks are a preview feature; enable chat hooks in your settings if they are off.',
  },
};

/** Marks our entries, so connecting twice replaces rather than duplicates. */
export const HOOK_MARKER = 'agent-guard-hook';

const FORMAT: FormattingOptions = { insertSpaces: true, tabSize: 2, eol: '\n' };

/** The hook command: the stable launcher, the `hook` subcommand and the agent's name. */
export function hookCommand(launcher: string, target: HookTarget): string {
  return `"${launcher}" hook --agent "${HOOK_TARGETS[target].agent}"`;
}

/**
 * Adds (or replaces) Agent Guard's PreToolUse entry in a settings file's text, keeping every other
 * setting and the file's comments. Throws when the existing file is not valid JSON, rather than risk it.
 */
export function withHookEntry(existing: string | undefined, target: HookTarget, launcher: string, timeoutSeconds = 600): string {
  const text = existing && existing.trim() ? existing : '{}\n';
  const errors: ParseError[] = [];
  const current = parse(text, errors, { allowTrailingComma: true, disallowComments: false }) as Record<string, unknown> | undefined;
  if (errors.length || typeof current !== 'object' || current === null || Array.isArray(current)) {
    const first = errors[0];
    throw new Error(first ? `the file is not valid JSON (${printParseErrorCode(first.error)} at offset ${first.offset}); fix it first` : 'the file does not hold a JSON object');
  }
  const command = hookCommand(launcher, target);
  const hooks = (current.hooks ?? {}) as Record<string, unknown>;
  const preToolUse = Array.isArray(hooks.PreToolUse) ? [...(hooks.PreToolUse as unknown[])] : [];
  const ours = (entry: unknown): boolean => JSON.stringify(entry).includes(HOOK_MARKER) || JSON.stringify(entry).includes(' hook --agent ');
  const kept = preToolUse.filter((entry) => !ours(entry));
  const entry =
    target === 'vscode'
      ? { type: 'command', command, timeout: timeoutSeconds, env: { AGENT_GUARD: HOOK_MARKER } }
      : { matcher: HOOK_TARGETS[target].matcher, hooks: [{ type: 'command', command, timeout: timeoutSeconds }] };
  const edits = modify(text, ['hooks', 'PreToolUse'], [...kept, entry], { formattingOptions: FORMAT });
  const result = applyEdits(text, edits);
  return result.endsWith('\n') ? result : `${result}\n`;
}

/** The launcher script that finds a Node.js to run the CLI with, so the hook keeps working across extension updates. */
export function launcherScript(cliPath: string, fallbackRuntime: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32') {
    return [
      '@echo off',
      'rem Written by Agent Guard: runs its CLI with Node.js, or with VS Code\'s own runtime when Node.js is missing.',
      'where node >nul 2>nul',
      `if %errorlevel%==0 ( node "${cliPath}" %* ) else ( set ELECTRON_RUN_AS_NODE=1 & "${fallbackRuntime}" "${cliPath}" %* )`,
      '',
    ].join('\r\n');
  }
  return [
    '#!/bin/sh',
    "# Written by Agent Guard: runs its CLI with Node.js, or with VS Code's own runtime when Node.js is missing.",
    'if command -v node >/dev/null 2>&1; then',
    `  exec node '${cliPath.replace(/'/g, "'\\''")}' "$@"`,
    'fi',
    `ELECTRON_RUN_AS_NODE=1 exec '${fallbackRuntime.replace(/'/g, "'\\''")}' '${cliPath.replace(/'/g, "'\\''")}' "$@"`,
    '',
  ].join('\n');
}
