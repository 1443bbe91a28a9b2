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

const SLASH = 0x2f;
const STAR = 0x2a;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;
const BACKTICK = 0x60;
const DOLLAR = 0x24;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;

/** The characters that can change the depth or start a comment, string or template. */
const SIGNIFICANT = new Uint8Array(CLOSE_BRACE + 1);
for (const character of "/\"'`([{)]}") SIGNIFICANT[character.charCodeAt(0)] = 1;

/** Character codes, not one-character strings: this runs over every byte of every file. */
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
      const code = text.charCodeAt(this.index);
      if (code >= SIGNIFICANT.length || SIGNIFICANT[code] === 0) this.index++;
      else if (code === SLASH) this.slash();
      else if (code === 0x22 || code === 0x27) this.skipString(code);
      else if (code === BACKTICK) this.scanTemplate();
      else this.bracket(code);
    }
  }

  private slash(): void {
    const next = this.text.charCodeAt(this.index + 1);
    if (next === SLASH || next === STAR) this.skipComment(next);
    else this.index++;
  }

  private bracket(code: number): void {
    this.index++;
    if (code === 0x28 || code === 0x5b || code === OPEN_BRACE) this.open();
    else if (code === CLOSE_BRACE && this.templateDepths.at(-1) === this.depth) {
      this.templateDepths.pop();
      this.depth = Math.max(0, this.depth - 1);
      this.scanTemplateRest();
    } else if (code === 0x29 || code === 0x5d || code === CLOSE_BRACE) this.depth = Math.max(0, this.depth - 1);
  }

  private open(): void {
    this.depth++;
    if (this.depth > this.maxDepth) this.maxDepth = this.depth;
  }

  private skipComment(kind: number): void {
    const end = kind === SLASH ? this.text.indexOf("\n", this.index) : this.text.indexOf("*/", this.index + 2);
    this.index = end === -1 ? this.text.length : end + (kind === SLASH ? 1 : 2);
  }

  private skipString(quote: number): void {
    const text = this.text;
    let index = this.index + 1;
    for (; index < text.length; index++) {
      const code = text.charCodeAt(index);
      if (code === BACKSLASH) index++;
      else if (code === quote || code === NEWLINE) break;
    }
    this.index = index + 1;
  }

  private scanTemplate(): void {
    this.index++;
    this.scanTemplateRest();
  }

  /** Inside a template's text: up to its closing backtick, or into a `${` substitution. */
  private scanTemplateRest(): void {
    const text = this.text;
    for (; this.index < text.length; this.index++) {
      const code = text.charCodeAt(this.index);
      if (code === BACKSLASH) this.index++;
      else if (code === BACKTICK) break;
      else if (code === DOLLAR && text.charCodeAt(this.index + 1) === OPEN_BRACE) {
        this.index += 2;
        this.open();
        this.templateDepths.push(this.depth);
        return;
      }
    }
    this.index++;
  }
}
