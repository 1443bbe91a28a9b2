import { createTwoFilesPatch } from "diff";

/**
 * A unified diff of one file, with a/ and b/ prefixes as git shows them. `labelOf` names what a hunk
 * belongs to (the row ids and reasons) after its `@@ … @@` range, where git writes a function name:
 * `git apply` and `patch` ignore that text.
 */
export function unifiedDiff(
  relativePath: string,
  before: string,
  after: string,
  labelOf?: (start: number, end: number) => string,
): string {
  if (before === after) return "";
  const patch = createTwoFilesPatch(`a/${relativePath}`, `b/${relativePath}`, before, after, undefined, undefined, {
    context: 3,
  });
  if (!labelOf) return patch;
  return patch.replace(/^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@$/gm, (header, start: string, count?: string) => {
    const first = Number(start);
    const label = labelOf(first, first + Math.max(Number(count ?? "1"), 1) - 1);
    return label === "" ? header : `${header} ${label}`;
  });
}
