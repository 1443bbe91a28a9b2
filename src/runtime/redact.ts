/**
 * Redaction for logs. A `Redactor` replaces secrets in strings and in objects of any depth:
 *
 * - by key name, case-insensitively and ignoring `-`/`_` (`password`, `client-secret`,
 *   `Authorization`, `x-api-key`, `accessToken`, `_`-prefixed secret metadata such as `_auth`);
 * - by value pattern, in messages, object values and JSON embedded in strings, most specific first:
 *   values from the secrets file, PEM blocks, `Bearer`/`Basic` credentials (the token after the
 *   word), JWTs, well-known API key prefixes, Slack webhook URLs, the password in a URL's userinfo
 *   (`postgres://admin:…@host`) and in `curl -u user:…`, command-line flags with a secret name
 *   (`--password …`), `key=value` / `"key": "value"` pairs with a secret key (URL query
 *   parameters included), AWS-style 40-character secret keys, and finally long random-looking keys;
 * - by shape: binary values (`Buffer`, typed arrays) are never printed, `Map`, `Set`, `Headers`,
 *   `URLSearchParams` and `AggregateError.errors` are printed with their contents, redacted, and
 *   the value after a secret flag in an argv-like array (`["--password", v]`) is blanked.
 *
 * Secrets-file values are replaced in a first pass; the patterns are one alternation compiled per
 * instance, so a string is scanned once more at most.
 */

import {
  buildCandidatePattern,
  escapeRegExp,
  findLongRun,
  hasSecretFlag,
  hasSecretKeyValue,
  jsonTextForms,
} from "./redact-candidates.js";
import { loggableShapeOf, NOT_A_SHAPE } from "./redact-shapes.js";

export const REDACTED = "[REDACTED]";

export interface RedactorOptions {
  /** Values that must never be printed (for example `secretValuesOf(config)`); matched literally. */
  secrets?: readonly string[];
  /** Extra key names to treat as secret (compared case-insensitively, ignoring `-` and `_`). */
  keys?: readonly string[];
  /** Key names never treated as secret, even if they look like one (e.g. "tokenType"). */
  allowKeys?: readonly string[];
}

/** Substrings of a normalised key (lower case, no `-`/`_`) that mark it secret. */
const SECRET_KEY_PARTS = Object.freeze([
  "password",
  "passwd",
  "passphrase",
  "secret",
  "token",
  "authorization",
  "apikey",
  "privatekey",
  "accesskey",
  "accountkey",
  "credential",
  "cookie",
  "sessionid",
  "signature",
]);
/** Whole normalised keys that mark it secret (`sig`: SAS and signed-URL signatures; `refresh`: refresh tokens). */
const SECRET_KEY_NAMES = Object.freeze([
  "pwd",
  "pass",
  "auth",
  "jwt",
  "bearer",
  "otp",
  "pin",
  "salt",
  "sig",
  "refresh",
  "dsn",
]);
/** For `_`-prefixed metadata keys, these extra substrings also mark them secret. */
const METADATA_SECRET_PARTS = Object.freeze(["auth", "key", "sig", "hash", "salt", "cred", "private", "pass"]);

/** Secrets shorter than this are not matched literally inside text: they would shred ordinary words. */
const MIN_LITERAL_SECRET_LENGTH = 4;

/** A regex source matching `word` in any letter case (the combined pattern is case-sensitive). */
function anyCase(word: string): string {
  return word.replace(/[a-z]/g, (letter) => `[${letter}${letter.toUpperCase()}]`);
}

/** A key in `key=value` text; quoted keys need both quotes, so `"…/passwd": it` is not a key. */
const KEY_NAME = "[A-Za-z][A-Za-z0-9_-]{1,63}";
const TOKEN_CHARACTERS = String.raw`[A-Za-z0-9][A-Za-z0-9\-._~+/]{7,}=*`;

const VALUE_PATTERNS = Object.freeze({
  pem: String.raw`-----BEGIN [A-Z0-9 ]+-----[\s\S]*?-----END [A-Z0-9 ]+-----`,
  // After "Bearer" anything token-shaped is a token; after lower-case "bearer" (prose) and the
  // vaguer words it must also mix letters with a digit or base64 punctuation, so "Token validation failed"
  // stays readable.
  scheme: String.raw`\b(?:Bearer|BEARER)[ \t]+${TOKEN_CHARACTERS}|\b(?:bearer|Basic|Token|Digest)[ \t]+(?=[A-Za-z0-9\-._~+/]*[A-Za-z])(?=[A-Za-z0-9\-._~+/]*[0-9+/=])${TOKEN_CHARACTERS}`,
  jwt: String.raw`\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*`,
  // Stripe (`sk_`/`rk_`/`pk_`, `whsec_`), GitHub (classic and fine-grained), Slack (bot, user,
  // app), AWS access key ids (long-term and temporary), Google, GitLab.
  knownKey: String.raw`\b(?:sk|pk|rk)[-_](?:live|test|proj)?[-_]?[A-Za-z0-9]{16,}|\bwhsec_[A-Za-z0-9]{16,}|\bgh[pousr]_[A-Za-z0-9]{30,}|\bgithub_pat_[A-Za-z0-9_]{22,}|\bxox[abposre]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}|\b(?:AKIA|ASIA)[0-9A-Z]{16}\b|\bAIza[0-9A-Za-z_-]{35}|\bglpat-[A-Za-z0-9_-]{20,}`,
  slackWebhook: String.raw`\bhooks\.slack\.com/(?:services|workflows|triggers)/[A-Za-z0-9/_-]+`,
  // `scheme://user:password@`: the password goes, the user and host stay.
  urlUserinfo: String.raw`\b[A-Za-z][A-Za-z0-9+.-]{1,20}://[^\s/?#@:'"]*:[^\s/?#@'"]+@`,
  // `-u user:password`, but not `-u https://host` (a URL is another tool's `-u`, handled by urlUserinfo).
  curlUser: String.raw`(?<![A-Za-z0-9_-])(?:-u|--user)(?:[ \t]+|=)['"]?[^\s:'"]+:(?!\/\/)[^\s'"]+`,
  // `--name value`; the replacer decides by the flag's name (`--password x`, not `--verbose x`).
  flagValue: String.raw`(?<![A-Za-z0-9_-])--?[A-Za-z][A-Za-z0-9_-]{1,63}[ \t]+(?!-)(?:"(?:[^"\\]|\\.)*"|'[^']*'|[^\s"']+)`,
  // Any `key: value` / `key=value` / `"key":"value"`; the replacer decides by the key name (the
  // same rule as object keys). Starting only where a key starts keeps the scan linear; `scheme://`
  // is a URL, not a key.
  keyValue: String.raw`(?<![A-Za-z0-9_\\-])(?:-{1,2}${KEY_NAME}|${KEY_NAME}|\\?"${KEY_NAME}\\?"|'${KEY_NAME}')[ \t]*(?::(?!\/\/)|=)[ \t]*(?:\\"(?:[^"\\]|\\[^"])*\\"|"(?:[^"\\]|\\.)*"|'[^']*'|(?:(?:${anyCase("bearer")}|Basic|Token|Digest)[ \t]+)?[^\s,;&}\]"']+)`,
  // AWS secret access keys: exactly 40 base64 characters; the replacer wants them mixed.
  awsSecret: String.raw`(?<![A-Za-z0-9/+=])[A-Za-z0-9/+]{40}(?![A-Za-z0-9/+=])`,
  longKey: String.raw`(?<![A-Za-z0-9_-])[A-Za-z0-9_-]{32,}`,
});

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const KEY_VALUE_SPLIT = /^(?:\\?["'])?([A-Za-z0-9_-]+)(?:\\?["'])?[ \t]*[:=][ \t]*/;
const FLAG_SPLIT = /^(--?[A-Za-z0-9_-]+)[ \t]+/;
/** An argv element naming a flag (`--password`, `-token`), whose next element is its value. */
const FLAG = /^--?[A-Za-z][A-Za-z0-9_-]*$/;
const QUOTE_PREFIX = /^(?:\\"|"|')/;
/** `<value>`, `"<your client secret>"`: documentation placeholders, not secrets. */
const PLACEHOLDER = /^(?:\\?["'])?<[^<>]{1,40}>(?:\\?["'])?$/;

function normaliseKey(key: string): string {
  return key.toLowerCase().replace(/[-_\s]/g, "");
}

/** Splits `key: value` into the part up to the value and the value itself. */
function splitKeyValue(match: string): { key: string; head: string; value: string } {
  const split = KEY_VALUE_SPLIT.exec(match);
  const key = split?.[1];
  // KEY_VALUE_SPLIT's one group is not optional, so a match always captures the key.
  if (split === null || key === undefined) return { key: "", head: "", value: match };
  return { key, head: split[0], value: match.slice(split[0].length) };
}

function blankValue(value: string): string {
  const quote = QUOTE_PREFIX.exec(value)?.[0] ?? "";
  return `${quote}${REDACTED}${quote}`;
}

type PatternKind = keyof typeof VALUE_PATTERNS;

/** A long run of key characters is a key only if it mixes letters and digits and is not a UUID. */
function looksLikeGeneratedKey(text: string): boolean {
  return /\d/.test(text) && /[A-Za-z]/.test(text) && !UUID_PATTERN.test(text);
}

/** 40 base64 characters mixing cases and digits, not a path (a leading `/`, or more than 3 of them). */
function looksLikeAwsSecret(text: string): boolean {
  if (!/[a-z]/.test(text) || !/[A-Z]/.test(text) || !/\d/.test(text) || text.startsWith("/")) return false;
  return (text.match(/\//g)?.length ?? 0) <= 3;
}

/** How deep `stringify` walks before it leaves a value to the copying path (which detects cycles). */
const MAX_CLEAN_WALK_DEPTH = 16;
/** What the sharing walk of `stringify` returns for a value only the copying path prints exactly. */
const COPY_INSTEAD = Symbol("copy instead");
/** Clean strings remembered per Redactor, and the longest one worth remembering. */
const MAX_CACHED_STRINGS = 2048;
const MAX_CACHED_STRING = 4096;

export class Redactor {
  readonly #pattern: RegExp;
  readonly #kinds: readonly PatternKind[];
  readonly #literalPattern: RegExp | undefined;
  readonly #extraKeys: ReadonlySet<string>;
  readonly #allowedKeys: ReadonlySet<string>;
  readonly #keyDecisions = new Map<string, boolean>();
  readonly #shortestMatch: number;
  /** Where a secret could start in a string (see redact-candidates.ts); built once per instance. */
  readonly #mightHoldSecret: RegExp;
  readonly #cleanStrings = new Set<string>();
  readonly #isSecretKey: (key: string) => boolean;

  constructor(options: RedactorOptions = {}) {
    const literals = [
      ...new Set(
        (options.secrets ?? []).filter((secret) => secret.length >= MIN_LITERAL_SECRET_LENGTH).flatMap(jsonTextForms),
      ),
    ];
    literals.sort((left, right) => right.length - left.length);
    this.#extraKeys = new Set((options.keys ?? []).map(normaliseKey));
    this.#allowedKeys = new Set((options.allowKeys ?? []).map(normaliseKey));
    this.#literalPattern = literals.length === 0 ? undefined : new RegExp(literals.map(escapeRegExp).join("|"), "g");
    // Each alternative is one capturing group (the patterns themselves only use non-capturing
    // groups), so the replacer knows which kind matched; earlier alternatives win at a position.
    // VALUE_PATTERNS is a literal keyed by PatternKind, so Object.keys lists exactly those kinds.
    this.#kinds = Object.keys(VALUE_PATTERNS) as PatternKind[];
    this.#pattern = new RegExp(
      Object.values(VALUE_PATTERNS)
        .map((source) => `(${source})`)
        .join("|"),
      "g",
    );
    // The shortest text a pattern can change is `pin=1`; with extra keys or literals, maybe shorter.
    const extraKeyPairs = [...this.#extraKeys].map((key) => Math.max(2, key.length) + 2);
    this.#shortestMatch = Math.min(5, ...extraKeyPairs, ...literals.map((literal) => literal.length));
    this.#mightHoldSecret = buildCandidatePattern(literals);
    this.#isSecretKey = (key) => this.isSecretKey(key);
  }

  /** True when a property with this name holds a secret. Decisions are remembered per key. */
  isSecretKey(key: string): boolean {
    const known = this.#keyDecisions.get(key);
    if (known !== undefined) return known;
    const decision = this.#decideKey(key);
    if (this.#keyDecisions.size < 10_000) this.#keyDecisions.set(key, decision);
    return decision;
  }

  #decideKey(key: string): boolean {
    const normalised = normaliseKey(key);
    if (this.#allowedKeys.has(normalised)) return false;
    if (this.#extraKeys.has(normalised) || SECRET_KEY_NAMES.includes(normalised)) return true;
    if (SECRET_KEY_PARTS.some((part) => normalised.includes(part))) return true;
    return key.startsWith("_") && METADATA_SECRET_PARTS.some((part) => normalised.includes(part));
  }

  /** The text with every secret-looking value replaced by `[REDACTED]`. */
  redactString(text: string): string {
    // Every change starts at a candidate (a secret key before `:`/`=`, a value pattern's start, a
    // secrets-file value, a long run); most strings have none.
    return this.#isCleanString(text) ? text : this.redactStringFully(text);
  }

  /**
   * `redactString` without its shortcut for strings that hold no candidate (see
   * redact-candidates.ts): the same result, slower. Exposed so the shortcut can be checked against
   * it (a property test holds the two equal).
   */
  redactStringFully(text: string): string {
    // Known secrets go first, in a pass of their own, so a pattern match that starts earlier
    // cannot swallow half of a secret and leave the other half behind.
    const withoutLiterals = this.#literalPattern === undefined ? text : text.replace(this.#literalPattern, REDACTED);
    return withoutLiterals.replace(this.#pattern, (match: string, ...groups: unknown[]) =>
      this.#replacementFor(match, this.#kinds[groups.findIndex((group) => group !== undefined)]),
    );
  }

  #replacementFor(match: string, kind: PatternKind | undefined): string {
    switch (kind) {
      case "pem":
        return "[REDACTED PEM]";
      case "scheme":
        return match.replace(/^(\S+[ \t]+)[\s\S]*$/, `$1${REDACTED}`);
      case "keyValue": {
        const { key, head, value } = splitKeyValue(match);
        // Not a secret key: the value may still hold a secret (`url=https://x?token=…`), so scan it.
        if (PLACEHOLDER.test(value)) return match;
        return this.isSecretKey(key) ? `${head}${blankValue(value)}` : `${head}${this.redactStringFully(value)}`;
      }
      case "slackWebhook":
        return match.replace(/^(hooks\.slack\.com\/[a-z]+\/)[\s\S]*$/, `$1${REDACTED}`);
      case "urlUserinfo":
        return match.replace(/^([^:]+:\/\/[^:]*:)[\s\S]*@$/, `$1${REDACTED}@`);
      case "curlUser":
        return match.replace(/^((?:-u|--user)(?:[ \t]+|=)['"]?[^\s:'"]+:)[\s\S]*$/, `$1${REDACTED}`);
      case "flagValue":
        return this.#flagReplacement(match);
      case "awsSecret":
        return looksLikeAwsSecret(match) || (/^[\w-]+$/.test(match) && looksLikeGeneratedKey(match)) ? REDACTED : match;
      case "longKey":
        return looksLikeGeneratedKey(match) ? REDACTED : match;
      default:
        return REDACTED;
    }
  }

  /** `--name value`: the value goes when the name is secret; otherwise it is scanned like any text. */
  #flagReplacement(match: string): string {
    const head = FLAG_SPLIT.exec(match)?.[0] ?? "";
    const value = match.slice(head.length);
    if (PLACEHOLDER.test(value)) return match;
    return this.isSecretKey(head.trim()) ? `${head}${blankValue(value)}` : `${head}${this.redactStringFully(value)}`;
  }

  /** True when `array[index]` is the value of a secret flag just before it (`["--password", v]`). */
  #followsSecretFlag(array: readonly unknown[], index: number): boolean {
    if (index === 0) return false;
    const previous = array[index - 1];
    return (
      typeof previous === "string" &&
      previous.charCodeAt(0) === 0x2d &&
      FLAG.test(previous) &&
      this.isSecretKey(previous)
    );
  }

  /**
   * `JSON.stringify(this.redact(value))`, for log lines, without copying what needs no redaction:
   * a walk builds the redacted value out of the original's clean parts (shared, not copied), and
   * V8's native serialiser writes it. Errors, cycles, BigInts and `toJSON` methods other than
   * `Date`'s take the copying path, so logging never throws and prints nothing unredacted.
   */
  stringify(value: unknown): string {
    try {
      const shared = this.#share(value, 0);
      if (shared !== COPY_INSTEAD) return JSON.stringify(shared);
    } catch {
      // A getter that throws: the copying path prints what it can.
    }
    return this.#stringifyCopy(value);
  }

  /** The redacted form of `value`, sharing every part that needs nothing; `COPY_INSTEAD` where only `redact()` is exact. */
  #share(value: unknown, depth: number): unknown {
    if (typeof value === "string") return this.#isCleanString(value) ? value : this.redactStringFully(value);
    if (typeof value !== "object" || value === null) return typeof value === "bigint" ? COPY_INSTEAD : value;
    if (depth > MAX_CLEAN_WALK_DEPTH) return COPY_INSTEAD;
    // An array's own `toJSON` is honoured by JSON.stringify but not by `redact()`; the copy decides.
    if (Array.isArray(value))
      // Any object may have an own `toJSON`; the typeof check reads it without calling it.
      return typeof (value as { toJSON?: unknown }).toJSON === "function"
        ? COPY_INSTEAD
        : this.#shareArray(value, depth);
    const prototype: unknown = Object.getPrototypeOf(value);
    // Not an array (returned above) and a plain prototype-less object: its own keys are its fields.
    if (prototype === null) return this.#shareObject(value as Record<string, unknown>, depth, false);
    if (prototype === Object.prototype)
      // Not an array (returned above) and a plain object: its own keys are its fields.
      return this.#shareObject(value as Record<string, unknown>, depth, hasEnumerableKey(Object.prototype));
    if (value instanceof Date) return value;
    if (
      value instanceof Error ||
      // Any object may have a `toJSON`; the typeof check reads it without calling it.
      typeof (value as { toJSON?: unknown }).toJSON === "function" ||
      isBoxedPrimitive(value)
    )
      return COPY_INSTEAD;
    // Binary values, Map, Set, Headers, …: `redact()` prints their contents (or not, for bytes).
    if (loggableShapeOf(value) !== NOT_A_SHAPE) return COPY_INSTEAD;
    // Every other shape returned above; what is left is an object whose own keys are its fields.
    return this.#shareObject(value as Record<string, unknown>, depth, true);
  }

  #shareArray(array: readonly unknown[], depth: number): unknown {
    let copy: unknown[] | undefined;
    for (let index = 0; index < array.length; index += 1) {
      const item = array[index];
      const shared =
        item !== undefined && item !== null && this.#followsSecretFlag(array, index)
          ? REDACTED
          : this.#share(item, depth + 1);
      if (shared === item) continue;
      if (shared === COPY_INSTEAD) return COPY_INSTEAD;
      copy ??= array.slice();
      copy[index] = shared;
    }
    return copy ?? array;
  }

  /** `for…in` rather than `Object.keys`: V8 reads the values through its enum cache, a third faster here. */
  #shareObject(object: Record<string, unknown>, depth: number, inherits: boolean): unknown {
    let copy: Record<string, unknown> | undefined;
    let index = 0;
    for (const key in object) {
      if (inherits && !Object.hasOwn(object, key)) continue;
      const child = object[key];
      // An own `toJSON` replaces the object in JSON.stringify; `redact()` handles that.
      if (key === "toJSON" && typeof child === "function") return COPY_INSTEAD;
      const shared =
        child !== undefined && child !== null && this.isSecretKey(key) ? REDACTED : this.#share(child, depth + 1);
      if (shared === COPY_INSTEAD) return COPY_INSTEAD;
      index += 1;
      if (copy === undefined && shared === child) continue;
      copy ??= copyOwnValues(object, Object.keys(object), index - 1);
      setOwnValue(copy, key, shared);
    }
    return copy ?? object;
  }

  /** Strings found clean are remembered (bounded): log lines repeat their messages and field values. */
  #isCleanString(text: string): boolean {
    if (text.length < this.#shortestMatch || this.#cleanStrings.has(text)) return true;
    if (
      this.#mightHoldSecret.test(text) ||
      hasSecretKeyValue(text, this.#isSecretKey) ||
      hasSecretFlag(text, this.#isSecretKey) ||
      findLongRun(text) !== -1
    )
      return false;
    if (text.length <= MAX_CACHED_STRING) {
      if (this.#cleanStrings.size >= MAX_CACHED_STRINGS) this.#cleanStrings.clear();
      this.#cleanStrings.add(text);
    }
    return true;
  }

  #stringifyCopy(value: unknown): string {
    try {
      return JSON.stringify(this.redact(value));
    } catch {
      // A getter that throws: the line still gets written, without the value.
      return JSON.stringify("[Unserializable value]");
    }
  }

  /** A redacted copy of any value: secret keys blanked at any depth, strings scanned for secrets. */
  redact(value: unknown): unknown {
    return this.#redactValue(value, new WeakSet(), 0);
  }

  #redactValue(value: unknown, seen: WeakSet<object>, depth: number): unknown {
    if (typeof value === "string") return this.redactString(value);
    // JSON has no BigInt; as a string it prints instead of throwing.
    if (typeof value === "bigint") return this.redactString(value.toString());
    if (typeof value !== "object" || value === null) return value;
    if (seen.has(value)) return "[Circular]";
    if (depth > 32) return "[Too deep]";
    seen.add(value);
    const result = Array.isArray(value)
      ? this.#redactArray(value, seen, depth)
      : this.#redactObject(value, seen, depth);
    seen.delete(value);
    return result;
  }

  #redactArray(array: readonly unknown[], seen: WeakSet<object>, depth: number): unknown[] {
    return array.map((item, index) =>
      item !== undefined && item !== null && this.#followsSecretFlag(array, index)
        ? REDACTED
        : this.#redactValue(item, seen, depth + 1),
    );
  }

  #redactObject(value: object, seen: WeakSet<object>, depth: number): unknown {
    if (value instanceof Error) return this.#redactObject(errorFields(value), seen, depth);
    const shape = loggableShapeOf(value);
    if (shape !== NOT_A_SHAPE) return this.#redactValue(shape, seen, depth + 1);
    const source = jsonFormOf(value);
    if (source !== value) return this.#redactValue(source, seen, depth + 1);
    const copy: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      // Object.keys just listed this key as an own enumerable key of value.
      const child = (value as Record<string, unknown>)[key];
      const redacted =
        this.isSecretKey(key) && child !== undefined && child !== null
          ? REDACTED
          : this.#redactValue(child, seen, depth + 1);
      setOwnValue(copy, key, redacted);
    }
    return copy;
  }
}

/** Sets an own data property, even one named `__proto__` (assignment would change the prototype). */
function setOwnValue(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === "__proto__")
    Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}

/** True when `for…in` over an object inheriting from `prototype` would also list inherited keys. */
function hasEnumerableKey(prototype: object): boolean {
  const keys: string[] = [];
  // for…in is the walk the caller does, so it decides what counts; the first key is enough.
  for (const key in prototype) {
    keys.push(key);
    break;
  }
  return keys.length > 0;
}

/** A plain object holding `object`'s first `count` keys and their values. */
function copyOwnValues(
  object: Record<string, unknown>,
  keys: readonly string[],
  count: number,
): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of keys.slice(0, count)) setOwnValue(copy, key, object[key]);
  return copy;
}

/** `new String("…")` and friends, which JSON.stringify prints as the primitive inside. */

// eslint-disable-next-line @typescript-eslint/no-wrapper-object-types -- boxed primitives (`new String("x")`) are what this detects
function isBoxedPrimitive(value: object): value is String | Number | Boolean {
  return value instanceof String || value instanceof Number || value instanceof Boolean;
}

/** What JSON.stringify would print for `value`: its `toJSON()` result, if it has one that works. */
function jsonFormOf(value: object): unknown {
  if (isBoxedPrimitive(value)) return value.valueOf();
  // Any object may have a `toJSON`; the typeof check reads it without calling it.
  if (typeof (value as { toJSON?: unknown }).toJSON !== "function") return value;
  try {
    // The line above returned unless toJSON is a function.
    return (value as { toJSON(): unknown }).toJSON();
  } catch {
    return "[toJSON failed]";
  }
}

/**
 * The loggable fields of an error (its own JSON form for `HelpfulError`s), including the stack and,
 * for an `Error` cause, the cause's fields (a few levels deep).
 */
function errorFields(error: Error, depth = 0): Record<string, unknown> {
  const own =
    // An Error may define `toJSON`; it is called only when the typeof check finds a function.
    typeof (error as { toJSON?: unknown }).toJSON === "function"
      ? // The condition just found a `toJSON` function on this error; its contract returns the fields.
        (error as unknown as { toJSON(): Record<string, unknown> }).toJSON()
      : { name: error.name, message: error.message };
  const fields: Record<string, unknown> = { ...own, message: error.message, stack: error.stack };
  // AggregateError (and Promise.any's rejections): the errors it gathers are the useful part.
  const gathered = (error as { errors?: unknown }).errors;
  if (Array.isArray(gathered)) fields.errors = gathered;
  if (error.cause instanceof Error && depth < 4) fields.cause = errorFields(error.cause, depth + 1);
  else if (error.cause !== undefined && !("cause" in own)) fields.cause = error.cause;
  return fields;
}
