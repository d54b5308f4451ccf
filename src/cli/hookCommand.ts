import { readFile, realpath } from 'node:fs/promises';
import * as path from 'node:path';
import type { Finding, Risk } from '../core/model/finding';
import { meetsThreshold } from '../core/model/finding';
import { toPosix } from '../core/scan/walk';
import type { HookAnswer } from '../core/intake/hookResponse';
import { hookOutput } from '../core/intake/hookResponse';
import type { HookInterpretation, ProposedFileEdit } from '../core/intake/hookEvent';
import { HookEventError, interpretHookEvent, isEditTool, parseHookEvent } from '../core/intake/hookEvent';
import { IpcTimeoutError, sendReviewRequest } from '../core/ipc/client';
import type { EndpointInfo } from '../core/ipc/endpoint';
import { EndpointError, findEndpoint } from '../core/ipc/endpoint';
import type { ReviewResponse } from '../core/ipc/protocol';
import { findLockdownMarker } from '../core/lockdown/marker';

/** Options of `agent-guard hook`. */
export interface HookOptions {
  /** The agent's name as shown in the review panel (the Connect commands set it). */
  agent?: string;
  /** Minutes to wait for a person (default 10). */
  timeoutMs: number;
  /** With no extension running: deny at or above this severity (default high). */
  failOn: Risk;
  /** With no extension running and nothing at or above the threshold: ask (default) or allow. */
  whenClean: 'ask' | 'allow';
  /** Where the extension's sockets live (tests). */
  runtimeDirectory?: string;
}

const MAX_EVENT_BYTES = 16 * 1024 * 1024;

/** Tool-input fields each edit tool may carry; anything else is refused, since its effect is unknown. */
const KNOWN_INPUT_FIELDS: Record<string, readonly string[]> = {
  Write: ['file_path', 'content'],
  Edit: ['file_path', 'old_string', 'new_string', 'replace_all'],
  MultiEdit: ['file_path', 'edits'],
  apply_patch: ['command', 'input', 'patch', 'workdir', 'timeout', 'timeout_ms', 'justification', 'with_escalated_permissions'],
  create_file: ['filePath', 'content', 'explanation'],
  createFile: ['filePath', 'content', 'explanation'],
  replace_string_in_file: ['filePath', 'oldString', 'newString', 'explanation'],
  replaceString: ['filePath', 'oldString', 'newString', 'explanation'],
  multi_replace_string_in_file: ['replacements', 'explanation'],
};

/**
 * `agent-guard hook`: reads a PreToolUse event on stdin and prints the decision on stdout.
 * Not an edit: no output, exit 0. Bad input for an edit tool: denied (fail closed).
 */
export async function runHook(options: HookOptions, stdin: AsyncIterable<Buffer | string> = process.stdin): Promise<number> {
  const raw = await readBounded(stdin, MAX_EVENT_BYTES);
  if (raw === undefined) return denyBadInput(`the event is larger than ${MAX_EVENT_BYTES / 1024 / 1024} MB`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    // A truncated event still names its tool early on; only edit tools are denied.
    const tool = /"tool_name"\s*:\s*"([^"]{1,100})"/.exec(raw.slice(0, 4096))?.[1];
    if (tool && !isEditTool(tool)) return 0;
    return denyBadInput('the event is not valid JSON (truncated?)');
  }
  const toolName = (parsed as { tool_name?: unknown })?.tool_name;
  if (typeof toolName === 'string' && !isEditTool(toolName)) return 0;

  let interpretation: HookInterpretation;
  let cwd: string;
  try {
    const event = parseHookEvent(parsed);
    cwd = event.cwd;
    const unknown = Object.keys(event.tool_input).filter((field) => !(KNOWN_INPUT_FIELDS[event.tool_name] ?? []).includes(field));
    if (unknown.length) throw new HookEventError(`tool_input has unknown fields (${unknown.slice(0, 5).join(', ')}); refusing an edit whose effect is unknown`);
    interpretation = await interpretHookEvent(event, readTextOrUndefined, options.agent);
  } catch (error) {
    if (error instanceof HookEventError) return denyBadInput(error.message);
    throw error;
  }
  if (interpretation.kind === 'not-an-edit') return 0;
  if (interpretation.kind === 'passthrough') {
    // The tool will fail on its own with the agent's usual error; nothing to review.
    process.stderr.write(`agent-guard: ${interpretation.reason}; leaving it to the tool\n`);
    return 0;
  }

  let endpoint: EndpointInfo | undefined;
  try {
    endpoint = findEndpoint(cwd, options.runtimeDirectory);
  } catch (error) {
    if (error instanceof EndpointError) {
      process.stderr.write(`agent-guard: refusing the extension endpoint: ${error.message}\n`);
      return answer({ decision: 'deny', reason: `Agent Guard refused an unsafe review endpoint (${error.message}). The edit was not made.` });
    }
    throw error;
  }
  const root = endpoint?.workspaceRoot ?? cwd;
  const outside = await firstOutside(root, interpretation.files);
  if (outside) {
    if (endpoint) await reportOutside(endpoint, root, interpretation, options.timeoutMs);
    return answer({ decision: 'deny', reason: `Agent Guard: ${outside} is outside the workspace ${root} or inside .git; the edit was not made.` });
  }

  if (endpoint) {
    try {
      const response = await sendReviewRequest(
        endpoint,
        {
          type: 'review',
          agent: interpretation.agent,
          toolName: interpretation.toolName,
          files: interpretation.files.map((f) => ({
            path: toPosix(path.relative(root, f.path)),
            previousPath: f.previousPath && toPosix(path.relative(root, f.previousPath)),
            content: f.content,
          })),
        },
        options.timeoutMs,
      );
      if (response.type === 'error') {
        process.stderr.write(`agent-guard: the extension refused the request: ${response.message}\n`);
        return answer({ decision: 'deny', reason: `Agent Guard could not review this edit (${response.message}); it was not made.` });
      }
      return answer(fromDecision(response, interpretation, root));
    } catch (error) {
      if (error instanceof IpcTimeoutError) return answer({ decision: 'deny', reason: `Agent Guard: ${error.message}, so the edit was not made. Ask the person to review it in VS Code and try again.` });
      process.stderr.write(`agent-guard: the extension did not answer (${(error as Error).message}); scanning locally\n`);
    }
  }
  // No extension to ask: a lockdown engaged in VS Code still holds (issue 11), rather than the local scan.
  const lockdown = findLockdownMarker(cwd, options.runtimeDirectory);
  if (lockdown) return answer({ decision: 'deny', reason: `Agent Guard is in lockdown${lockdown.since ? ` (since ${lockdown.since})` : ''}: every agent edit is refused until a person releases it in VS Code. The edit was not made.` });
  return answer(await scanLocally(interpretation.files, root, options, interpretation.agent));
}

function fromDecision(response: ReviewResponse, interpretation: Extract<HookInterpretation, { kind: 'edit' }>, root: string): HookAnswer {
  switch (response.outcome) {
    case 'approved':
      return { decision: 'allow', reason: response.reason || 'Approved in Agent Guard.' };
    case 'partial': {
      const approved = new Map<string, string | undefined>();
      for (const file of response.files) {
        const absolute = path.resolve(root, file.path);
        const proposed = interpretation.files.find((f) => f.path === absolute);
        if (!proposed) continue;
        approved.set(absolute, file.deleted ? undefined : file.approved ? file.content : proposed.before);
      }
      return { decision: 'allow', reason: response.reason, updatedInput: interpretation.updatedInput(approved) };
    }
    default:
      return { decision: 'deny', reason: response.reason };
  }
}

/** With no extension to ask: the engine's diff mode decides what it can, and a person decides the rest. */
async function scanLocally(files: readonly ProposedFileEdit[], root: string, options: HookOptions, agent?: string): Promise<HookAnswer> {
  // The rules are loaded only here, when no VS Code window can be asked.
  const { allRules, scanTextChange, localPolicyVerdict } = await import('./heavyCommands.js');
  // The shipped default rules and the workspace's policy hold offline too: a denied path is denied at once.
  const policy = await localPolicyVerdict(files, root, agent);
  for (const message of policy.messages) process.stderr.write(`agent-guard: policy: ${message}\n`);
  if (policy.verdict.action === 'deny') {
    return { decision: 'deny', reason: `Agent Guard's policy refused this edit (rule ${policy.verdict.rule}: ${policy.verdict.reasons.join('; ')}). It was not made.` };
  }
  const policyAsks = policy.verdict.files.some((f) => f.action === 'review' && f.rule !== 'default:review');
  const findings: Finding[] = [];
  for (const file of files) {
    if (file.content === undefined) continue;
    const relative = toPosix(path.relative(root, file.path));
    const outcome = await scanTextChange({ path: relative, before: file.before, after: file.content }, { rules: allRules });
    findings.push(...outcome.findings);
  }
  const blocking = findings.filter((f) => meetsThreshold(f.severity, options.failOn));
  if (blocking.length) {
    const lines = blocking.slice(0, 10).map((f) => `- ${f.file}:${f.range.startLine} ${f.severity.toUpperCase()} ${f.ruleId}: ${f.message}. Fix: ${f.remediation}`);
    return { decision: 'deny', reason: `Agent Guard (no VS Code review running) found ${blocking.length} problem${blocking.length === 1 ? '' : 's'} at or above ${options.failOn}:\n${lines.join('\n')}\nFix these and propose the edit again.` };
  }
  const note = findings.length ? ` ${findings.length} lower-severity finding${findings.length === 1 ? '' : 's'}: ${findings.slice(0, 3).map((f) => `${f.ruleId} at ${f.file}:${f.range.startLine}`).join('; ')}.` : ' No findings.';
  if (policyAsks) return { decision: 'ask', reason: `Agent Guard scanned this edit locally (no VS Code review running).${note} The policy asks a person to look (rule ${policy.verdict.files.find((f) => f.action === 'review' && f.rule !== 'default:review')!.rule}).` };
  return { decision: options.whenClean, reason: `Agent Guard scanned this edit locally (no VS Code review running).${note}` };
}

/** How long the hook waits for the extension to audit a path it refuses itself. */
const OUTSIDE_REPORT_TIMEOUT_MS = 3000;

/**
 * Tells the running extension about an edit the hook refuses as outside the workspace, so that its gate
 * refuses it too and writes the refusal to the audit log (repeated attempts raise an alert). The hook denies
 * whatever the answer; a failure here changes nothing.
 */
async function reportOutside(endpoint: EndpointInfo, root: string, interpretation: Extract<HookInterpretation, { kind: 'edit' }>, timeoutMs: number): Promise<void> {
  const files = interpretation.files.map((f) => ({ path: toPosix(path.relative(root, f.path)), previousPath: f.previousPath && toPosix(path.relative(root, f.previousPath)), content: f.content }));
  await sendReviewRequest(endpoint, { type: 'review', agent: interpretation.agent, toolName: interpretation.toolName, files }, Math.min(timeoutMs, OUTSIDE_REPORT_TIMEOUT_MS)).catch(() => undefined);
}

async function firstOutside(root: string, files: readonly ProposedFileEdit[]): Promise<string | undefined> {
  const realRoot = await realpath(root).catch(() => path.resolve(root));
  for (const file of files) {
    for (const candidate of [file.path, file.previousPath].filter((p): p is string => !!p)) {
      const resolved = await realpathOfNearest(candidate);
      const relative = path.relative(realRoot, resolved);
      if (relative.startsWith('..') || path.isAbsolute(relative) || relative.split(path.sep)[0] === '.git') return candidate;
    }
  }
  return undefined;
}

/** The real path of a file or, when it does not exist yet, of its nearest existing folder plus the rest. */
async function realpathOfNearest(target: string): Promise<string> {
  let current = path.resolve(target);
  const rest: string[] = [];
  for (;;) {
    try {
      return path.join(await realpath(current), ...rest);
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return path.resolve(target);
      rest.unshift(path.basename(current));
      current = parent;
    }
  }
}

async function readTextOrUndefined(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new HookEventError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? 'error'}`);
  }
}

async function readBounded(stream: AsyncIterable<Buffer | string>, max: number): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += buffer.length;
    if (size > max) return undefined;
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function answer(value: HookAnswer): number {
  process.stdout.write(hookOutput(value));
  return 0;
}

function denyBadInput(message: string): number {
  process.stderr.write(`agent-guard hook: ${message}\n`);
  return answer({ decision: 'deny', reason: `Agent Guard could not read this tool call (${message}), so it was not allowed.` });
}
