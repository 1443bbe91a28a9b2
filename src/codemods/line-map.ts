/**
 * Line numbers across a rewrite. In `txo-codemod all` each transform reads the text the previous
 * ones left, so its findings carry that text's line numbers; the change table and the verification
 * speak of the file as the user last saw it, so lines are carried back through a line diff.
 */
import { diffLines } from "diff";

/**
 * A function from a line of `after` (1-based) to the line of `before` it came from. A line that
 * the rewrite added or changed maps to the first line of the `before` text it replaced, or, for a
 * pure insertion, to the line it was inserted before.
 */
export function mapLinesBack(before: string, after: string): (afterLine: number) => number {
  if (before === after) return (line) => line;
  const origins: number[] = [0];
  let beforeLine = 1;
  let hunkStart: number | undefined;
  for (const change of diffLines(before, after)) {
    const count = change.count ?? 0;
    if (change.removed) {
      hunkStart ??= beforeLine;
      beforeLine += count;
      continue;
    }
    for (let index = 0; index < count; index += 1) origins.push(change.added ? (hunkStart ?? beforeLine) : beforeLine + index);
    if (!change.added) {
      beforeLine += count;
      hunkStart = undefined;
    }
  }
  const lastBeforeLine = Math.max(1, beforeLine - 1);
  return (line) => Math.min(origins[line] ?? lastBeforeLine, lastBeforeLine);
}

/** A message that names lines of the rewritten text ("at line 12"), naming the original lines instead. */
export function renumberLines(message: string, toOriginal: (line: number) => number): string {
  return message.replace(/\bline (\d+)/g, (_whole, line: string) => `line ${toOriginal(Number(line))}`);
}
