import { createHash } from 'node:crypto';
import { looksBinary } from '../scan/input';

/** Text encodings the review gate edits line by line. Anything else is reviewed as a binary replacement. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/** File bytes seen as text (with how to write them back byte for byte) or as binary. */
export type DecodedContent =
  | { kind: 'text'; text: string; encoding: TextEncoding; bom: boolean }
  | { kind: 'binary'; why: 'nul-bytes' | 'not-utf8' };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const strictUtf16le = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
const strictUtf16be = new TextDecoder('utf-16be', { fatal: true, ignoreBOM: true });

/**
 * Decodes file bytes. A BOM decides the encoding (UTF-8, UTF-16 LE/BE) and is remembered, not kept in
 * the text, so diffs and columns match the editor. Without a BOM: NUL bytes mean binary (git's rule),
 * valid UTF-8 is text, anything else is binary (reviewed as a whole-file replacement).
 */
export function decodeContent(bytes: Uint8Array): DecodedContent {
  try {
    if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
      return { kind: 'text', text: strictUtf8.decode(bytes.subarray(3)), encoding: 'utf-8', bom: true };
    }
    if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes.length % 2 === 0) {
      return { kind: 'text', text: strictUtf16le.decode(bytes.subarray(2)), encoding: 'utf-16le', bom: true };
    }
    if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff && bytes.length % 2 === 0) {
      return { kind: 'text', text: strictUtf16be.decode(bytes.subarray(2)), encoding: 'utf-16be', bom: true };
    }
  } catch {
    return { kind: 'binary', why: 'not-utf8' };
  }
  if (looksBinary(bytes)) return { kind: 'binary', why: 'nul-bytes' };
  try {
    return { kind: 'text', text: strictUtf8.decode(bytes), encoding: 'utf-8', bom: false };
  } catch {
    return { kind: 'binary', why: 'not-utf8' };
  }
}

/** Encodes text back to bytes, the inverse of `decodeContent`: same encoding, BOM when asked. */
export function encodeContent(text: string, encoding: TextEncoding, bom: boolean): Uint8Array {
  if (encoding === 'utf-8') {
    const body = Buffer.from(text, 'utf8');
    return bom ? Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), body]) : body;
  }
  const le = Buffer.from(text, 'utf16le');
  if (encoding === 'utf-16be') le.swap16();
  const mark = encoding === 'utf-16le' ? [0xff, 0xfe] : [0xfe, 0xff];
  return bom ? Buffer.concat([Buffer.from(mark), le]) : le;
}

/** Lowercase hex SHA-256 of bytes or of a string's UTF-8. */
export function sha256Hex(data: Uint8Array | string): string {
  return createHash('sha256').update(data).digest('hex');
}

/** True when a JS string holds a lone surrogate, which no UTF encoding can represent (it would be silently replaced). */
export function hasLoneSurrogate(text: string): boolean {
  return /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/.test(text);
}

/**
 * Splits text into lines that keep their terminators ("a\r\n", "b\n", "c"), so joining them gives the
 * text back exactly. This is the unit of the apply arithmetic; it matches jsdiff's line numbering.
 */
export function splitLinesKeepEnds(text: string): string[] {
  if (text === '') return [];
  const lines: string[] = [];
  let start = 0;
  for (;;) {
    const newline = text.indexOf('\n', start);
    if (newline < 0) {
      if (start < text.length) lines.push(text.slice(start));
      return lines;
    }
    lines.push(text.slice(start, newline + 1));
    start = newline + 1;
  }
}

/** The line-ending style of a text: what a person would call it. */
export type LineEndingStyle = 'lf' | 'crlf' | 'mixed' | 'none';

/** Classifies line endings, e.g. to adapt an agent's LF `oldText` to a CRLF file. */
export function lineEndingStyle(text: string): LineEndingStyle {
  const crlf = (text.match(/\r\n/g) ?? []).length;
  const lf = (text.match(/\n/g) ?? []).length - crlf;
  if (crlf === 0 && lf === 0) return 'none';
  if (crlf > 0 && lf > 0) return 'mixed';
  return crlf > 0 ? 'crlf' : 'lf';
}
