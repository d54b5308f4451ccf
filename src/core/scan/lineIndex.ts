import type { TextRange } from '../model/finding';

/** Converts string offsets to 1-based lines and columns, with a binary search over line starts. */
export class LineIndex {
  private starts: number[] | undefined;

  constructor(readonly text: string) {}

  // Built on first use: most files have no finding, and indexing every line cost as much as the keyword scan.
  private get lineStarts(): number[] {
    if (!this.starts) {
      const starts = [0];
      const { text } = this;
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    return this.starts;
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - this.lineStarts[low] + 1 };
  }

  range(startOffset: number, endOffset: number): TextRange {
    const start = this.position(startOffset);
    const end = this.position(endOffset);
    return { startLine: start.line, startColumn: start.column, endLine: end.line, endColumn: end.column };
  }

  /** Offset of the start of a 1-based line. */
  lineStart(line: number): number {
    return this.lineStarts[Math.min(Math.max(line, 1), this.lineStarts.length) - 1];
  }

  /** Text of a 1-based line without its line break. */
  lineText(line: number): string {
    const start = this.lineStart(line);
    const next = line < this.lineStarts.length ? this.lineStarts[line] : this.text.length;
    return this.text.slice(start, next).replace(/\r?\n$/, '');
  }
}
