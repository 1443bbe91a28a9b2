/**
 * Redaction of text that `JSON.stringify` produced, so the logger can use V8's native serialiser
 * and pay for redaction only where something might need it.
 *
 * One precompiled candidate pattern (built per `Redactor`) finds every position where a secret
 * could start: fragments of secret key names, `_`-prefixed keys, the starts of the value patterns,
 * secrets-file values in raw and JSON-escaped form; a small loop finds runs of 32 key characters
 * (a regex for that is ten times slower than the rest together). Most log lines have no candidate
 * and are returned as they are. At a candidate the surrounding JSON string is found (inside
 * `JSON.stringify` output every inner quote is escaped): a string followed by `:` is a key, and a
 * secret key's whole value becomes `"[REDACTED]"`; any other string is unescaped, passed through
 * `redactString`, and escaped again if that changed it.
 *
 * The candidate pattern must match wherever `redactString`/`isSecretKey` would change something.
 * It assumes a secret word in a key is not split by separators inside itself: `pass_word` and
 * `api-key` are found, `to-ken` is not (the copying `Redactor.redact` still blanks it).
 */

/** What the scan asks of a `Redactor`. */
export interface JsonTextRules {
  isSecretKey(key: string): boolean;
  redactString(text: string): string;
}

/** Parts of secret key names (see `Redactor#decideKey`); `[-_\s]?` where a key often splits words. */
const SECRET_KEY_FRAGMENTS = Object.freeze(["pass", "pwd", "secret", "token", "auth", "api~key", "private~key", "credential", "cookie", "session~id", "signature", "jwt", "bearer", "otp", "pin", "salt"]);

/** Where the value patterns of `redactString` can start (they are case-sensitive there too). */
const VALUE_PATTERN_STARTS = Object.freeze(['"_', "-----BEGIN", "Basic", "Digest", "eyJ", "[spr]k[-_]", "gh[pousr]_", "xox", "AKIA", "AIza", "glpat-"]);

/** A generated key is at least this long (`longKey` in redact.ts). */
export const LONG_KEY_LENGTH = 32;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** Regex source for one character in either case; the Kelvin sign lower-cases to "k" as well. */
function anyCaseCharacter(character: string): string {
  if (character === "k") return "[kK\u212A]";
  const upper = character.toUpperCase();
  return upper.length === 1 && upper !== character ? `[${escapeRegExp(character)}${escapeRegExp(upper)}]` : escapeRegExp(character);
}

/** Regex source for `word` in any letter case; `~` in the built-in fragments marks an optional separator. */
function anyCaseFragment(word: string): string {
  return word.split("~").map((part) => [...part].map(anyCaseCharacter).join("")).join(String.raw`[-_\s]?`);
}

/** How a string appears inside JSON text: as is, escaped once, and escaped twice (JSON inside a string). */
function jsonTextForms(text: string): string[] {
  const once = JSON.stringify(text).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [...new Set([text, once, twice])];
}

/**
 * The candidate pattern, and the texts its secrets-file alternatives match. Every other
 * alternative can only match inside a JSON string (letters, `-----`, `"_`; JSON text has letters
 * outside strings only in true/false/null and exponents, where no alternative matches), so only a
 * literal match needs the slower walk that finds out whether it is inside a string at all.
 */
export interface CandidatePattern {
  pattern: RegExp;
  literals: ReadonlySet<string>;
}

/** The first atom of a regex source built here: a class, an escape, or one character. */
const FIRST_ATOM = /^(?:\[[^\]]*\]|\\u[0-9a-fA-F]{4}|\\[\s\S]|[\s\S])/;

/**
 * `a1|a2|b1` as `a(?:1|2)|b1`: irregexp tries every alternative at every position, so sharing the
 * first atom makes the scan about a quarter faster. Which alternative matches does not matter,
 * only where.
 */
function groupByFirstAtom(alternatives: readonly string[]): string {
  const groups = new Map<string, string[]>();
  for (const alternative of alternatives) {
    const first = FIRST_ATOM.exec(alternative)?.[0] ?? "";
    const rests = groups.get(first) ?? [];
    rests.push(alternative.slice(first.length));
    groups.set(first, rests);
  }
  return [...groups].map(([first, rests]) => (rests.length === 1 ? `${first}${rests[0]}` : `${first}(?:${rests.join("|")})`)).join("|");
}

/**
 * The candidate pattern for one redactor: `extraKeys` are normalised secret key names given by
 * the user, `literals` the secrets-file values that are long enough to be matched in text.
 */
export function buildCandidatePattern(extraKeys: Iterable<string>, literals: readonly string[]): CandidatePattern {
  const extraFragments = [...extraKeys].map((key) => [...JSON.stringify(key).slice(1, -1)].map(anyCaseCharacter).join(""));
  const keyFragments = [...SECRET_KEY_FRAGMENTS.map(anyCaseFragment), ...extraFragments];
  const literalForms = [...new Set(literals.flatMap(jsonTextForms))].sort((left, right) => right.length - left.length);
  const alternatives = [...keyFragments, ...VALUE_PATTERN_STARTS, ...literalForms.map(escapeRegExp)].filter((alternative) => alternative !== "");
  return { pattern: new RegExp(groupByFirstAtom(alternatives), "g"), literals: new Set(literalForms) };
}

function isKeyCharacter(code: number): boolean {
  return (code >= 0x61 && code <= 0x7a) || (code >= 0x41 && code <= 0x5a) || (code >= 0x30 && code <= 0x39) || code === 0x5f || code === 0x2d;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** End (exclusive) of the run of key characters that contains `start`. */
function runEnd(text: string, start: number): number {
  let end = start;
  while (end < text.length && isKeyCharacter(text.charCodeAt(end))) end += 1;
  return end;
}

/**
 * Start of the first run of at least `length` key characters at or after `from`, or -1. Probes
 * the last character of each window and walks back only over key characters, so ordinary text
 * costs about one check per word instead of one per character. A whole run that is exactly a UUID
 * is skipped: `redactString` never treats one as a key, and request ids are everywhere in logs.
 */
export function findLongKeyRun(text: string, from: number, length = LONG_KEY_LENGTH): number {
  let start = from;
  while (start + length <= text.length) {
    let probe = start + length - 1;
    while (probe >= start && isKeyCharacter(text.charCodeAt(probe))) probe -= 1;
    if (probe >= start) {
      start = probe + 1;
      continue;
    }
    const end = runEnd(text, start);
    const wholeRun = start === 0 || !isKeyCharacter(text.charCodeAt(start - 1));
    if (!wholeRun || !UUID.test(text.slice(start, end))) return start;
    start = end;
  }
  return -1;
}

function isEscaped(text: string, quote: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes += 1;
  return backslashes % 2 === 1;
}

/** Index of the quote closing the JSON string that opens at `open`. */
function closingQuote(text: string, open: number): number {
  let close = text.indexOf('"', open + 1);
  while (close !== -1 && isEscaped(text, close)) close = text.indexOf('"', close + 1);
  return close === -1 ? text.length : close;
}

/** Index of the quote opening the JSON string that contains `at` (which must be inside one). */
function openingQuote(text: string, at: number): number {
  let open = text.lastIndexOf('"', at);
  while (open > 0 && isEscaped(text, open)) open = text.lastIndexOf('"', open - 1);
  return open;
}

/** End (exclusive) of the object or array starting at `start`, skipping strings. */
function balancedEnd(text: string, start: number): number {
  let depth = 0;
  for (let index = start; index < text.length; index += 1) {
    const code = text.charCodeAt(index);
    if (code === QUOTE) index = closingQuote(text, index);
    else if (code === 0x7b || code === 0x5b) depth += 1;
    else if ((code === 0x7d || code === 0x5d) && --depth === 0) return index + 1;
  }
  return text.length;
}

/** End (exclusive) of the JSON value starting at `start`. */
function valueEnd(text: string, start: number): number {
  const code = text.charCodeAt(start);
  if (code === QUOTE) return closingQuote(text, start) + 1;
  if (code === 0x7b || code === 0x5b) return balancedEnd(text, start);
  let end = start;
  while (end < text.length && !",}]".includes(text[end])) end += 1;
  return end;
}

/** Next candidate position at or after `from`: the earlier of the pattern's next match and the next long run. */
class CandidateFinder {
  readonly #text: string;
  readonly #candidates: CandidatePattern;
  #patternAt = -2;
  #patternIsLiteral = false;
  #runAt = -2;

  constructor(text: string, candidates: CandidatePattern) {
    this.#text = text;
    this.#candidates = candidates;
  }

  /** True when the position `next` returned may be outside every string (a secrets-file value matched there). */
  mayBeOutsideStrings(at: number): boolean {
    return at === this.#patternAt && this.#patternIsLiteral;
  }

  next(from: number): number {
    if (this.#patternAt !== -1 && this.#patternAt < from) {
      const { pattern, literals } = this.#candidates;
      pattern.lastIndex = from;
      const match = pattern.exec(this.#text);
      this.#patternAt = match?.index ?? -1;
      this.#patternIsLiteral = match !== null && literals.has(match[0]);
    }
    if (this.#runAt !== -1 && this.#runAt < from) this.#runAt = findLongKeyRun(this.#text, from);
    if (this.#patternAt === -1) return this.#runAt;
    return this.#runAt === -1 ? this.#patternAt : Math.min(this.#patternAt, this.#runAt);
  }
}

/** One pass over one JSON text: finds the strings around candidates and collects replacements. */
class JsonTextRedaction {
  readonly #text: string;
  readonly #rules: JsonTextRules;
  readonly #parts: string[] = [];
  #copiedUpTo = 0;
  /** A position known to be outside every string; strings are found forward from here. */
  #outside = 0;

  constructor(text: string, rules: JsonTextRules) {
    this.#text = text;
    this.#rules = rules;
  }

  /** Handles the candidate at `at`, known to be inside a string; returns where scanning continues. */
  handleInsideString(at: number): number {
    const open = openingQuote(this.#text, at);
    const close = closingQuote(this.#text, open);
    return this.#text.charCodeAt(close + 1) === 0x3a ? this.#handleKey(open, close) : this.#handleValue(open, close);
  }

  /** Handles the candidate at `at`, which may be outside every string; returns where scanning continues. */
  handle(at: number): number {
    const text = this.#text;
    let open = text.indexOf('"', this.#outside);
    while (open !== -1 && open <= at) {
      const close = closingQuote(text, open);
      if (close >= at) return text.charCodeAt(close + 1) === 0x3a ? this.#handleKey(open, close) : this.#handleValue(open, close);
      this.#outside = close + 1;
      open = text.indexOf('"', this.#outside);
    }
    // Outside every string (a secrets-file value that looks like a number, say): nothing to do.
    return at + 1;
  }

  #handleKey(open: number, close: number): number {
    const key = JSON.parse(this.#text.slice(open, close + 1)) as string;
    const valueStart = close + 2;
    this.#outside = valueStart;
    if (!this.#rules.isSecretKey(key) || this.#text.startsWith("null", valueStart)) return valueStart;
    const end = valueEnd(this.#text, valueStart);
    this.#replace(valueStart, end, '"[REDACTED]"');
    this.#outside = end;
    return end;
  }

  #handleValue(open: number, close: number): number {
    const value = JSON.parse(this.#text.slice(open, close + 1)) as string;
    const redacted = this.#rules.redactString(value);
    if (redacted !== value) this.#replace(open, close + 1, JSON.stringify(redacted));
    this.#outside = close + 1;
    return close + 1;
  }

  #replace(start: number, end: number, replacement: string): void {
    this.#parts.push(this.#text.slice(this.#copiedUpTo, start), replacement);
    this.#copiedUpTo = end;
  }

  result(): string {
    if (this.#parts.length === 0) return this.#text;
    this.#parts.push(this.#text.slice(this.#copiedUpTo));
    return this.#parts.join("");
  }
}

/** `text` (output of `JSON.stringify`) with secret keys' values and secret-looking strings redacted. */
export function redactJsonText(text: string, candidates: CandidatePattern, rules: JsonTextRules): string {
  const finder = new CandidateFinder(text, candidates);
  let at = finder.next(0);
  if (at === -1) return text;
  const redaction = new JsonTextRedaction(text, rules);
  while (at !== -1) at = finder.next(finder.mayBeOutsideStrings(at) ? redaction.handle(at) : redaction.handleInsideString(at));
  return redaction.result();
}
