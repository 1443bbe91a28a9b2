/**
 * The deepest bracket nesting of a source text — `(`, `[`, `{` and `${` — outside comments and
 * string literals, in one pass. Regular-expression literals are not recognised (an unbalanced
 * bracket inside one can shift the count by one), which is harmless against a limit this far
 * above real code. Cheap enough to run on every file before the parser sees it.
 */
export function maxBracketDepth(text: string): number {
  const scanner = new BracketScanner(text);
  scanner.run();
  return scanner.maxDepth;
}

/** The reason reported for a file whose analysis ran out of stack (a RangeError, caught). */
export function stackOverflowReason(message: string): string | undefined {
  if (!/call stack/i.test(message)) return undefined;
  return `could not be analysed: nested too deeply for the parser or a rule (${message}). See "Limits" in docs/audit.md.`;
}

const OPENERS = new Set(["(", "[", "{"]);
const CLOSERS = new Set([")", "]", "}"]);

class BracketScanner {
  maxDepth = 0;
  private depth = 0;
  private index = 0;
  /** For each open `${`, the depth at which its template continues after the closing `}`. */
  private readonly templateDepths: number[] = [];

  constructor(private readonly text: string) {}

  run(): void {
    const text = this.text;
    while (this.index < text.length) {
      const character = text[this.index];
      if (character === "/" && (text[this.index + 1] === "/" || text[this.index + 1] === "*")) this.skipComment();
      else if (character === '"' || character === "'") this.skipString(character);
      else if (character === "`") this.scanTemplate();
      else this.bracket(character);
    }
  }

  private bracket(character: string): void {
    this.index++;
    if (OPENERS.has(character)) this.open();
    else if (character === "}" && this.templateDepths.at(-1) === this.depth) {
      this.templateDepths.pop();
      this.depth = Math.max(0, this.depth - 1);
      this.scanTemplateRest();
    } else if (CLOSERS.has(character)) this.depth = Math.max(0, this.depth - 1);
  }

  private open(): void {
    this.depth++;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
  }

  private skipComment(): void {
    const end = this.text[this.index + 1] === "/" ? this.text.indexOf("\n", this.index) : this.text.indexOf("*/", this.index + 2);
    this.index = end === -1 ? this.text.length : end + (this.text[this.index + 1] === "/" ? 1 : 2);
  }

  private skipString(quote: string): void {
    for (this.index++; this.index < this.text.length; this.index++) {
      const character = this.text[this.index];
      if (character === "\\") this.index++;
      else if (character === quote || character === "\n") break;
    }
    this.index++;
  }

  private scanTemplate(): void {
    this.index++;
    this.scanTemplateRest();
  }

  /** Inside a template's text: up to its closing backtick, or into a `${` substitution. */
  private scanTemplateRest(): void {
    for (; this.index < this.text.length; this.index++) {
      const character = this.text[this.index];
      if (character === "\\") this.index++;
      else if (character === "`") break;
      else if (character === "$" && this.text[this.index + 1] === "{") {
        this.index += 2;
        this.open();
        this.templateDepths.push(this.depth);
        return;
      }
    }
    this.index++;
  }
}
