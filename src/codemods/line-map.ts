/**
 * Line numbers across a rewrite. In `txo-codemod all` each transform reads the text the previous
 * ones left, so its findings carry that text's line numbers; the change table and the verification
 * speak of the file as the user last saw it, so lines are carried back through a line diff.
 */
import { diffLines } from "diff";

/** Where each line of a rewritten text came from. */
export interface LineOrigins {
  /** The line of `before` a line of `after` came from (see `mapLinesBack`). */
  toBefore(afterLine: number): number;
  /**
   * True when the line stands where a line of `before` stood: unchanged, or edited in place (a
   * block replaced by as many lines). False for lines a rewrite added or reshaped.
   */
  isInPlace(afterLine: number): boolean;
}

/**
 * The origins of the lines of `after`. A block replaced by as many lines maps line by line; any
 * other added or changed line maps to the first line of the `before` text it replaced, or, for a
 * pure insertion, to the line it was inserted before.
 */
export function lineOrigins(before: string, after: string): LineOrigins {
  const origins: number[] = [0];
  const inPlace: boolean[] = [false];
  let beforeLine = 1;
  let removed: { start: number; count: number } | undefined;
  for (const change of diffLines(before, after)) {
    const count = change.count;
    if (change.removed) {
      removed =
        removed === undefined ? { start: beforeLine, count } : { start: removed.start, count: removed.count + count };
      beforeLine += count;
      continue;
    }
    const lineByLine = !change.added || removed?.count === count;
    const start = change.added ? (removed?.start ?? beforeLine) : beforeLine;
    for (let index = 0; index < count; index += 1) {
      origins.push(lineByLine ? start + index : start);
      inPlace.push(lineByLine);
    }
    if (!change.added) beforeLine += count;
    removed = undefined;
  }
  const lastBeforeLine = Math.max(1, beforeLine - 1);
  return {
    toBefore: (line) => Math.min(origins[line] ?? lastBeforeLine, lastBeforeLine),
    isInPlace: (line) => inPlace[line] ?? false,
  };
}

/** Declaration keywords that moving a function into a class (or out of one) adds or drops. */
const MOVABLE_PREFIX =
  /^(?:export\s+)?(?:default\s+)?(?:(?:public|private|protected)\s+)?(?:static\s+)?(?:async\s+)?(?:function\b\s*)?/;

/** A line as code that moved keeps it: trimmed, without the keywords of where it stands. */
function movableText(line: string): string {
  return line.trim().replace(MOVABLE_PREFIX, "");
}

/**
 * Finds the line of `before` holding the same code as a line of `after`, by its text, for when the
 * diff cannot say (a function that became a method sits inside a block the rewrite added); undefined
 * when no single line of `before` matches.
 */
function movedLineFinder(before: string, after: string): (afterLine: number) => number | undefined {
  let beforeLines: string[] | undefined;
  let afterLines: string[] | undefined;
  return (afterLine) => {
    afterLines ??= after.split("\n");
    const text = movableText(afterLines[afterLine - 1] ?? "");
    if (text.length < 12) return undefined;
    beforeLines ??= before.split("\n").map(movableText);
    const first = beforeLines.indexOf(text);
    return first !== -1 && !beforeLines.includes(text, first + 1) ? first + 1 : undefined;
  };
}

/**
 * A function from a line of `after` (1-based) to the line of `before` it came from (see
 * `lineOrigins`); a line inside a reshaped block that holds code found once in `before` (a function
 * moved into a class) maps to where that code was.
 */
export function mapLinesBack(before: string, after: string): (afterLine: number) => number {
  if (before === after) return (line) => line;
  const origins = lineOrigins(before, after);
  const movedLine = movedLineFinder(before, after);
  return (line) => (origins.isInPlace(line) ? undefined : movedLine(line)) ?? origins.toBefore(line);
}

/** A message that names lines of the rewritten text ("at line 12"), naming the original lines instead. */
export function renumberLines(message: string, toOriginal: (line: number) => number): string {
  return message.replace(/\bline (\d+)/g, (_whole, line: string) => `line ${toOriginal(Number(line))}`);
}
