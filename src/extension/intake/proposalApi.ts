import type { ChangeSetInput } from '../../core/review/build';
import type { ChangeChannel } from '../../core/review/model';
import type { ProposeChangesDecision, ProposeChangesRequest } from '../../../types/agent-guard';
import type { ReviewResult } from '../review/reviewService';

export class ProposalInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProposalInputError';
  }
}

const MAX_LABEL = 200;

/** Checks the shape of an untrusted proposal; the review core checks paths, sizes and contents. */
export function toChangeSetInput(raw: unknown, channel: ChangeChannel, defaults: { agent?: string } = {}): ChangeSetInput {
  if (typeof raw !== 'object' || raw === null) throw new ProposalInputError('expected { files: [...], agent?, message? }');
  const request = raw as Partial<ProposeChangesRequest>;
  if (!Array.isArray(request.files) || request.files.length === 0) throw new ProposalInputError('files must be a non-empty array');
  const label = (value: unknown, name: string): string | undefined => {
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || value.length > MAX_LABEL) throw new ProposalInputError(`${name} must be a string of at most ${MAX_LABEL} characters`);
    return value;
  };
  const files = request.files.map((file, i) => {
    if (typeof file !== 'object' || file === null || typeof file.path !== 'string') throw new ProposalInputError(`files[${i}].path must be a string`);
    if (file.edits !== undefined && (!Array.isArray(file.edits) || file.edits.some((e) => typeof e?.oldText !== 'string' || typeof e?.newText !== 'string'))) {
      throw new ProposalInputError(`files[${i}].edits must be [{ oldText, newText }]`);
    }
    if (file.content !== undefined && typeof file.content !== 'string') throw new ProposalInputError(`files[${i}].content must be a string`);
    return { path: file.path, content: file.content, edits: file.edits, delete: file.delete === true ? true : undefined, renameFrom: file.renameFrom };
  });
  return {
    source: { channel, agent: label(request.agent, 'agent') ?? defaults.agent, message: typeof request.message === 'string' ? request.message.slice(0, 2000) : undefined, session: label(request.session, 'session') },
    files,
  };
}

/** The public decision shape, from the service's result. */
export function toPublicDecision(result: ReviewResult): ProposeChangesDecision {
  return {
    changeSetId: result.changeSetId,
    state: result.state,
    message: result.message,
    files: result.outcome?.files.map((f) => ({ path: f.path, previousPath: f.previousPath, status: f.status, state: f.state, comment: f.comment, hunks: f.hunks })) ?? [],
    applied: result.applied,
  };
}
