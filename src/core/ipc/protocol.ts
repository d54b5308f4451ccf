/**
 * The messages between `agent-guard hook` and the running extension: one JSON object per line over a
 * Unix domain socket (a named pipe on Windows). The client presents the token from the endpoint file.
 */

/** A file the agent wants to write, relative to the workspace root; `content` undefined deletes it. */
export interface IpcProposedFile {
  path: string;
  previousPath?: string;
  content?: string;
}

export interface ReviewRequest {
  type: 'review';
  token: string;
  agent: string;
  session?: string;
  turn?: string;
  toolName: string;
  files: IpcProposedFile[];
}

/** Per file: what the person approved. `content` is base plus approved hunks (undefined: the file is deleted). */
export interface IpcFileOutcome {
  path: string;
  /** True when any part was approved. */
  approved: boolean;
  /** The approved result, when approved; absent when the file stays as it is. */
  content?: string;
  deleted?: boolean;
  rejectedHunks: { index: number; header: string; comment?: string }[];
}

export interface ReviewResponse {
  type: 'decision';
  outcome: 'approved' | 'partial' | 'rejected' | 'denied' | 'timeout';
  /** For the agent: why, what was rejected, the findings and the person's comment. */
  reason: string;
  files: IpcFileOutcome[];
}

export interface ErrorResponse {
  type: 'error';
  message: string;
}

export type IpcResponse = ReviewResponse | ErrorResponse;

/** The largest request line accepted, so a hostile peer cannot fill memory. */
export const MAX_REQUEST_BYTES = 32 * 1024 * 1024;
