/**
 * A strict JSON parser that remembers where every key is, so configuration errors can point at a
 * line, and that reports syntax errors by line and column without quoting the text (the text may be
 * a secrets file). `JSON.parse` gives neither reliably: some of its messages quote the input and
 * some carry no position at all.
 */

export interface TextPosition {
  line: number;
  column: number;
}

export interface LocatedJson {
  value: unknown;
  /** JSON Pointer (as ajv's `instancePath`, "" for the root) → where that value's key starts. */
  locations: ReadonlyMap<string, TextPosition>;
}

/** A syntax error at a position; `message` never contains the input text. */
export class JsonSyntaxProblem extends Error {
  constructor(
    message: string,
    readonly position: TextPosition,
  ) {
    super(message);
    this.name = "JsonSyntaxProblem";
  }
}

export function pointerSegment(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

const NUMBER_SOURCE = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const STRING_SOURCE = String.raw`"(?:[^"\\\u0000-\u001F]|\\(?:["\\/bfnrt]|u[0-9a-fA-F]{4}))*"`;
const LITERALS: ReadonlyArray<readonly [string, unknown]> = [["true", true], ["false", false], ["null", null]];

class LocatingParser {
  #offset = 0;
  readonly #locations = new Map<string, TextPosition>();
  // Sticky regexes carry lastIndex, so each parser owns its own.
  readonly #numberPattern = new RegExp(NUMBER_SOURCE, "y");
  readonly #stringPattern = new RegExp(STRING_SOURCE, "y");
  readonly #lineStarts: number[];

  constructor(private readonly text: string) {
    this.#lineStarts = [0];
    for (let index = text.indexOf("\n"); index !== -1; index = text.indexOf("\n", index + 1)) this.#lineStarts.push(index + 1);
  }

  parse(): LocatedJson {
    this.#skipWhitespace();
    if (this.#offset >= this.text.length) this.#fail("the file is empty; expected a JSON object");
    this.#locations.set("", this.#positionAt(this.#offset));
    const value = this.#parseValue("");
    this.#skipWhitespace();
    if (this.#offset < this.text.length) this.#fail("unexpected content after the end of the JSON value");
    return { value, locations: this.#locations };
  }

  #positionAt(offset: number): TextPosition {
    let low = 0;
    let high = this.#lineStarts.length - 1;
    while (low < high) {
      const middle = Math.ceil((low + high) / 2);
      if (this.#lineStarts[middle] <= offset) low = middle;
      else high = middle - 1;
    }
    return { line: low + 1, column: offset - this.#lineStarts[low] + 1 };
  }

  #fail(message: string): never {
    throw new JsonSyntaxProblem(message, this.#positionAt(Math.min(this.#offset, this.text.length)));
  }

  #skipWhitespace(): void {
    while (this.#offset < this.text.length && " \t\n\r".includes(this.text[this.#offset])) this.#offset += 1;
  }

  #parseValue(pointer: string): unknown {
    const character = this.text[this.#offset];
    if (character === "{") return this.#parseObject(pointer);
    if (character === "[") return this.#parseArray(pointer);
    if (character === '"') return this.#parseString();
    if (character === "-" || (character >= "0" && character <= "9")) return this.#parseNumber();
    return this.#parseLiteral();
  }

  #parseLiteral(): unknown {
    for (const [word, value] of LITERALS) {
      if (this.text.startsWith(word, this.#offset)) {
        this.#offset += word.length;
        return value;
      }
    }
    if (this.#offset >= this.text.length) this.#fail("unexpected end of the file; a value is missing");
    return this.#fail("expected a value (a string in double quotes, a number, true, false, null, an object or an array)");
  }

  #parseNumber(): number {
    this.#numberPattern.lastIndex = this.#offset;
    const match = this.#numberPattern.exec(this.text);
    if (match === null) this.#fail("malformed number");
    this.#offset += match[0].length;
    return Number(match[0]);
  }

  #parseString(): string {
    this.#stringPattern.lastIndex = this.#offset;
    const match = this.#stringPattern.exec(this.text);
    if (match === null) this.#fail("malformed string: it is not closed on this line, or it has a bad escape or a raw control character");
    this.#offset += match[0].length;
    return JSON.parse(match[0]) as string;
  }

  #expect(character: string, message: string): void {
    this.#skipWhitespace();
    if (this.text[this.#offset] !== character) this.#fail(message);
    this.#offset += 1;
  }

  #parseObject(pointer: string): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    this.#offset += 1;
    this.#skipWhitespace();
    if (this.text[this.#offset] === "}") {
      this.#offset += 1;
      return result;
    }
    for (;;) {
      this.#parseMember(pointer, result);
      this.#skipWhitespace();
      const separator = this.text[this.#offset];
      if (separator === "}") break;
      if (separator !== ",") this.#fail("expected ',' or '}' after a value (is a comma missing?)");
      this.#offset += 1;
      this.#skipWhitespace();
      if (this.text[this.#offset] === "}") this.#fail("trailing comma before '}' is not allowed in JSON");
    }
    this.#offset += 1;
    return result;
  }

  #parseMember(pointer: string, target: Record<string, unknown>): void {
    this.#skipWhitespace();
    if (this.text[this.#offset] !== '"') this.#fail("expected a key in double quotes");
    const keyPosition = this.#positionAt(this.#offset);
    const key = this.#parseString();
    this.#expect(":", "expected ':' after the key");
    this.#skipWhitespace();
    const childPointer = `${pointer}/${pointerSegment(key)}`;
    this.#locations.set(childPointer, keyPosition);
    // defineProperty keeps "__proto__" an ordinary own key, exactly as JSON.parse does.
    Object.defineProperty(target, key, { value: this.#parseValue(childPointer), enumerable: true, writable: true, configurable: true });
  }

  #parseArray(pointer: string): unknown[] {
    const result: unknown[] = [];
    this.#offset += 1;
    this.#skipWhitespace();
    if (this.text[this.#offset] === "]") {
      this.#offset += 1;
      return result;
    }
    for (;;) {
      this.#skipWhitespace();
      const childPointer = `${pointer}/${result.length}`;
      this.#locations.set(childPointer, this.#positionAt(this.#offset));
      result.push(this.#parseValue(childPointer));
      this.#skipWhitespace();
      const separator = this.text[this.#offset];
      if (separator === "]") break;
      if (separator !== ",") this.#fail("expected ',' or ']' after an array element");
      this.#offset += 1;
    }
    this.#offset += 1;
    return result;
  }
}

/** Parses JSON text, recording the position of every key; throws `JsonSyntaxProblem` on bad input. */
export function parseLocatedJson(text: string): LocatedJson {
  const withoutBom = text.startsWith("\uFEFF") ? text.slice(1) : text;
  return new LocatingParser(withoutBom).parse();
}
