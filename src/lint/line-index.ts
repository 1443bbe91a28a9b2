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
    const recent = this.recentLine;
    const recentStart = this.lineStart(recent);
    const nextStart = this.lineStarts[recent + 1];
    if (recentStart <= offset && (nextStart === undefined || offset < nextStart))
      return { line: recent + 1, column: offset - recentStart };
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if (this.lineStart(middle) <= offset) low = middle;
      else high = middle - 1;
    }
    this.recentLine = low;
    return { line: low + 1, column: offset - this.lineStart(low) };
  }

  /** Where 0-based `line` starts; the lookups above only ask for lines that exist (line 0 always does). */
  private lineStart(line: number): number {
    const start = this.lineStarts[line];
    if (start === undefined) throw new RangeError(`LineIndex: line ${String(line)} does not exist`);
    return start;
  }

  location(start: number, end: number): SourceLocation {
    return { start: this.position(start), end: this.position(end) };
  }
}
