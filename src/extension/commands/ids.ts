/** Every command id, in one place; package.json's contributes.commands lists the palette ones. */
export const COMMANDS = {
  scanCurrentFile: 'agentGuard.scanCurrentFile',
  scanWorkspace: 'agentGuard.scanWorkspace',
  scanUncommittedChanges: 'agentGuard.scanUncommittedChanges',
  scanStagedChanges: 'agentGuard.scanStagedChanges',
  exportReport: 'agentGuard.exportReport',
  showRules: 'agentGuard.showRules',
  showRuleDocs: 'agentGuard.showRuleDocs',
  toggleLiveDiagnostics: 'agentGuard.toggleLiveDiagnostics',
  openSettings: 'agentGuard.openSettings',
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
  toggleGuard: 'agentGuard.toggleGuard',
  guardStatus: 'agentGuard.guardStatus',
  verifyAuditLog: 'agentGuard.verifyAuditLog',
  exportAuditLog: 'agentGuard.exportAuditLog',
  findingsGroupBy: 'agentGuard.findings.groupBy',
  findingsFilter: 'agentGuard.findings.filter',
  findingsClearFilter: 'agentGuard.findings.clearFilter',
  incidentReport: 'agentGuard.incidentReport',
  purgeOldData: 'agentGuard.purgeOldData',
  lockdown: 'agentGuard.lockdown',
  releaseLockdown: 'agentGuard.releaseLockdown',
  revertChangesSince: 'agentGuard.revertChangesSince',
  showLastAlert: 'agentGuard.showLastAlert',
  explainDecision: 'agentGuard.explainDecision',
  updateVulnerabilityData: 'agentGuard.updateVulnerabilityData',
  vulnerabilityDataStatus: 'agentGuard.vulnerabilityDataStatus',
} as const;

/**
 * Commands behind quick fixes. They take the stored finding as their argument, so they are hidden from
 * the command palette (contributes.menus.commandPalette, `when: false`).
 */
export const FIX_COMMANDS = {
  ignoreFinding: 'agentGuard.fix.ignoreFinding',
  addToBaseline: 'agentGuard.fix.addToBaseline',
  disableRule: 'agentGuard.fix.disableRule',
  moveToEnvironmentVariable: 'agentGuard.fix.moveToEnvironmentVariable',
} as const;

/** The findings view's id (contributes.views). */
export const FINDINGS_VIEW_ID = 'agentGuard.findings';
