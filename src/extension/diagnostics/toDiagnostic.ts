import * as vscode from 'vscode';
import type { Finding, Severity, TextRange } from '../../core/model/finding';

export const DIAGNOSTIC_SOURCE = 'Agent Guard';

const SEVERITY_MAP: Record<Severity, vscode.DiagnosticSeverity> = {
  critical: vscode.DiagnosticSeverity.Error,
  high: vscode.DiagnosticSeverity.Error,
  medium: vscode.DiagnosticSeverity.Warning,
  low: vscode.DiagnosticSeverity.Information,
};

export function toRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.startLine - 1, range.startColumn - 1, range.endLine - 1, Math.max(range.endColumn - 1, 0));
}

/** A finding as the Problems panel shows it: masked message, rule id as code, related locations. */
export function toDiagnostic(finding: Finding, uri: vscode.Uri): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), `${finding.message} [${finding.severity}]`, SEVERITY_MAP[finding.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = finding.ruleId;
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(related.range)), related.message));
  }
  return diagnostic;
}
