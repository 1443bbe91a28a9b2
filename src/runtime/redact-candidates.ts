/**
 * Where a secret could start in a string, found cheaply so `redactString` (and the clean-line walk
 * of `Redactor.stringify`) can skip the many strings that hold none.
 *
 * One precompiled candidate pattern (built per `Redactor`) matches fragments of secret key names
 * in any case, the starts of the value patterns, and secrets-file values (raw and JSON-escaped, for
 * JSON inside a string); a small loop finds runs of 32 key characters (a regex for that is ten
 * times slower than the rest together). The pattern must match wherever `redactString` would
 * change something; which alternative matches does not matter.
 */

/** Parts of secret key names (see `Redactor#decideKey`); `[-_\s]?` where a key often splits words. */
const SECRET_KEY_FRAGMENTS = Object.freeze(["pass", "pwd", "secret", "token", "auth", "api~key", "private~key", "credential", "cookie", "session~id", "signature", "jwt", "bearer", "otp", "pin", "salt"]);

/** Where the value patterns of `redactString` can start (they are case-sensitive there too). */
const VALUE_PATTERN_STARTS = Object.freeze(["-----BEGIN", "Basic", "Digest", "eyJ", "[spr]k[-_]", "gh[pousr]_", "xox", "AKIA", "AIza", "glpat-"]);

/** A generated key is at least this long (`longKey` in redact.ts). */
export const LONG_KEY_LENGTH = 32;

export function escapeRegExp(text: string): string {
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
  return [...groups].map(([first, rests]) => (rests.length === 1 ? `${first}${rests[0]}` : `${first}(?:${rests.join("|")})`)).join("|");
}

/**
 * The candidate pattern for one redactor: `extraKeys` are normalised secret key names given by
 * the user, `literals` the secrets-file values that are long enough to be matched in text.
 */
export function buildCandidatePattern(extraKeys: Iterable<string>, literals: readonly string[]): RegExp {
  const extraFragments = [...extraKeys].map((key) => [...JSON.stringify(key).slice(1, -1)].map(anyCaseCharacter).join(""));
  const keyFragments = [...SECRET_KEY_FRAGMENTS.map(anyCaseFragment), ...extraFragments];
  const alternatives = [...keyFragments, ...VALUE_PATTERN_STARTS, ...literals.map(escapeRegExp)].filter((alternative) => alternative !== "");
  return new RegExp(groupByFirstAtom(alternatives));
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
