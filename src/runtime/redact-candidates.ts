/**
 * Where a secret could start in a string, found cheaply so `redactString` (and the sharing walk of
 * `Redactor.stringify`) can skip the many strings that hold none.
 *
 * Four checks, each much cheaper than the value patterns themselves:
 * - one precompiled pattern for the starts of the value patterns (scheme words, `-----BEGIN`,
 *   `eyJ`, known key prefixes, URL userinfo, `curl -u`) and the secrets-file values (raw and
 *   JSON-escaped);
 * - `key=value` / `key: value` text can only hide a secret behind a secret key, so only the word
 *   before each `:` and `=` is looked at (searching the text for every key fragment in any case
 *   cost more than `JSON.stringify` of the same text);
 * - likewise `--flag value` only behind a secret flag name, looked at from each `-`;
 * - a small loop finds runs of 32 key or base64 characters (a regex for that is ten times slower).
 * Each check must fire wherever `redactString` would change something (a property test compares
 * it with the full scan); a false alarm only costs the full scan.
 */

/**
 * Where the value patterns of `redactString` can start (they are case-sensitive there too).
 * GitHub (`ghp_` + 30) and Google (`AIza` + 35) keys are runs of 32 key characters or more, which
 * the run check finds anyway.
 */
const VALUE_PATTERN_STARTS = Object.freeze([
  "-----BEGIN",
  "Bearer",
  "BEARER",
  "bearer",
  "Basic",
  "Token",
  "Digest",
  "eyJ",
  "[spr]k[-_]",
  "whsec_",
  "github_pat_",
  "xox",
  "xapp-",
  "AKIA",
  "ASIA",
  "glpat-",
  String.raw`hooks\.slack\.com/`,
  // `scheme://user:password@` (any userinfo before an `@`).
  String.raw`:\/\/[^\s/?#@]*@`,
  String.raw`-u[ \t=]`,
  "--user",
]);

/** A generated key is at least this long (`longKey` in redact.ts). */
export const LONG_KEY_LENGTH = 32;

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, "\\$&");
}

/** How a string appears in text: as is, JSON-escaped once, and twice (JSON inside a JSON string). */
export function jsonTextForms(text: string): string[] {
  const once = JSON.stringify(text).slice(1, -1);
  const twice = JSON.stringify(once).slice(1, -1);
  return [...new Set([text, once, twice])];
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
  return [...groups]
    .map(([first, rests]) => (rests.length === 1 ? `${first}${rests[0]}` : `${first}(?:${rests.join("|")})`))
    .join("|");
}

/** The candidate pattern for one redactor; `literals` are the secrets-file values long enough to be matched in text. */
export function buildCandidatePattern(literals: readonly string[]): RegExp {
  return new RegExp(groupByFirstAtom([...VALUE_PATTERN_STARTS, ...literals.map(escapeRegExp)]));
}

function isKeyCharacter(code: number): boolean {
  return (
    (code >= 0x61 && code <= 0x7a) ||
    (code >= 0x41 && code <= 0x5a) ||
    (code >= 0x30 && code <= 0x39) ||
    code === 0x5f ||
    code === 0x2d
  );
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** End (exclusive) of the run of `isMember` characters that contains `start`. */
function runEnd(text: string, start: number, isMember: (code: number) => boolean = isKeyCharacter): number {
  let end = start;
  while (end < text.length && isMember(text.charCodeAt(end))) end += 1;
  return end;
}

/**
 * Start of the first run of at least `length` `isMember` characters at or after `from`, or -1.
 * Probes the last character of each window and walks back only over members, so ordinary text
 * costs about one check per word instead of one per character.
 */
function findRun(text: string, from: number, length: number, isMember: (code: number) => boolean): number {
  let start = from;
  while (start + length <= text.length) {
    let probe = start + length - 1;
    while (probe >= start && isMember(text.charCodeAt(probe))) probe -= 1;
    if (probe < start) return start;
    start = probe + 1;
  }
  return -1;
}

/** A key character or a base64 one: what `longKey` and `awsSecret` in redact.ts are made of. */
function isRunCharacter(code: number): boolean {
  return isKeyCharacter(code) || code === 0x2b || code === 0x2f;
}

/**
 * Start of the first run of at least 32 key or base64 characters, or -1: one pass that covers both
 * generated keys (32 key characters) and AWS secret keys (40 base64 characters). A whole run that
 * is exactly a UUID is skipped: `redactString` never treats one as a key, and request ids are
 * everywhere in logs.
 */
export function findLongRun(text: string): number {
  let start = findRun(text, 0, LONG_KEY_LENGTH, isRunCharacter);
  while (start !== -1) {
    const end = runEnd(text, start, isRunCharacter);
    if (!UUID.test(text.slice(start, end))) return start;
    start = findRun(text, end, LONG_KEY_LENGTH, isRunCharacter);
  }
  return -1;
}

/** Characters that may sit between a key and its `:` or `=` (spaces, quotes, JSON escapes). */
function isKeyValueGlue(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x22 || code === 0x27 || code === 0x5c;
}

/** The run of key characters that ends just before `end`, skipping spaces and quotes first. */
function keyBefore(text: string, end: number): string {
  let stop = end;
  while (stop > 0 && isKeyValueGlue(text.charCodeAt(stop - 1))) stop -= 1;
  let start = stop;
  while (start > 0 && isKeyCharacter(text.charCodeAt(start - 1))) start -= 1;
  return text.slice(start, stop);
}

function hasSecretKeyBefore(text: string, separator: string, isSecretKey: (key: string) => boolean): boolean {
  for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, at + 1)) {
    const key = keyBefore(text, at);
    if (key !== "" && isSecretKey(key)) return true;
  }
  return false;
}

/**
 * True when some `:` or `=` in the text follows a secret key name (`password=…`, `"token": …`,
 * `\\"secret\\":…`). The key is the whole run of key characters before the separator, which is
 * what the `keyValue` pattern of redact.ts captures.
 */
export function hasSecretKeyValue(text: string, isSecretKey: (key: string) => boolean): boolean {
  return hasSecretKeyBefore(text, ":", isSecretKey) || hasSecretKeyBefore(text, "=", isSecretKey);
}

/**
 * True when the text holds a command-line flag with a secret name followed by a space
 * (`--password hunter2`, `-token abc`): where the `flagValue` pattern of redact.ts can change
 * something. The flag is the whole run of key characters from its first dash.
 */
export function hasSecretFlag(text: string, isSecretKey: (key: string) => boolean): boolean {
  for (let at = text.indexOf("-"); at !== -1; at = text.indexOf("-", at + 1)) {
    if (at > 0 && isKeyCharacter(text.charCodeAt(at - 1))) continue;
    const end = runEnd(text, at);
    const next = text.charCodeAt(end);
    if ((next === 0x20 || next === 0x09) && isSecretKey(text.slice(at, end))) return true;
    at = end - 1;
  }
  return false;
}
