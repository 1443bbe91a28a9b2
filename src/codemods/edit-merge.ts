import { diffArrays } from "diff";

/** One line of a file: its text and the line break that ends it ("" for a last line without one). */
export interface SourceLine {
  content: string;
  ending: string;
}

export function splitSourceLines(text: string): SourceLine[] {
  const lines: SourceLine[] = [];
  let start = 0;
  for (const match of text.matchAll(/\r\n|\n|\r/g)) {
    lines.push({ content: text.slice(start, match.index), ending: match[0] });
    start = match.index + match[0].length;
  }
  if (start < text.length) lines.push({ content: text.slice(start), ending: "" });
  return lines;
}

/** The file's most common line break; "\n" for a file of one line. */
export function dominantEnding(lines: SourceLine[]): string {
  const counts = new Map<string, number>();
  for (const { ending } of lines) if (ending !== "") counts.set(ending, (counts.get(ending) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "\n";
}

/** The break of the original line where a hunk starts (or of the line before it), for the lines the hunk adds. */
function endingNear(lines: SourceLine[], index: number, fallback: string): string {
  const here = lines[index]?.ending ?? "";
  const before = lines[index - 1]?.ending ?? "";
  // An empty ending (the last line has none) does not count: look one line up, then use the fallback.
  return here !== "" ? here : before !== "" ? before : fallback;
}

function mergeLines(before: SourceLine[], after: SourceLine[], fallback: string): SourceLine[] {
  const merged: SourceLine[] = [];
  let beforeIndex = 0;
  let afterIndex = 0;
  let hunkStart: number | undefined;
  for (const change of diffArrays(
    before.map((line) => line.content),
    after.map((line) => line.content),
  )) {
    const count = change.count;
    if (change.removed) {
      hunkStart ??= beforeIndex;
      beforeIndex += count;
    } else if (change.added) {
      const ending = endingNear(before, hunkStart ?? beforeIndex, fallback);
      merged.push(
        ...after
          .slice(afterIndex, afterIndex + count)
          .map((line) => ({ content: line.content, ending: line.ending && ending })),
      );
      afterIndex += count;
    } else {
      merged.push(...before.slice(beforeIndex, beforeIndex + count));
      beforeIndex += count;
      afterIndex += count;
      hunkStart = undefined;
    }
  }
  return merged;
}

/**
 * Re-applies what a transform changed to the original text, line by line, so that only edited lines
 * change. Transforms (and TypeScript's refactorings) write "\n" wherever they touch a file; a line whose
 * text did not change keeps its own bytes and line break, and a new or changed line gets the break of the
 * line it replaces or follows, so a CRLF file stays CRLF and a mixed file stays mixed the same way. The
 * file keeps ending with a line break, or without one, as it did.
 */
export function reapplyEdits(original: string, edited: string): string {
  if (original === edited) return original;
  const before = splitSourceLines(original);
  const fallback = dominantEnding(before);
  const merged = mergeLines(before, splitSourceLines(edited), fallback);
  // A line that ended the file and now has lines after it needs a break.
  for (const line of merged.slice(0, -1)) if (line.ending === "") line.ending = fallback;
  const last = merged.at(-1);
  if (last) last.ending = /[\r\n]$/.test(original) ? last.ending || fallback : "";
  return merged.map((line) => line.content + line.ending).join("");
}
