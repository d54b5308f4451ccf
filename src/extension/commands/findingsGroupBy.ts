import * as vscode from 'vscode';
import type { GroupBy } from '../findingsTree/findingsTreeProvider';
import { GROUP_BY } from '../findingsTree/findingsTreeProvider';
import type { Services } from '../services';

/** Findings view: group by category, severity or file. */
export async function findingsGroupBy(services: Services, groupBy?: unknown): Promise<void> {
  let choice = GROUP_BY.find((g) => g === groupBy);
  if (!choice) {
    const picked = await vscode.window.showQuickPick(
      GROUP_BY.map((g) => ({ label: g, description: g === services.findingsTree.grouping ? 'current' : undefined })),
      { title: 'Agent Guard: group findings by' },
    );
    choice = picked?.label as GroupBy | undefined;
  }
  if (choice) services.findingsTree.setGroupBy(choice);
}
