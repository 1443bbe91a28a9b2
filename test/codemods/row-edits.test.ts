import { describe, expect, it } from "vitest";
import { attachEdits, hunkLabel } from "../../src/codemods/row-edits.js";
import { unifiedDiff } from "../../src/codemods/diff.js";
import type { ChangeRow } from "../../src/codemods/types.js";

const before = [
  "export function a(c) {",
  "  return c.x ?? 1;",
  "}",
  "",
  "export function b(c) {",
  "  return c.y ?? 2;",
  "}",
  "",
].join("\n");
const after = [
  'import { optional } from "@txo-toolkit/runtime";',
  "",
  "export function a(c) {",
  '  return optional(c, ["x"], 1);',
  "}",
  "",
  "export function b(c) {",
  "  return c.y ?? 2;",
  "}",
  "",
].join("\n");

function row(line: number, status: ChangeRow["status"], fix: string): ChangeRow {
  return {
    file: "src/c.ts",
    line,
    column: 10,
    rule: "txo/no-soft-fail-config",
    transform: "soft-fail-to-require",
    issue: "soft-fail",
    fix,
    status,
    breaking: "high",
  };
}

describe("per-row edits", () => {
  it("gives a row the lines it replaced, an import above every row to each rewriting row, and nothing to a row left alone", () => {
    const fixed = { ...row(2, "fixed", 'optional(c, ["x"], 1)'), id: "0123abcd" };
    const left = row(6, "manual", "none");
    attachEdits([fixed, left], [{ path: "/p/src/c.ts", relativePath: "src/c.ts", before, after }]);
    expect(fixed.edits).toEqual([
      { oldStart: 1, oldLines: [], newStart: 1, newLines: ['import { optional } from "@txo-toolkit/runtime";', ""] },
      { oldStart: 2, oldLines: ["  return c.x ?? 1;"], newStart: 4, newLines: ['  return optional(c, ["x"], 1);'] },
    ]);
    expect(left.edits).toBeUndefined();
    const diff = unifiedDiff("src/c.ts", before, after, (start, end) => hunkLabel([fixed, left], start, end));
    expect(diff).toMatch(/^@@ -1,5 \+1,7 @@ 0123abcd soft-fail-to-require fixed: optional\(c, \["x"\], 1\)$/m);
  });
});
