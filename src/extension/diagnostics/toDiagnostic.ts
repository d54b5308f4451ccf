import * as vscode from 'vscode';
import type { Finding, Severity, TextRange } from '../../core/model/finding';
import type { DiagnosticLevel } from '../configModel';
import { DEFAULT_SEVERITY_MAP } from '../configModel';
import { ruleDocsUri } from './ruleDocsProvider';

export const DIAGNOSTIC_SOURCE = 'Agent Guard';

const LEVELS: Record<DiagnosticLevel, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toRange(range: TextRange): vscode.Range {
  return new vscode.Range(range.startLine - 1, range.startColumn - 1, range.endLine - 1, Math.max(range.endColumn - 1, 0));
}

/**
 * A finding as the Problems panel shows it: masked message, the rule id as code linking to the rule's
 * docs, the severity through the configured map, related locations (e.g. the source of tainted data).
 */
export function toDiagnostic(finding: Finding, uri: vscode.Uri, severityMap: Readonly<Record<Severity, DiagnosticLevel>> = DEFAULT_SEVERITY_MAP): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(finding.range), `${finding.message} [${finding.severity}]`, LEVELS[severityMap[finding.severity]]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = { value: finding.ruleId, target: ruleDocsUri(finding.ruleId) };
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => new vscode.DiagnosticRelatedInformation(new vscode.Location(uri, toRange(related.range)), related.message));
  }
  return diagnostic;
}

/** The rule id of one of our diagnostics, whatever shape its code has. */
export function ruleIdOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  if (typeof code === 'string') return code;
  if (typeof code === 'object' && code !== null) return String(code.value);
  return undefined;
}

/**
 * The key a diagnostic's finding is stored under, computed from what survives the round trip through
 * the Problems panel (rule, range, message), so quick fixes look the finding up instead of rescanning.
 */
export function diagnosticKey(diagnostic: vscode.Diagnostic): string {
  const r = diagnostic.range;
  return `${ruleIdOf(diagnostic) ?? ''}|${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}|${diagnostic.message}`;
}
