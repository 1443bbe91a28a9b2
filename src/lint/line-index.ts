/** Source positions in the shape ESLint expects: 1-based lines, 0-based columns, UTF-16 offsets. */
export interface Position {
  line: number;
  column: number;
}

export interface SourceLocation {
  start: Position;
  end: Position;
}

/**
 * Maps UTF-16 offsets to line/column. Line breaks follow ECMAScript (and ESLint's
 * `SourceCode.lines`): \r\n, \n, \r, U+2028 and U+2029.
 */
export class LineIndex {
  private readonly lineStarts: number[];
  /** The line of the last lookup: walks ask for nearby offsets, so most lookups need no search. */
  private recentLine = 0;

  constructor(text: string) {
    this.lineStarts = [0];
    const lineBreak = /\r\n|[\n\r\u2028\u2029]/g;
    for (let match = lineBreak.exec(text); match !== null; match = lineBreak.exec(text)) {
      this.lineStarts.push(match.index + match[0].length);
    }
  }

  position(offset: number): Position {
    const starts = this.lineStarts;
    const recent = this.recentLine;
    if (starts[recent] <= offset && (recent + 1 === starts.length || offset < starts[recent + 1]))
      return { line: recent + 1, column: offset - starts[recent] };
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (starts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    this.recentLine = low;
    return { line: low + 1, column: offset - starts[low] };
  }

  location(start: number, end: number): SourceLocation {
    return { start: this.position(start), end: this.position(end) };
  }
}
