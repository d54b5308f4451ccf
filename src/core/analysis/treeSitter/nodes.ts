import type * as TreeSitter from '@vscode/tree-sitter-wasm';
import type { Operand, Value } from './model';

export type Node = TreeSitter.Node;

/** Expressions nested deeper than this are treated as unknown: evaluation must stay bounded on hostile input. */
export const MAX_EVAL_DEPTH = 48;

/** The longest source text kept per operand. */
const MAX_OPERAND_TEXT = 400;

export function operand(node: Node, value: Value, text: string): Operand {
  return { ...value, start: node.startIndex, end: node.endIndex, text: text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + MAX_OPERAND_TEXT)), nodeType: node.type };
}

/** Named children without comments. */
export function namedChildren(node: Node | null): Node[] {
  if (!node) return [];
  const out: Node[] = [];
  for (const child of node.namedChildren) if (child && child.type !== 'comment') out.push(child);
  return out;
}

/** Source text with all whitespace removed, capped so that huge expressions stay cheap. */
export function compactText(text: string, node: Node, max = 200): string {
  const raw = text.slice(node.startIndex, Math.min(node.endIndex, node.startIndex + max));
  let out = '';
  for (const ch of raw) if (ch !== ' ' && ch !== '\n' && ch !== '\t' && ch !== '\r') out += ch;
  return out;
}

/** Replaces the first segment of a dotted name by its import alias. */
export function resolveAlias(name: string, aliases: ReadonlyMap<string, string>): string {
  const dot = name.indexOf('.');
  const head = dot < 0 ? name : name.slice(0, dot);
  const target = aliases.get(head);
  return target === undefined ? name : target + (dot < 0 ? '' : name.slice(dot));
}

export function lastSegment(name: string): string {
  const dot = Math.max(name.lastIndexOf('.'), name.lastIndexOf('>'), name.lastIndexOf(':'));
  return dot < 0 ? name : name.slice(dot + 1);
}

/**
 * Where to report a call: its start, or the method name when a chained receiver spans lines
 * (`User::query()\n  ->whereRaw(...)`), so the finding sits on the line that holds the sink.
 */
export function reportStart(text: string, callStart: number, nameStart: number | undefined): number {
  if (nameStart === undefined || nameStart <= callStart) return callStart;
  return text.lastIndexOf('\n', nameStart) >= callStart ? nameStart : callStart;
}
