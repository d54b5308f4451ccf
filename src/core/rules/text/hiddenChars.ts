import { formatCodePoint, invisibleCharName, showInvisibles } from '../../model/safeText';
import type { RuleContext } from '../types';
import type { RegionKind } from './lexer';
import { CODE, COMMENT, DOC, STRING } from './lexer';

/** Shared by the hidden-text rules: naming characters, describing where they sit, showing the line safely. */

/** `<U+202E RIGHT-TO-LEFT OVERRIDE>`, or `<U+200B ZERO WIDTH SPACE> ×3` for a repeated character. */
export function describeRun(run: string): string {
  const parts: string[] = [];
  let previous = '';
  let count = 0;
  const flush = () => {
    if (!previous) return;
    const codePoint = previous.codePointAt(0) ?? 0;
    const name = `<${formatCodePoint(codePoint)} ${invisibleCharName(codePoint) ?? 'INVISIBLE'}>`;
    parts.push(count > 1 ? `${name} ×${count}` : name);
  };
  for (const char of run) {
    if (char === previous) {
      count++;
      continue;
    }
    flush();
    previous = char;
    count = 1;
  }
  flush();
  const shown = parts.slice(0, 6).join(' ');
  return parts.length > 6 ? `${shown} … (${parts.length - 6} more)` : shown;
}

/** Identifier characters, for telling "inside an identifier" from "between tokens". */
export const IDENTIFIER_CHAR = /[\p{L}\p{N}\p{Mn}\p{Mc}\p{Pc}$]/u;

export type Place = 'identifier' | 'string' | 'comment' | 'code' | 'text';

/** Where an offset sits: inside an identifier, a string, a comment, other code, or prose. */
export function placeOf(context: RuleContext, kind: RegionKind, start: number, end: number): Place {
  if (kind === STRING) return 'string';
  if (kind === COMMENT) return 'comment';
  if (kind === DOC) return isProse(context) ? 'text' : 'comment';
  if (kind === CODE) {
    const before = context.text[start - 1] ?? '';
    const after = context.text[end] ?? '';
    return IDENTIFIER_CHAR.test(before) || IDENTIFIER_CHAR.test(after) ? 'identifier' : 'code';
  }
  return 'code';
}

/** "an identifier", "a string", "text": the place as the messages say it. */
export function describePlace(place: Place): string {
  if (place === 'text') return 'text';
  return place === 'identifier' ? 'an identifier' : `a ${place}`;
}

export function isProse(context: RuleContext): boolean {
  return context.language === 'markdown' || context.language === 'plaintext';
}

/** A short piece of the line around a span, with every invisible character named. */
export function evidenceAround(context: RuleContext, start: number, end: number): string {
  const { line, column } = context.lines.position(start);
  const lineText = context.lines.lineText(line);
  const from = Math.max(0, column - 1 - 30);
  const spanEnd = Math.min(lineText.length, column - 1 + (end - start));
  const prefix = (from > 0 ? '…' : '') + lineText.slice(from, column - 1);
  const suffixEnd = Math.min(lineText.length, spanEnd + 30);
  const suffix = lineText.slice(spanEnd, suffixEnd) + (suffixEnd < lineText.length ? '…' : '');
  return `${showInvisibles(prefix.trimStart())}${describeRun(lineText.slice(column - 1, spanEnd))}${showInvisibles(suffix)}`;
}
