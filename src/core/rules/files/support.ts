import type { Node as JsonNode } from 'jsonc-parser';
import { parseTree } from 'jsonc-parser';
import type { Document } from 'yaml';
import { parseDocument } from 'yaml';
import { showInvisibles } from '../../model/safeText';
import type { SensitiveKind } from '../../sensitivePaths/sensitivePaths';
import { defaultSensitivePaths } from '../../sensitivePaths/sensitivePaths';
import type { RuleContext } from '../types';

/** Shared helpers of the sensitive-file rules: parse once per file, show lines safely, compare with the before-text. */

/** True when the path falls under the built-in sensitive list with one of these kinds. */
export function pathKindIs(path: string, ...kinds: SensitiveKind[]): boolean {
  const entry = defaultSensitivePaths.match(path);
  return entry !== undefined && kinds.includes(entry.kind);
}

/** The reviewer-facing label of a sensitive path, or a fallback. */
export function pathLabel(path: string, fallback = 'file'): string {
  return defaultSensitivePaths.match(path)?.label ?? fallback;
}

/** The trimmed text of a 1-based line with invisible characters named, cut to a readable length. */
export function lineEvidence(context: RuleContext, line: number, max = 160): string {
  const text = showInvisibles(context.lines.lineText(line).trim());
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** A short one-line quote of a value for a message: invisibles named, newlines folded. */
export function quote(value: string, max = 120): string {
  const oneLine = showInvisibles(value.replace(/\s*\r?\n\s*/g, ' ').trim());
  return oneLine.length <= max ? oneLine : `${oneLine.slice(0, max - 1)}…`;
}

/** Offset of the end of the line holding `offset` (before its newline), via the line index: O(log n), never a scan. */
export function lineEndAt(context: RuleContext, offset: number): number {
  const { line } = context.lines.position(offset);
  if (line >= context.lines.lineCount) return context.text.length;
  const next = context.lines.lineStart(line + 1) - 1;
  return context.text[next - 1] === '\r' ? next - 1 : next;
}

/** In diff mode, whether a 1-based line was added or changed; always true in scan mode. */
export function isNewLine(context: RuleContext, line: number): boolean {
  return !context.change || context.change.addedLines.has(line);
}

/** In diff mode, whether any line of the offset span was added or changed; always true in scan mode. */
export function touchesNewLine(context: RuleContext, start: number, end: number): boolean {
  if (!context.change) return true;
  const first = context.lines.position(start).line;
  const last = context.lines.position(Math.max(start, end - 1)).line;
  for (let line = first; line <= last; line++) if (context.change.addedLines.has(line)) return true;
  return false;
}

/** The file parsed as YAML (errors tolerated: a half-written workflow still has nodes with positions). */
export function yamlOf(context: RuleContext): Document | undefined {
  return context.shared('files/yaml', () => {
    try {
      return parseDocument(context.text, { uniqueKeys: false, strict: false, prettyErrors: false });
    } catch {
      return undefined;
    }
  });
}

/** The file parsed as JSONC, with offsets. */
export function jsoncOf(context: RuleContext): JsonNode | undefined {
  return context.shared('files/jsonc', () => parseJsonc(context.text));
}

export function parseJsonc(text: string): JsonNode | undefined {
  return parseTree(text, [], { allowTrailingComma: true, disallowComments: false, allowEmptyContent: true });
}

/** The value node of a property of an object node. */
export function property(node: JsonNode | undefined, key: string): JsonNode | undefined {
  if (!node || node.type !== 'object') return undefined;
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (keyNode?.value === key) return valueNode;
  }
  return undefined;
}

/** The properties of an object node as [key, keyNode, valueNode]. */
export function properties(node: JsonNode | undefined): [string, JsonNode, JsonNode][] {
  if (!node || node.type !== 'object') return [];
  const out: [string, JsonNode, JsonNode][] = [];
  for (const prop of node.children ?? []) {
    const [keyNode, valueNode] = prop.children ?? [];
    if (keyNode && valueNode && typeof keyNode.value === 'string') out.push([keyNode.value, keyNode, valueNode]);
  }
  return out;
}

/** A JSON value node as plain data. */
export function jsonValue(node: JsonNode | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object':
      return Object.fromEntries(properties(node).map(([key, , value]) => [key, jsonValue(value)]));
    case 'array':
      return (node.children ?? []).map(jsonValue);
    default:
      return node.value;
  }
}

/** A command and its arguments as one shell-like line, for messages. */
export function commandLine(command: unknown, args?: unknown): string {
  const parts = [command, ...(Array.isArray(args) ? args : [])].filter((part) => typeof part === 'string' || typeof part === 'number');
  return parts.map(String).join(' ');
}
