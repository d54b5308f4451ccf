import type { EndpointInfo } from '../ipc/endpoint';
import type { Risk } from '../model/finding';

/**
 * The seam between the agent adapters and the checks behind them. An adapter turns an agent's event into one
 * of the calls below (or a file write, which the write gate owns) and writes the GateAnswer back in the agent's
 * own format. The checks never know which agent asked; the adapters never know how a check decides.
 */

/** The gate's answer to one agent event, before an adapter writes it in the agent's own format. */
export interface GateAnswer {
  /**
   * `none`: no opinion, the agent goes on as if no hook ran. Never the answer to a write-shaped call.
   * `ask`: a person must confirm; adapters whose agent has no `ask` turn it into `deny`.
   */
  decision: 'allow' | 'deny' | 'ask' | 'none';
  /** Why, for the agent and the person; secrets masked. Required for deny and ask. */
  reason: string;
  /** The tool input rewritten in the agent's own schema (a partial approval, a redacted read). */
  updatedInput?: Record<string, unknown>;
  /** After a tool ran (post-tool events): a message fed back to the model. */
  feedback?: string;
}

/** What every check needs to know about where it runs; the same for every agent. */
export interface GateContext {
  /** The agent's display name (policy, audit, the panel). */
  agent: string;
  /** Absolute: where the agent's tool runs. */
  cwd: string;
  /** Absolute: the workspace the gate protects. */
  workspaceRoot: string;
  /** A running VS Code window to ask; undefined when none answers (the offline path). */
  endpoint?: EndpointInfo;
  /** Offline: deny at or above this severity. */
  failOn: Risk;
  /** Epoch milliseconds by which the answer must be written: the hook's own deadline, before the agent's timeout. */
  deadline: number;
  /** Where the extension's sockets and markers live (tests). */
  runtimeDirectory?: string;
}

/** A command line the agent wants to run in a shell (Bash, PowerShell, run_in_terminal, run_shell_command, …). */
export interface ShellCall {
  kind: 'shell';
  toolName: string;
  command: string;
  shell: 'bash' | 'powershell';
}

/** Files the agent wants to read (Read, read_file, read_many_files, beforeReadFile, …); absolute paths. */
export interface ReadCall {
  kind: 'read';
  toolName: string;
  paths: string[];
  /** Search tools (Grep, Glob) read many files by pattern; the pattern and folder, when that is all we know. */
  pattern?: string;
}

/** A prompt the person is about to send to the model. */
export interface PromptCall {
  kind: 'prompt';
  text: string;
}

/** A tool's result, after it ran (PostToolUse and its equivalents). */
export interface ToolOutputCall {
  kind: 'tool-output';
  toolName: string;
  output: string;
}

/** Any other tool call whose arguments may carry data out (MCP tools above all). */
export interface ToolArgumentsCall {
  kind: 'tool-arguments';
  toolName: string;
  /** The MCP server, when the tool name or event names one. */
  server?: string;
  args: unknown;
}

export type ContextCall = ReadCall | PromptCall | ToolOutputCall | ToolArgumentsCall;
