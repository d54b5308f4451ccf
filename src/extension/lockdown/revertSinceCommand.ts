import * as vscode from 'vscode';
import type { ApplyRecord } from '../../core/review/backups';
import type { RevertSinceResult, RevertTarget, SincePreset } from '../../core/review/revertSince';
import { appliesSince, parseSince, sinceOfPreset } from '../../core/review/revertSince';
import type { ReviewGate } from '../review/reviewWiring';

/** Arguments of `agentGuard.revertChangesSince` from a script or a test: no questions asked. */
export interface RevertSinceArgs {
  /** ISO 8601 date or date-time. */
  since?: string;
  changeSetId?: string;
}

type Pick = { label: string; description?: string; detail?: string; preset?: SincePreset; custom?: 'time' | 'changeSet'; record?: ApplyRecord };

/**
 * "Agent Guard: Revert Agent Changes Since…": pick a time (last 15 minutes, last hour, today, a typed
 * ISO time) or a change set, confirm, and every approved apply since then is restored from its backups,
 * newest first. Files edited since are reported and left alone. With arguments it asks nothing and
 * returns the result (scripts, tests); from the palette it returns the result too.
 */
export async function revertChangesSince(gate: ReviewGate, log: vscode.LogOutputChannel, args?: RevertSinceArgs): Promise<RevertSinceResult | undefined> {
  const scripted = typeof args === 'object' && args !== null && (args.since !== undefined || args.changeSetId !== undefined);
  const target = scripted ? targetOf(args) : await pickTarget(gate);
  if (!target) return undefined;

  const { since, records } = await appliesSince(gate.backups, target);
  if (!records.length) {
    void vscode.window.showInformationMessage(`Agent Guard: no approved agent change was applied since ${new Date(since).toLocaleString()}; nothing to revert.`);
    return undefined;
  }
  if (!scripted) {
    const files = records.reduce((n, r) => n + r.files.length, 0);
    const confirm = await vscode.window.showWarningMessage(
      `Revert ${records.length} approved change${records.length === 1 ? '' : 's'} (${files} file${files === 1 ? '' : 's'}) applied since ${new Date(since).toLocaleString()}?`,
      { modal: true, detail: `Newest first, each file is restored from its backup. A file edited since it was applied is left alone and reported.\n\n${records.slice(0, 10).map((r) => `${new Date(r.time).toLocaleTimeString()}  ${r.changeSetId}: ${r.files.map((f) => f.path).join(', ')}`).join('\n')}${records.length > 10 ? `\n… and ${records.length - 10} more` : ''}` },
      'Revert',
    );
    if (confirm !== 'Revert') return undefined;
  }

  const result = await gate.service.revertSince(target);
  const restored = result.reverted.reduce((n, r) => n + r.files.length, 0);
  log.info(`revert since ${result.since}: ${restored} file(s) restored from ${result.reverted.length} apply(ies); ${result.conflicts.length} conflict(s)`);
  for (const conflict of result.conflicts) log.warn(`revert: ${conflict.changeSetId}: ${conflict.message}`);
  const summary = `Agent Guard: restored ${restored} file${restored === 1 ? '' : 's'} from ${result.reverted.length} approved change${result.reverted.length === 1 ? '' : 's'}.`;
  if (result.conflicts.length) {
    const paths = [...new Set(result.conflicts.map((c) => c.path))];
    void vscode.window
      .showWarningMessage(`${summary} ${paths.length} file${paths.length === 1 ? ' was' : 's were'} changed since and left alone: ${paths.slice(0, 3).join(', ')}${paths.length > 3 ? ', …' : ''}.`, 'Show Details')
      .then((choice) => choice && log.show(true));
  } else {
    void vscode.window.showInformationMessage(summary);
  }
  return result;
}

function targetOf(args: RevertSinceArgs): RevertTarget {
  if (args.changeSetId !== undefined) {
    if (typeof args.changeSetId !== 'string' || !args.changeSetId) throw new Error('changeSetId must be a change set id');
    return { changeSetId: args.changeSetId };
  }
  return { since: parseSince(args.since, new Date()) };
}

async function pickTarget(gate: ReviewGate): Promise<RevertTarget | undefined> {
  const now = new Date();
  const at = (preset: SincePreset) => sinceOfPreset(preset, now).toLocaleString();
  const items: Pick[] = [
    { label: 'Last 15 minutes', description: `since ${at('15m')}`, preset: '15m' },
    { label: 'Last hour', description: `since ${at('1h')}`, preset: '1h' },
    { label: 'Today', description: `since ${at('today')}`, preset: 'today' },
    { label: 'Since a time…', description: 'type an ISO 8601 date or time', custom: 'time' },
    { label: 'Since a change set…', description: 'that change set and every later one', custom: 'changeSet' },
  ];
  const choice = await vscode.window.showQuickPick(items, { title: 'Revert agent changes applied since…', placeHolder: 'Every approved change applied since then is restored from its backup, newest first' });
  if (!choice) return undefined;
  if (choice.preset) return { since: sinceOfPreset(choice.preset, now) };
  if (choice.custom === 'time') {
    const text = await vscode.window.showInputBox({
      title: 'Revert agent changes applied since…',
      prompt: 'An ISO 8601 date or time, local unless it names a zone',
      value: new Date(now.getTime() - 30 * 60_000).toISOString().slice(0, 16),
      validateInput: (value) => {
        try {
          parseSince(value, new Date());
          return undefined;
        } catch (error) {
          return (error as Error).message;
        }
      },
    });
    return text === undefined ? undefined : { since: parseSince(text, new Date()) };
  }
  const records = (await gate.backups.listRecords()).filter((r) => !r.revertedAt && r.files.length > 0).reverse();
  if (!records.length) {
    void vscode.window.showInformationMessage('Agent Guard: no approved agent change is left to revert.');
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    records.map((record): Pick => ({ label: record.changeSetId, description: new Date(record.time).toLocaleString(), detail: record.files.map((f) => `${f.action} ${f.path}`).join(', '), record })),
    { title: 'Revert this change set and every later one', matchOnDetail: true },
  );
  return picked?.record ? { changeSetId: picked.record.changeSetId } : undefined;
}
