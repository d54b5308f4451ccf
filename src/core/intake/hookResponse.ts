/** The hook's answer, in the PreToolUse output format Claude Code defined. */
export type PermissionDecision = 'allow' | 'deny' | 'ask';

export interface HookAnswer {
  decision: PermissionDecision;
  reason: string;
  updatedInput?: Record<string, unknown>;
}

/** The JSON printed on stdout (exit code 0). */
export function hookOutput(answer: HookAnswer): string {
  return `${JSON.stringify({
    hookSpecificOutput: {
      hookEventName: 'PreToolUse',
      permissionDecision: answer.decision,
      permissionDecisionReason: answer.reason,
      ...(answer.updatedInput ? { updatedInput: answer.updatedInput } : {}),
    },
  })}\n`;
}
