import type * as vscode from 'vscode';
import type { ReviewRequest, ReviewResponse } from '../../core/ipc/protocol';
import { ReviewServer } from '../../core/ipc/server';
import type { ReviewService } from '../review/reviewService';

/**
 * Serves `agent-guard hook` for one workspace folder. The agent applies what was approved itself (the hook
 * answers with an updated input), so the service runs in answer mode and writes nothing.
 */
export async function startHookServer(workspaceRoot: string, service: ReviewService, log: vscode.LogOutputChannel): Promise<ReviewServer | undefined> {
  return ReviewServer.start({
    workspaceRoot,
    log: (level, message) => (level === 'warn' ? log.warn(message) : log.info(message)),
    handle: async (request: ReviewRequest, signal): Promise<ReviewResponse> => {
      const input = {
        source: { channel: 'hook' as const, agent: request.agent.slice(0, 100), session: request.session, turn: request.turn },
        // A rename arrives as the new path (with previousPath) plus a delete of the old one; the rename covers both.
        files: request.files
          .filter((f) => !(f.content === undefined && request.files.some((other) => other.previousPath === f.path)))
          .map((f) => (f.content === undefined ? { path: f.path, delete: true } : { path: f.path, content: f.content, renameFrom: f.previousPath })),
      };
      let result;
      try {
        result = await service.propose(input, 'answer', { signal });
      } catch (error) {
        return { type: 'decision', outcome: 'denied', reason: `Agent Guard refused the edit: ${(error as Error).message}`, files: [] };
      }
      const outcome = result.state === 'approved' ? 'approved' : result.state === 'partial' ? 'partial' : result.state === 'denied' ? 'denied' : 'rejected';
      return {
        type: 'decision',
        outcome,
        reason: result.message,
        files: (result.outcome?.files ?? []).map((file) => ({
          path: file.path,
          approved: result.approvedContents.has(file.path),
          content: result.approvedContents.get(file.path),
          deleted: result.approvedContents.has(file.path) && result.approvedContents.get(file.path) === undefined,
          rejectedHunks: file.hunks.filter((h) => h.verdict === 'rejected').map((h) => ({ index: h.index, header: `line ${h.newStart}`, comment: h.comment })),
        })),
      };
    },
  });
}
