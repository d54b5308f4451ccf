import * as vscode from 'vscode';
import type { Finding } from '../../core/model/finding';

/**
 * What a quick fix's command receives: the document and the stored finding (masked: it never holds a
 * secret). Tests and scripts may add the answer to the prompt (`reason`, `name`) to skip it.
 */
export interface FixArgs {
  uri: string;
  finding: Finding;
  /** "Ignore this finding": the reason, instead of asking. */
  reason?: string;
  /** "Move to environment variable": the variable name, instead of asking. */
  name?: string;
}

/** Validates a command argument at the edge: the command names what was wrong. */
export function parseFixArgs(command: string, value: unknown): FixArgs {
  const args = value as Partial<FixArgs> | undefined;
  if (!args || typeof args.uri !== 'string' || typeof args.finding?.ruleId !== 'string' || !args.finding.range) {
    throw new Error(`${command}: expected { uri, finding } from a quick fix`);
  }
  return args as FixArgs;
}

export async function documentOf(args: FixArgs): Promise<vscode.TextDocument> {
  return vscode.workspace.openTextDocument(vscode.Uri.parse(args.uri, true));
}

/** Document offsets of a finding's 1-based range. */
export function offsetsOf(document: vscode.TextDocument, finding: Finding): { start: number; end: number } {
  const start = document.offsetAt(new vscode.Position(finding.range.startLine - 1, finding.range.startColumn - 1));
  const end = document.offsetAt(new vscode.Position(finding.range.endLine - 1, Math.max(finding.range.endColumn - 1, 0)));
  return { start, end };
}
