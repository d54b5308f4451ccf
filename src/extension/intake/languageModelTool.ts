import * as vscode from 'vscode';
import type { ProposeChangesRequest } from '../../../types/agent-guard';
import type { ReviewService } from '../review/reviewService';
import { toChangeSetInput } from './proposalApi';

export const TOOL_NAME = 'agent_guard_apply_edits';

/**
 * A tool for chat agents (Copilot agent mode and any agent on VS Code's tool API): file edits go through
 * the person's review, and the result tells the agent exactly what was applied and what was rejected.
 */
export class ApplyEditsTool implements vscode.LanguageModelTool<ProposeChangesRequest> {
  constructor(private readonly service: ReviewService) {}

  prepareInvocation(options: vscode.LanguageModelToolInvocationPrepareOptions<ProposeChangesRequest>): vscode.PreparedToolInvocation {
    const count = Array.isArray(options.input?.files) ? options.input.files.length : 0;
    // No confirmation dialog: the review panel is the confirmation, hunk by hunk.
    return { invocationMessage: `Waiting for your security review of ${count} file${count === 1 ? '' : 's'} in Agent Guard…` };
  }

  async invoke(options: vscode.LanguageModelToolInvocationOptions<ProposeChangesRequest>, token: vscode.CancellationToken): Promise<vscode.LanguageModelToolResult> {
    let input;
    try {
      input = toChangeSetInput(options.input, 'tool', { agent: 'Chat agent' });
    } catch (error) {
      return text(`The edit was not proposed: ${(error as Error).message}. Fix the input and call the tool again.`);
    }
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    try {
      const result = await this.service.propose(input, 'write', { signal: controller.signal });
      return text(result.message);
    } catch (error) {
      return text(`Agent Guard refused the edit: ${(error as Error).message}. Nothing was written.`);
    } finally {
      subscription.dispose();
    }
  }
}

function text(value: string): vscode.LanguageModelToolResult {
  return new vscode.LanguageModelToolResult([new vscode.LanguageModelTextPart(value)]);
}
