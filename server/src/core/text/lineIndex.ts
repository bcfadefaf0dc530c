/** A zero-based position as LSP counts it: line, and UTF-16 code units within the line. */
export interface Position {
  line: number;
  character: number;
}

/** A range of positions, end exclusive (LSP semantics). */
export interface Range {
  start: Position;
  end: Position;
}

/** A range of UTF-16 offsets into the document text, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Maps offsets in a text to line/character positions and back.
 * Line breaks are LF, CRLF and lone CR, as LSP defines them, so a file saved
 * with any convention lands diagnostics on the right line.
 */
export class LineIndex {
  private readonly lineStarts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    this.lineStarts = starts;
    // Most files have LF breaks only: native indexOf finds them ~5x faster than a character loop.
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      return;
    }
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) {
        starts.push(i + 1);
      } else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= clamped) low = mid;
      else high = mid - 1;
    }
    // Between the CR and LF of a line break is the end of the line, as vscode-languageserver-textdocument has it.
    return { line: low, character: Math.min(clamped, this.lineEndOffset(low)) - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.lineStarts.length) return this.text.length;
    const lineStart = this.lineStarts[position.line];
    const lineEnd = this.lineEndOffset(position.line);
    return Math.max(lineStart, Math.min(lineStart + position.character, lineEnd));
  }

  /** Offset of the end of a line's content, before its line break. */
  lineEndOffset(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }

  lineText(line: number): string {
    return this.text.slice(this.lineStarts[line], this.lineEndOffset(line));
  }

  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}
