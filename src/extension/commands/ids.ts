/** Every command id, in one place; package.json's contributes.commands lists the same ids. */
export const COMMANDS = {
  scanCurrentFile: 'agentGuard.scanCurrentFile',
  showOutput: 'agentGuard.showOutput',
  openReview: 'agentGuard.openReview',
  proposeChanges: 'agentGuard.proposeChanges',
  revertLastApproved: 'agentGuard.revertLastApproved',
  approveChangeSet: 'agentGuard.approveChangeSet',
  rejectChangeSet: 'agentGuard.rejectChangeSet',
  approveFile: 'agentGuard.approveFile',
  rejectFile: 'agentGuard.rejectFile',
  approveHunk: 'agentGuard.approveHunk',
  rejectHunk: 'agentGuard.rejectHunk',
  pendingChanges: 'agentGuard.pendingChanges',
  connectClaudeCode: 'agentGuard.connectClaudeCode',
  connectCodex: 'agentGuard.connectCodex',
  connectVsCodeHooks: 'agentGuard.connectVsCodeHooks',
} as const;
