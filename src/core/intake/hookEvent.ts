import * as path from 'node:path';
import { PatchError, applyCodexHunks, parseCodexPatch, wholeFilePatch } from './codexPatch';

/** A pre-tool-use event as Claude Code defined it (Codex, VS Code agent hooks, Cline and Continue send the same shape). */
export interface HookEvent {
  session_id?: string;
  cwd: string;
  hook_event_name?: string;
  tool_name: string;
  tool_input: Record<string, unknown>;
  tool_use_id?: string;
  transcript_path?: string;
}

/** One file as the tool call would leave it: `content` undefined means the file is deleted. */
export interface ProposedFileEdit {
  /** Absolute path. */
  path: string;
  /** Content after the tool runs; undefined for a delete. */
  content: string | undefined;
  /** Content before, or undefined when the file does not exist. */
  before: string | undefined;
  /** For a rename: the absolute path it is moved from. */
  previousPath?: string;
}

/** What the hook makes of an event. */
export type HookInterpretation =
  /** Not a file edit: the hook has no opinion (exit 0, no output). */
  | { kind: 'not-an-edit' }
  /** The edit cannot apply (e.g. Edit's old_string is missing); the tool will fail with its own error. */
  | { kind: 'passthrough'; reason: string }
  | {
      kind: 'edit';
      agent: string;
      toolName: string;
      files: ProposedFileEdit[];
      /** The tool input that makes the tool write exactly `approved` (path → content, undefined = delete). */
      updatedInput(approved: ReadonlyMap<string, string | undefined>): Record<string, unknown>;
    };

export class HookEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HookEventError';
  }
}

/** Reads a file's text, or undefined when it does not exist. */
export type ReadText = (absolutePath: string) => Promise<string | undefined>;

const CLAUDE_TOOLS = new Set(['Write', 'Edit', 'MultiEdit']);
const VSCODE_TOOLS = new Set(['create_file', 'replace_string_in_file', 'multi_replace_string_in_file', 'createFile', 'replaceString']);

/** Validates the event's shape. Throws HookEventError saying what is missing. */
export function parseHookEvent(raw: unknown): HookEvent {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new HookEventError('the event is not a JSON object');
  const event = raw as Record<string, unknown>;
  if (typeof event.tool_name !== 'string' || event.tool_name.length === 0 || event.tool_name.length > 200) throw new HookEventError('tool_name is missing or not a string');
  if (typeof event.tool_input !== 'object' || event.tool_input === null || Array.isArray(event.tool_input)) throw new HookEventError('tool_input is missing or not an object');
  if (typeof event.cwd !== 'string' || !path.isAbsolute(event.cwd)) throw new HookEventError('cwd is missing or not an absolute path');
  if (event.hook_event_name !== undefined && event.hook_event_name !== 'PreToolUse') throw new HookEventError(`hook_event_name is ${String(event.hook_event_name)}; agent-guard hook handles PreToolUse`);
  return {
    cwd: event.cwd,
    tool_name: event.tool_name,
    tool_input: event.tool_input as Record<string, unknown>,
    session_id: typeof event.session_id === 'string' ? event.session_id : undefined,
    tool_use_id: typeof event.tool_use_id === 'string' ? event.tool_use_id : undefined,
    transcript_path: typeof event.transcript_path === 'string' ? event.transcript_path : undefined,
    hook_event_name: 'PreToolUse',
  };
}

/** True for tool names the hook reviews. */
export function isEditTool(toolName: string): boolean {
  return CLAUDE_TOOLS.has(toolName) || VSCODE_TOOLS.has(toolName) || toolName === 'apply_patch';
}

/** Works out what a tool call would do to the files, from the event and the files on disk. */
export async function interpretHookEvent(event: HookEvent, readText: ReadText, agentName?: string): Promise<HookInterpretation> {
  const input = event.tool_input;
  const resolve = (p: unknown, field: string): string => {
    if (typeof p !== 'string' || p.length === 0) throw new HookEventError(`tool_input.${field} is missing or not a string`);
    if (p.includes('\0')) throw new HookEventError(`tool_input.${field} holds a NUL byte`);
    return path.resolve(event.cwd, p);
  };
  switch (event.tool_name) {
    case 'Write':
    case 'create_file':
    case 'createFile': {
      const field = event.tool_name === 'Write' ? 'file_path' : 'filePath';
      const target = resolve(input[field], field);
      const content = input.content ?? input.code;
      if (typeof content !== 'string') throw new HookEventError('tool_input.content is missing or not a string');
      const before = await readText(target);
      return {
        kind: 'edit',
        agent: agentName ?? (event.tool_name === 'Write' ? 'Claude Code' : 'VS Code agent'),
        toolName: event.tool_name,
        files: [{ path: target, content, before }],
        updatedInput: (approved) => ({ ...input, content: approved.get(target) ?? before ?? '' }),
      };
    }
    case 'Edit':
    case 'replace_string_in_file':
    case 'replaceString': {
      const claude = event.tool_name === 'Edit';
      const target = resolve(claude ? input.file_path : input.filePath, claude ? 'file_path' : 'filePath');
      const oldString = claude ? input.old_string : input.oldString;
      const newString = claude ? input.new_string : input.newString;
      if (typeof oldString !== 'string' || typeof newString !== 'string') throw new HookEventError('tool_input old and new strings must be strings');
      const before = await readText(target);
      if (before === undefined) return { kind: 'passthrough', reason: `${target} does not exist` };
      const applied = replaceOnce(before, oldString, newString, claude && input.replace_all === true);
      if (typeof applied !== 'string') return { kind: 'passthrough', reason: applied.error };
      return {
        kind: 'edit',
        agent: agentName ?? (claude ? 'Claude Code' : 'VS Code agent'),
        toolName: event.tool_name,
        files: [{ path: target, content: applied, before }],
        // The whole current file is unique in itself, so replacing it with the approved text is exact.
        updatedInput: (approved) =>
          claude
            ? { ...input, old_string: before, new_string: approved.get(target) ?? before, replace_all: false }
            : { ...input, oldString: before, newString: approved.get(target) ?? before },
      };
    }
    case 'MultiEdit': {
      const target = resolve(input.file_path, 'file_path');
      if (!Array.isArray(input.edits) || input.edits.length === 0) throw new HookEventError('tool_input.edits must be a non-empty array');
      let text = await readText(target);
      const before = text;
      for (const [i, edit] of (input.edits as unknown[]).entries()) {
        const e = edit as Record<string, unknown>;
        if (typeof e?.old_string !== 'string' || typeof e?.new_string !== 'string') throw new HookEventError(`tool_input.edits[${i}] needs old_string and new_string`);
        if (text === undefined) {
          if (i === 0 && e.old_string === '') {
            text = e.new_string;
            continue;
          }
          return { kind: 'passthrough', reason: `${target} does not exist` };
        }
        const applied = replaceOnce(text, e.old_string, e.new_string, e.replace_all === true);
        if (typeof applied !== 'string') return { kind: 'passthrough', reason: `edit ${i + 1}: ${applied.error}` };
        text = applied;
      }
      return {
        kind: 'edit',
        agent: agentName ?? 'Claude Code',
        toolName: event.tool_name,
        files: [{ path: target, content: text, before }],
        updatedInput: (approved) => ({ ...input, edits: [{ old_string: before ?? '', new_string: approved.get(target) ?? before ?? '', replace_all: false }] }),
      };
    }
    case 'multi_replace_string_in_file': {
      const replacements = input.replacements;
      if (!Array.isArray(replacements) || replacements.length === 0) throw new HookEventError('tool_input.replacements must be a non-empty array');
      const texts = new Map<string, { before: string | undefined; after: string | undefined }>();
      for (const [i, raw] of (replacements as unknown[]).entries()) {
        const r = raw as Record<string, unknown>;
        const target = resolve(r?.filePath, `replacements[${i}].filePath`);
        if (typeof r.oldString !== 'string' || typeof r.newString !== 'string') throw new HookEventError(`tool_input.replacements[${i}] needs oldString and newString`);
        if (!texts.has(target)) {
          const before = await readText(target);
          texts.set(target, { before, after: before });
        }
        const entry = texts.get(target)!;
        if (entry.after === undefined) return { kind: 'passthrough', reason: `${target} does not exist` };
        const applied = replaceOnce(entry.after, r.oldString, r.newString, false);
        if (typeof applied !== 'string') return { kind: 'passthrough', reason: `replacement ${i + 1}: ${applied.error}` };
        entry.after = applied;
      }
      return {
        kind: 'edit',
        agent: agentName ?? 'VS Code agent',
        toolName: event.tool_name,
        files: [...texts].map(([p, t]) => ({ path: p, before: t.before, content: t.after })),
        updatedInput: (approved) => ({
          ...input,
          replacements: [...texts].map(([p, t]) => ({ filePath: p, oldString: t.before ?? '', newString: approved.get(p) ?? t.before ?? '' })),
        }),
      };
    }
    case 'apply_patch':
      return interpretPatch(event, readText, agentName);
    default:
      return { kind: 'not-an-edit' };
  }
}

async function interpretPatch(event: HookEvent, readText: ReadText, agentName?: string): Promise<HookInterpretation> {
  const patchText = patchTextOf(event.tool_input);
  if (patchText === undefined) throw new HookEventError('tool_input holds no apply_patch envelope (expected it in command or input)');
  let operations;
  try {
    operations = parseCodexPatch(patchText);
  } catch (error) {
    if (error instanceof PatchError) return { kind: 'passthrough', reason: error.message };
    throw error;
  }
  const files: ProposedFileEdit[] = [];
  const relative = new Map<string, string>();
  for (const op of operations) {
    const target = path.resolve(event.cwd, op.path);
    relative.set(target, op.path);
    const before = await readText(target);
    try {
      if (op.kind === 'add') files.push({ path: target, before, content: op.content });
      else if (op.kind === 'delete') files.push({ path: target, before, content: undefined });
      else {
        if (before === undefined) return { kind: 'passthrough', reason: `${op.path} does not exist` };
        const after = applyCodexHunks(op.path, before, op.hunks);
        if (op.moveTo) {
          const destination = path.resolve(event.cwd, op.moveTo);
          relative.set(destination, op.moveTo);
          files.push({ path: destination, previousPath: target, before: await readText(destination), content: after });
          files.push({ path: target, before, content: undefined });
        } else {
          files.push({ path: target, before, content: after });
        }
      }
    } catch (error) {
      if (error instanceof PatchError) return { kind: 'passthrough', reason: error.message };
      throw error;
    }
  }
  const field = typeof event.tool_input.input === 'string' ? 'input' : 'command';
  return {
    kind: 'edit',
    agent: agentName ?? 'Codex',
    toolName: event.tool_name,
    files,
    updatedInput: (approved) => {
      const sections = files.map((f) => {
        const rel = relative.get(f.path) ?? f.path;
        const result = approved.has(f.path) ? approved.get(f.path) : f.before;
        if (result === f.before) return '';
        return wholeFilePatch(rel, f.before, result).replace(/^\*\*\* Begin Patch\n/, '').replace(/\*\*\* End Patch\n$/, '');
      });
      const envelope = `*** Begin Patch\n${sections.join('')}*** End Patch\n`;
      const original = event.tool_input[field];
      return { ...event.tool_input, [field]: Array.isArray(original) ? original.map((part) => (typeof part === 'string' && part.includes('*** Begin Patch') ? envelope : part)) : envelope };
    },
  };
}

function patchTextOf(input: Record<string, unknown>): string | undefined {
  for (const candidate of [input.input, input.patch, input.command]) {
    if (typeof candidate === 'string' && candidate.includes('*** Begin Patch')) return candidate;
    if (Array.isArray(candidate)) {
      const part = candidate.find((p) => typeof p === 'string' && p.includes('*** Begin Patch'));
      if (typeof part === 'string') return part.slice(part.indexOf('*** Begin Patch'));
    }
  }
  return undefined;
}

/** Claude Code's Edit semantics: old_string must occur, and exactly once unless replace_all. */
function replaceOnce(text: string, oldString: string, newString: string, replaceAll: boolean): string | { error: string } {
  if (oldString === newString) return { error: 'old_string and new_string are the same' };
  if (oldString === '') return { error: 'old_string is empty' };
  const first = text.indexOf(oldString);
  if (first < 0) return { error: 'old_string was not found in the file' };
  if (replaceAll) return text.split(oldString).join(newString);
  if (text.indexOf(oldString, first + oldString.length) >= 0) return { error: 'old_string is not unique in the file; add context or use replace_all' };
  return text.slice(0, first) + newString + text.slice(first + oldString.length);
}
