import * as vscode from 'vscode';
import type { LockdownState } from '../../core/lockdown/lockdown';
import { LOCKDOWN_MESSAGE, LockdownError, engageEvent, releaseEvent, validateReleaseReason } from '../../core/lockdown/lockdown';
import { removeLockdownMarker, writeLockdownMarker } from '../../core/lockdown/marker';
import type { ReviewGate } from '../review/reviewWiring';

/** Arguments of `agentGuard.lockdown` (from an alert's button, a script or a test). */
export interface LockdownArgs {
  reason?: string;
  /** Who engages it, for the audit log: "user" (default) or "alert". */
  actor?: string;
}

/** Arguments of `agentGuard.releaseLockdown`; without a reason the person is asked for one. */
export interface ReleaseArgs {
  reason?: string;
}

/**
 * "Agent Guard: Lockdown" and "Release Lockdown" for one folder. The switch itself is the core Lockdown
 * (read by the gate on every proposal); this controller carries out what a change of it means in the
 * window: the status bar item turns red, the guard goes to quarantine and stays on, agents waiting on a
 * hook answer are denied, and each engage and release is written to the audit log.
 */
export class LockdownController implements vscode.Disposable {
  private readonly unsubscribe: () => void;

  constructor(
    private readonly gate: ReviewGate,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.unsubscribe = gate.lockdown.onChange((state) => this.show(state));
    const state = gate.lockdown.current();
    if (state.locked) {
      void vscode.commands.executeCommand('setContext', 'agentGuard.locked', true);
      // A reload during a lockdown: it holds from the first moment (the gate reads the saved state), and the
      // window shows it; the guard starts after activation, like its settings do.
      gate.statusBar.setLockdown(true);
      setImmediate(() => {
        gate.guard.setLockdown(true);
        this.mark(state);
      });
      log.warn(`${LOCKDOWN_MESSAGE} since ${state.since ?? 'an unknown time'}${state.reason ? ` (${state.reason})` : ''}`);
      void vscode.window.showWarningMessage(`${LOCKDOWN_MESSAGE} since ${formatTime(state.since)}: hook requests are denied and agent changes are held.`, 'Release Lockdown').then((choice) => {
        if (choice) void vscode.commands.executeCommand('agentGuard.releaseLockdown');
      });
    }
  }

  private show(state: LockdownState): void {
    void vscode.commands.executeCommand('setContext', 'agentGuard.locked', state.locked);
    this.gate.statusBar.setLockdown(state.locked);
    this.gate.guard.setLockdown(state.locked);
    this.mark(state);
  }

  /** The marker the hook CLI reads when no window answers, so closing VS Code does not end a lockdown. */
  private mark(state: LockdownState): void {
    const root = this.gate.workspaceRoot;
    const done = state.locked ? writeLockdownMarker(root, state.since) : (async () => removeLockdownMarker(root))();
    done.catch((error) => this.log.error(`lockdown: could not ${state.locked ? 'write' : 'remove'} the marker for agent hooks: ${(error as Error).message}`));
  }

  /** Engages the lockdown; returns the state. Already locked: says so and changes nothing. */
  async engage(raw?: LockdownArgs | string): Promise<LockdownState> {
    const args = argsOf<LockdownArgs>(raw);
    const actor = typeof args.actor === 'string' && args.actor.trim() ? args.actor.trim().slice(0, 100) : 'user';
    const change = await this.gate.lockdown.engage({ actor, reason: args.reason });
    if (!change.changed) {
      void vscode.window.showInformationMessage(`Agent Guard is already in lockdown (since ${formatTime(change.state.since)}).`);
      return change.state;
    }
    // Locked first, so nothing new gets through while the waiting agents are answered.
    // The switch is already on; failing to answer a waiting agent (a read-only second window) must not undo it.
    const denied = await this.gate.service.denyWaiting(`${LOCKDOWN_MESSAGE}: a person stopped all agent edits. Nothing was written.`).catch((error: Error) => {
      this.log.error(`lockdown: could not answer the waiting hook requests: ${error.message}`);
      return [] as string[];
    });
    const held = this.gate.service.snapshot().filter((c) => c.state === 'pending').length;
    this.log.warn(`lockdown engaged by ${actor}${change.state.reason ? `: ${change.state.reason}` : ''}; ${denied.length} waiting hook request(s) denied, ${held} change set(s) held`);
    await this.record(actor, engageEvent(change, { pending: held, hooksDenied: denied.length }));
    void vscode.window
      .showWarningMessage(
        `Agent Guard: LOCKDOWN. Hook requests are denied, ${held} pending change set${held === 1 ? ' is' : 's are'} held, the guard is in quarantine and auto-approve is off.`,
        'Revert Agent Changes Since…',
        'Release Lockdown',
      )
      .then((choice) => {
        if (choice === 'Release Lockdown') void vscode.commands.executeCommand('agentGuard.releaseLockdown');
        else if (choice) void vscode.commands.executeCommand('agentGuard.revertChangesSince');
      });
    return change.state;
  }

  /** Releases the lockdown after asking why (or with `args.reason`); returns the state. Cancelled: still locked. */
  async release(raw?: ReleaseArgs | string): Promise<LockdownState> {
    const args = argsOf<ReleaseArgs>(raw);
    if (!this.gate.lockdown.locked) {
      void vscode.window.showInformationMessage('Agent Guard is not in lockdown.');
      return this.gate.lockdown.current();
    }
    const reason =
      args.reason ??
      (await vscode.window.showInputBox({
        title: 'Release Agent Guard lockdown',
        prompt: 'Why is it safe to let agents work again? Recorded in the audit log.',
        placeHolder: 'e.g. agent session ended, leaked key rotated, changes reverted',
        ignoreFocusOut: true,
        validateInput: (value) => {
          try {
            validateReleaseReason(value);
            return undefined;
          } catch (error) {
            return LockdownError.is(error) ? `${error.message[0].toUpperCase()}${error.message.slice(1)}.` : String(error);
          }
        },
      }));
    if (reason === undefined) return this.gate.lockdown.current();
    const change = await this.gate.lockdown.release({ reason });
    this.log.info(`lockdown released: ${change.releaseReason}`);
    await this.record('user', releaseEvent(change));
    const held = this.gate.service.snapshot().filter((c) => c.state === 'pending').length;
    void vscode.window.showInformationMessage(`Agent Guard: lockdown released.${held ? ` ${held} held change set${held === 1 ? '' : 's'} wait for your review.` : ''} The file-system guard stays on; its mode is back to your setting.`);
    return change.state;
  }

  /** The audit entry; a window that cannot write the log (a second window) still keeps the switch. */
  private async record(actor: string, data: Record<string, unknown>): Promise<void> {
    try {
      await this.gate.service.recordLockdown(actor, data);
    } catch (error) {
      this.log.error(`lockdown: could not write the audit entry: ${(error as Error).message}`);
    }
  }

  dispose(): void {
    this.unsubscribe();
  }
}

function formatTime(iso: string | undefined): string {
  if (!iso) return 'an unknown time';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? 'an unknown time' : date.toLocaleString();
}

/** Command arguments as given by a script, an alert or a keybinding: an object, a bare reason string, or nothing. */
function argsOf<T extends { reason?: string }>(raw: unknown): T {
  if (typeof raw === 'string') return { reason: raw } as T;
  return (typeof raw === 'object' && raw !== null ? raw : {}) as T;
}
