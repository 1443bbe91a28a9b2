import { describe, expect, it, onTestFinished } from "vitest";
import { resolveTransforms } from "../../src/codemods/registry.js";
import type { ChangeRow, FileChange } from "../../src/codemods/types.js";
import { verifyRows, type RowSnippets } from "../../src/codemods/verify.js";
import { TempProject } from "./project-fixture.js";

const BEFORE = [
  "let hits = 0;",
  "export function hit(): number {",
  "  return ++hits;",
  "}",
  "let misses = 0;",
  "export function miss(): number {",
  "  return ++misses;",
  "}",
  "",
].join("\n");

function row(line: number, status: ChangeRow["status"]): ChangeRow {
  return {
    file: "src/counters.ts",
    line,
    column: 1,
    rule: "txo/no-global-mutable-state",
    transform: "state-to-class",
    issue: "module state",
    fix: status === "fixed" ? "class" : "none",
    status,
    breaking: "low",
  };
}

describe("verifyRows", () => {
  it("flags a claimed fix whose finding is still reported at its line, even when the text changed and a manual row is left over", () => {
    const project = new TempProject({ "src/counters.ts": BEFORE });
    onTestFinished(() => project.remove());
    // The first counter was claimed fixed but is still module state (with new text); the second,
    // left for a person, was rewritten by something else and is no longer reported.
    const after = BEFORE.replace("let hits = 0;", "let hits = 1;")
      .replace("let misses = 0;\n", "")
      .replace("++misses", "0");
    const change: FileChange = {
      path: `${project.dir}/src/counters.ts`,
      relativePath: "src/counters.ts",
      before: BEFORE,
      after,
    };
    const claimed = row(1, "fixed");
    const manual = row(5, "manual");
    const snippets: RowSnippets = new Map([
      [claimed, "hits = 0"],
      [manual, "misses = 0"],
    ]);
    const extra = verifyRows({
      rows: [claimed, manual],
      snippets,
      fileChanges: [change],
      transforms: resolveTransforms(["state-to-class"]),
      cwd: project.dir,
    });
    expect(claimed.verificationFailed).toBe(true);
    expect(extra).toEqual([]);
  });

  it("does not blame a claimed fix for another finding inside a block the run reshaped", () => {
    const project = new TempProject({ "src/counters.ts": BEFORE });
    onTestFinished(() => project.remove());
    // Lines were reshaped (one line became two, as a class or a doc comment makes): a finding left
    // in the new lines maps to the block's first line, which says nothing about which claim failed.
    const after = `/** Counts calls. */\nlet other = 0;\nexport function hit(): number {\n  other += 1;\n  return other;\n}\n`;
    const change: FileChange = {
      path: `${project.dir}/src/counters.ts`,
      relativePath: "src/counters.ts",
      before: BEFORE,
      after,
    };
    const claimed = row(1, "fixed");
    const extra = verifyRows({
      rows: [claimed],
      snippets: new Map([[claimed, "hits = 0"]]),
      fileChanges: [change],
      transforms: resolveTransforms(["state-to-class"]),
      cwd: project.dir,
    });
    expect(claimed.verificationFailed).toBeUndefined();
    expect(extra.map((surprise) => [surprise.line, surprise.status])).toEqual([[1, "manual"]]);
  });

  it("returns a finding no row accounts for as a manual row, at its original line, naming the line after the run", () => {
    const project = new TempProject({ "src/counters.ts": BEFORE });
    onTestFinished(() => project.remove());
    const after = `// moved\n// down\n${BEFORE}`;
    const change: FileChange = {
      path: `${project.dir}/src/counters.ts`,
      relativePath: "src/counters.ts",
      before: BEFORE,
      after,
    };
    const extra = verifyRows({
      rows: [],
      snippets: new Map(),
      fileChanges: [change],
      transforms: resolveTransforms(["state-to-class"]),
      cwd: project.dir,
    });
    expect(extra.map((row) => [row.line, row.status])).toEqual([
      [1, "manual"],
      [5, "manual"],
    ]);
    expect(extra[0]?.reason).toContain("at line 3 of the rewritten file");
  });
});
