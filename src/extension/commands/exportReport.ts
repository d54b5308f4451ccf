import * as vscode from 'vscode';
import type { ReportFormat, ReportSource } from '../report/renderReport';
import { REPORT_EXTENSIONS, REPORT_FORMATS, renderReport } from '../report/renderReport';
import type { Services } from '../services';

/** Arguments a caller may pass to skip the prompts. */
export interface ExportReportOptions {
  format?: ReportFormat;
  target?: vscode.Uri;
}

const FORMAT_ITEMS: { label: string; format: ReportFormat; detail: string }[] = [
  { label: 'SARIF', format: 'sarif', detail: 'SARIF 2.1.0 for GitHub code scanning and other tools' },
  { label: 'Markdown', format: 'markdown', detail: 'For pull requests, issues and wikis' },
  { label: 'HTML', format: 'html', detail: 'One self-contained page with a chart; loads and runs nothing' },
];

/**
 * "Agent Guard: Export Report": the last workspace or git scan (or, before any, what the Problems panel
 * shows from Agent Guard) as SARIF, Markdown or HTML. Returns the file written.
 */
export async function exportReport(services: Services, options: ExportReportOptions = {}): Promise<vscode.Uri | undefined> {
  const source: ReportSource = services.lastScan ?? { scope: 'open documents', at: new Date(), rows: services.diagnostics.allFindings() };
  let format = options.format && REPORT_FORMATS.includes(options.format) ? options.format : undefined;
  if (!format) {
    const picked = await vscode.window.showQuickPick(FORMAT_ITEMS, { title: `Agent Guard: export ${source.rows.length} finding${source.rows.length === 1 ? '' : 's'} (${source.scope})` });
    format = picked?.format;
  }
  if (!format) return undefined;
  let target = options.target;
  if (!target) {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `agent-guard-report.${REPORT_EXTENSIONS[format]}`;
    target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters: { [FORMAT_ITEMS.find((i) => i.format === format)!.label]: [REPORT_EXTENSIONS[format]] },
      title: 'Agent Guard: save report',
    });
  }
  if (!target) return undefined;
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(renderReport(format, source, services.version)));
  services.log.info(`exported a ${format} report of ${source.rows.length} findings to ${target.fsPath}`);
  if (!options.target) {
    void vscode.window.showInformationMessage(`Agent Guard: report saved to ${vscode.workspace.asRelativePath(target)}.`, 'Open').then((choice) => {
      if (choice) void vscode.commands.executeCommand('vscode.open', target);
    });
  }
  return target;
}
