import * as vscode from 'vscode';
import type { Finding } from '../../core/model/finding';
import { compareFindings } from '../../core/model/finding';
import type { SkippedFile } from '../../core/scan/input';
import { loadEngine } from '../engineLoader';

export type ReportFormat = 'sarif' | 'markdown' | 'html';
export const REPORT_FORMATS: readonly ReportFormat[] = ['sarif', 'markdown', 'html'];
export const REPORT_EXTENSIONS: Record<ReportFormat, string> = { sarif: 'sarif', markdown: 'md', html: 'html' };

export interface ReportSource {
  scope: string;
  at: Date;
  rows: readonly { uri: vscode.Uri; finding: Finding }[];
  skipped?: readonly SkippedFile[];
  filesScanned?: number;
  partial?: boolean;
}

/**
 * Renders findings as SARIF 2.1.0, Markdown or self-contained HTML. Paths are made relative to the
 * workspace (with the folder name in multi-root workspaces), as in the CLI's reports.
 */
export function renderReport(format: ReportFormat, source: ReportSource, toolVersion: string): string {
  const engine = loadEngine();
  const findings = source.rows.map(({ uri, finding }) => ({ ...finding, file: vscode.workspace.asRelativePath(uri, (vscode.workspace.workspaceFolders?.length ?? 0) > 1) })).sort(compareFindings);
  switch (format) {
    case 'sarif':
      return `${JSON.stringify(engine.toSarif(findings, { toolVersion, rules: engine.allRules, skipped: source.skipped }), null, 2)}\n`;
    case 'markdown':
      return engine.toMarkdown({ findings, skipped: source.skipped, toolVersion, generatedAt: source.at, scope: source.scope, filesScanned: source.filesScanned, partial: source.partial });
    case 'html':
      return engine.toHtml({ findings, skipped: source.skipped, toolVersion, generatedAt: source.at, scope: source.scope, filesScanned: source.filesScanned, partial: source.partial });
  }
}
