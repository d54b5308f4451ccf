import * as vscode from 'vscode';
import { showRuleDocs } from '../diagnostics/ruleDocsProvider';
import { loadEngine } from '../engineLoader';
import type { Services } from '../services';

/** One row of Show Rules. */
export interface RuleRow {
  id: string;
  category: string;
  severity: string;
  enabled: boolean;
  summary: string;
}

/** Every rule with its category, effective severity and whether the settings leave it on. */
export function ruleRows(services: Services): RuleRow[] {
  const config = services.diagnostics.currentConfig;
  return loadEngine().allRules.map((rule) => {
    const override = config.ruleOverrides[rule.meta.id];
    const enabled = override !== 'off' && !config.disabledCategories.has(rule.meta.category);
    return {
      id: rule.meta.id,
      category: rule.meta.category,
      severity: override && override !== 'off' ? override : rule.meta.severity,
      enabled,
      summary: rule.meta.docs.summary,
    };
  });
}

/** "Agent Guard: Show Rules": a searchable list of every rule; choosing one opens its docs. */
export async function showRules(services: Services): Promise<RuleRow[]> {
  const rows = ruleRows(services);
  const items = rows.map((row) => ({
    label: `$(${row.enabled ? 'pass' : 'circle-slash'}) ${row.id}`,
    description: `${row.category} · ${row.severity} · ${row.enabled ? 'enabled' : 'disabled'}`,
    detail: row.summary,
    id: row.id,
  }));
  const picked = await vscode.window.showQuickPick(items, {
    title: `Agent Guard: ${rows.length} rule${rows.length === 1 ? '' : 's'} (${rows.filter((r) => r.enabled).length} enabled)`,
    placeHolder: 'Type to filter by id, category, severity or summary; Enter opens the rule\'s documentation',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (picked) await showRuleDocs(picked.id);
  return rows;
}
