import { createTwoFilesPatch } from "diff";

/** A unified diff of one file, with a/ and b/ prefixes as git shows them. */
export function unifiedDiff(relativePath: string, before: string, after: string): string {
  if (before === after) return "";
  return createTwoFilesPatch(`a/${relativePath}`, `b/${relativePath}`, before, after, undefined, undefined, {
    context: 3,
  });
}
