import type { LineIndex } from "./line-index.js";
import { RESERVED_WORDS } from "./oxc-parser-adapter.js";
import type { EstreeToken, TokenHints } from "./tokens.js";

/** Characters that end one token on their own, wherever they stand before a function body. */
const SINGLE_PUNCTUATORS = new Set([")", "]", "}", "(", ">"]);
const IDENTIFIER_PART = /[\p{ID_Continue}$\u200C\u200D]/u;
const IDENTIFIER_START = /[\p{ID_Start}$_]/u;
const WHITESPACE = /\s/u;
/** Enough to pass the parentheses between an arrow's `=>` and its body. */
const MAX_TOKENS_BACK = 8;

type TokenFilter = (token: EstreeToken) => boolean;

/**
 * The few tokens the txo rules ask for (the last token of a function's head, its `=>`, the
 * `static` of a static block), read straight from the text: identifiers, keywords and the simple
 * punctuators that end a head. Whenever the text holds anything else there (a string, a template,
 * a number, an operator a hint says was rescanned), the answer is `undefined` and the caller asks
 * TypeScript's scanner instead, so a token returned here is always the one the scanner would make.
 */
export class NearbyTokens {
  constructor(
    private readonly text: string,
    private readonly comments: readonly { range: [number, number] }[],
    private readonly lines: LineIndex,
    private readonly hints: TokenHints,
  ) {}

  /** The last token before `offset` that passes the filter; undefined when unsure. */
  before(offset: number, filter: TokenFilter | undefined): EstreeToken | null | undefined {
    let end = offset;
    for (let step = 0; step < MAX_TOKENS_BACK; step++) {
      end = this.skipTriviaBackward(end);
      if (end === 0) return null;
      const token = this.tokenEndingAt(end);
      if (token === undefined) return undefined;
      if (filter === undefined || filter(token)) return token;
      end = token.range[0];
    }
    return undefined;
  }

  /** The token starting at `offset` when it is a word (`static`, `async`, a name); undefined otherwise. */
  wordAt(offset: number): EstreeToken | undefined {
    if (!IDENTIFIER_START.test(this.text[offset] ?? "")) return undefined;
    let end = offset + 1;
    while (end < this.text.length && IDENTIFIER_PART.test(this.text.charAt(end))) end++;
    if (this.text[end] === "\\") return undefined;
    return this.wordToken(offset, end);
  }

  private skipTriviaBackward(offset: number): number {
    let position = offset;
    for (;;) {
      while (position > 0 && WHITESPACE.test(this.text.charAt(position - 1))) position--;
      const comment = this.commentEndingAt(position);
      if (comment === undefined) return position;
      position = comment.range[0];
    }
  }

  private commentEndingAt(offset: number): { range: [number, number] } | undefined {
    let low = 0;
    let high = this.comments.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const comment = this.comments[middle];
      if (comment === undefined) throw new RangeError("commentEndingAt: the search left the comment list");
      const end = comment.range[1];
      if (end === offset) return comment;
      if (end < offset) low = middle + 1;
      else high = middle - 1;
    }
    return undefined;
  }

  private tokenEndingAt(end: number): EstreeToken | undefined {
    const last = this.text.charAt(end - 1);
    if (last === ">" && this.text[end - 2] === "=") return this.punctuator(end - 2, end);
    if (SINGLE_PUNCTUATORS.has(last))
      return this.hints.greaterOperatorStarts.has(end - 1) ? undefined : this.punctuator(end - 1, end);
    if (!IDENTIFIER_PART.test(last)) return undefined;
    let start = end - 1;
    while (start > 0 && IDENTIFIER_PART.test(this.text.charAt(start - 1))) start--;
    const before = this.text[start - 1];
    // A run after `\`, `#`, `.5`-style numbers or a digit start is not a plain word.
    if (
      !IDENTIFIER_START.test(this.text.charAt(start)) ||
      before === "\\" ||
      before === "#" ||
      (before === "." && /\d/u.test(this.text[start - 2] ?? ""))
    )
      return undefined;
    return this.wordToken(start, end);
  }

  private wordToken(start: number, end: number): EstreeToken {
    const value = this.text.slice(start, end);
    return { type: this.wordType(value, start), value, range: [start, end], loc: this.lines.location(start, end) };
  }

  /** typescript-estree's token type for a word: reserved words are keywords unless used as names. */
  private wordType(value: string, start: number): string {
    if (!RESERVED_WORDS.has(value) || this.hints.identifierKeywordStarts.has(start)) return "Identifier";
    if (value === "null") return "Null";
    return value === "true" || value === "false" ? "Boolean" : "Keyword";
  }

  private punctuator(start: number, end: number): EstreeToken {
    return {
      type: "Punctuator",
      value: this.text.slice(start, end),
      range: [start, end],
      loc: this.lines.location(start, end),
    };
  }
}
