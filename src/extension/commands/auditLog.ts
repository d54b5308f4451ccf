import * as vscode from 'vscode';
import type { AuditEntry } from '../../core/audit/auditLog';
import { writeFileAtomic } from '../../core/fs/atomicWrite';
import { loadEngine } from '../engineLoader';
import type { ReviewGate } from '../review/reviewWiring';

/** "Agent Guard: Verify Audit Log": checks the hash chain and names the first broken entry. */
export async function verifyAuditLog(gate: ReviewGate): Promise<boolean> {
  const result = await loadEngine().verifyAuditDirectory(gate.auditDirectory);
  if (result.ok) {
    void vscode.window.showInformationMessage(`Agent Guard: the audit log is intact (${result.entries} entr${result.entries === 1 ? 'y' : 'ies'} verified${result.anchoredAt ? `, from entry ${result.anchoredAt.seq}: older entries were purged behind a checkpoint or rotated out` : ''}).`);
    return true;
  }
  const broken = result.firstBroken;
  void vscode.window.showErrorMessage(
    `Agent Guard: the audit log was changed. First broken entry: ${broken ? `${broken.file} line ${broken.line}${broken.seq !== undefined ? ` (entry ${broken.seq})` : ''}: ${broken.reason}` : 'unknown'}.`,
  );
  return false;
}

/** "Agent Guard: Export Audit Log": JSON (with the verification result) or CSV, written atomically. */
export async function exportAuditLog(gate: ReviewGate): Promise<vscode.Uri | undefined> {
  const format = await vscode.window.showQuickPick(['JSON', 'CSV'], { title: 'Export the audit log as' });
  if (!format) return undefined;
  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.joinPath(vscode.Uri.file(gate.workspaceRoot), `agent-guard-audit.${format.toLowerCase()}`),
    filters: format === 'JSON' ? { JSON: ['json'] } : { CSV: ['csv'] },
  });
  if (!target) return undefined;
  const engine = loadEngine();
  const entries = (await engine.readAuditLines(gate.auditDirectory)).map((line) => JSON.parse(line) as AuditEntry);
  const text = format === 'JSON' ? engine.exportAuditJson(entries, await engine.verifyAuditDirectory(gate.auditDirectory)) : engine.exportAuditCsv(entries);
  await writeFileAtomic(target.fsPath, text);
  void vscode.window.showInformationMessage(`Agent Guard: exported ${entries.length} audit entr${entries.length === 1 ? 'y' : 'ies'} to ${vscode.workspace.asRelativePath(target)}.`);
  return target;
}
