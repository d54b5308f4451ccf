/**
 * Makes untrusted text safe for a terminal or a one-line label: control, bidirectional, invisible and
 * tag characters are shown by name (`<U+202E RIGHT-TO-LEFT OVERRIDE>`) instead of being passed through.
 */
const NAMED: Record<number, string> = {
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2061: 'FUNCTION APPLICATION',
  0x2062: 'INVISIBLE TIMES',
  0x2063: 'INVISIBLE SEPARATOR',
  0x2064: 'INVISIBLE PLUS',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x061c: 'ARABIC LETTER MARK',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
  0x00ad: 'SOFT HYPHEN',
  0x034f: 'COMBINING GRAPHEME JOINER',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
};

/** The Unicode name Agent Guard shows for an invisible or control character. */
export function invisibleCharName(codePoint: number): string | undefined {
  const named = NAMED[codePoint];
  if (named) return named;
  if (codePoint >= 0xe0000 && codePoint <= 0xe007f) {
    if (codePoint >= 0xe0020 && codePoint <= 0xe007e) return `TAG ${printableTagName(codePoint - 0xe0000)}`;
    return codePoint === 0xe007f ? 'CANCEL TAG' : 'LANGUAGE TAG';
  }
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) return `VARIATION SELECTOR-${codePoint - 0xfe00 + 1}`;
  if (codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f)) return 'CONTROL';
  return undefined;
}

function printableTagName(ascii: number): string {
  const char = String.fromCharCode(ascii);
  if (/[A-Z]/.test(char)) return `LATIN CAPITAL LETTER ${char}`;
  if (/[a-z]/.test(char)) return `LATIN SMALL LETTER ${char.toUpperCase()}`;
  if (/[0-9]/.test(char)) return `DIGIT ${char}`;
  if (char === ' ') return 'SPACE';
  return `CHARACTER ${char}`;
}

export function formatCodePoint(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Replaces every invisible or control character (tabs kept, newlines optional) by `<U+XXXX NAME>`. */
export function showInvisibles(text: string, options: { keepNewlines?: boolean } = {}): string {
  let out = '';
  for (const char of text) {
    const codePoint = char.codePointAt(0) ?? 0;
    if (char === '\t' || (options.keepNewlines && char === '\n')) {
      out += char;
      continue;
    }
    const name = invisibleCharName(codePoint);
    out += name ? `<${formatCodePoint(codePoint)} ${name}>` : char;
  }
  return out;
}
