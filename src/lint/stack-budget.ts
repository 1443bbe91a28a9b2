import { readFileSync } from "node:fs";
import { maxBracketDepth } from "./nesting.js";

/**
 * Whether oxc's native parser can take a text in this process without overflowing its stack, a
 * crash that would end txo-audit. Every level of nesting the parser recurses on needs a token, so a
 * text's count of each token bounds how deep it can nest: each count is weighed against the level
 * at which that construct alone overflows an 8 MB stack (measured with oxc-parser 0.154), and the
 * text passes when the sum stays under half the stack. Counts include comments and strings, which
 * only overestimates. A text that does not pass goes to a lint child process, where a crash costs
 * that child only (see "Limits" in docs/audit.md).
 */
export function fitsParserStack(text: string, stackBytes: number | undefined): boolean {
  if (stackBytes === undefined || stackBytes < MEASURED_STACK_BYTES) return false;
  return stackShare(text) <= BUDGET;
}

/** The share of an 8 MB stack the deepest nesting this text could hold would use, at most. */
export function stackShare(text: string): number {
  const counts = new Float64Array(WEIGHTS.length);
  let words = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < WORD_CHARACTER.length && WORD_CHARACTER[code] === 1) {
      if (!inWord && !(code >= 0x30 && code <= 0x39)) words++;
      inWord = true;
      continue;
    }
    inWord = false;
    const slot = code < WEIGHT_INDEX.length ? (WEIGHT_INDEX[code] ?? 0) : 0;
    counts[slot] = (counts[slot] ?? 0) + 1;
  }
  let share = maxBracketDepth(text) / PARENTHESES + words / KEYWORD_LED;
  for (let weight = 1; weight < WEIGHTS.length; weight++) share += (counts[weight] ?? 0) / (WEIGHTS[weight] ?? 1);
  return share;
}

/** The stack the measurements below were taken with. */
const MEASURED_STACK_BYTES = 8 * 1024 * 1024;
/** Half the stack: constructs mixed in one file, and this process's own frames below the parser. */
const BUDGET = 0.5;
/** Levels at which one construct alone overflows an 8 MB stack. Brackets: `((…))`, `[[…]]`. */
const PARENTHESES = 5_700;
/** Constructs led by a word (`new`, `if`, `else if`, `await`, `typeof`, `keyof`…): the lowest, `new`. */
const KEYWORD_LED = 22_500;
/** By character: `<` type arguments (6,000) and JSX; `=` arrows (9,900) and assignments; `?` conditionals; `:` labels; unary and binary operators, which did not overflow at 50,000. */
const BY_CHARACTER: readonly [string, number][] = [
  ["<", 6_000],
  ["=", 9_900],
  ["?", 12_700],
  [":", 20_000],
  ["!-+~|&*/%^@.", 50_000],
];
const WEIGHTS = [Number.POSITIVE_INFINITY, ...BY_CHARACTER.map(([, levels]) => levels)];
const WEIGHT_INDEX = new Uint8Array(128);
BY_CHARACTER.forEach(([characters], slot) => {
  for (const character of characters) WEIGHT_INDEX[character.charCodeAt(0)] = slot + 1;
});
const WORD_CHARACTER = new Uint8Array(128);
for (const character of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")
  WORD_CHARACTER[character.charCodeAt(0)] = 1;

/**
 * The soft stack limit of this process's main thread (where the parser runs), from Linux's
 * /proc/self/limits; undefined elsewhere, where files keep going to a lint child by size.
 */
export function mainStackBytes(): number | undefined {
  try {
    const limit = /^Max stack size\s+(\S+)/m.exec(readFileSync("/proc/self/limits", "utf8"))?.[1];
    if (limit === "unlimited") return Number.POSITIVE_INFINITY;
    const bytes = Number(limit);
    return Number.isFinite(bytes) ? bytes : undefined;
  } catch {
    // Not Linux: the stack limit is unknown.
    return undefined;
  }
}
