import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runCodemods } from "../../src/codemods/engine.js";
import type { TransformFileContext } from "../../src/codemods/types.js";
import { TempProject } from "./project-fixture.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures", "codemods");

// exit-to-throw as shipped, except that on src/b.ts it edits the file and then throws, the way
// TypeScript's refactorings fail half-way ("Debug Failure. False expression: ...").
vi.mock("../../src/codemods/exit-to-throw.js", async (importOriginal) => {
  const shipped = await importOriginal<typeof import("../../src/codemods/exit-to-throw.js")>();
  const createExitToThrow = () => {
    const transform = shipped.createExitToThrow();
    const applyToFile = (context: TransformFileContext) => {
      if (!context.relativePath.endsWith("b.ts")) return transform.applyToFile(context);
      context.sourceFile.insertText(0, "// half-finished edit\n");
      throw new Error(
        "Debug Failure. False expression: thrown by the test in the middle of a rewrite\n    at stack lines that must not reach the row",
      );
    };
    return { ...transform, applyToFile };
  };
  return { ...shipped, createExitToThrow };
});

const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

const exiting = (name: string) =>
  `export function ${name}(path: string): string {\n  if (!path) {\n    process.exit(1);\n  }\n  return path;\n}\n`;

/** A method TypeScript's Extract Symbol crashes on (from typedoc's DefaultTheme.buildNavigation): a return followed by hoisted functions. */
const CRASHING_METHOD = `export class Theme {
  private readonly offset = 1;

  build(items: number[]): number[] {
    const theme = this;
    const limit = 3;
    const result = collect(items) || [];
    console.log(result.length);
    return result;

    function toValue(item: number): number | undefined {
      if (item > limit) return;
      console.log(item);
      return item + theme.offset;
    }

    function collect(list: number[]): number[] | undefined {
      if (list.length === 0) return;
      console.log(list.length);
      return list.map(toValue).filter((value): value is number => value !== undefined);
    }
  }
}
`;

describe("a transform that fails on one file does not stop the run", { timeout: 300_000 }, () => {
  it("a transform throwing mid-run: that file stays byte for byte as it was, its finding becomes a manual row with the reason, the others are rewritten", async () => {
    const project = new TempProject({ "src/a.ts": exiting("a"), "src/b.ts": exiting("b"), "src/c.ts": exiting("c") });
    projects.push(project);
    const result = await runCodemods(["exit-to-throw"], { cwd: project.dir, paths: ["src"], write: true });
    expect(readFileSync(join(project.dir, "src", "b.ts"), "utf8")).toBe(exiting("b"));
    expect(project.read("src/a.ts")).toContain("throw new HelpfulError({");
    expect(project.read("src/c.ts")).toContain("throw new HelpfulError({");
    const failed = result.rows.filter((row) => row.file === "src/b.ts");
    expect(failed).toEqual([
      expect.objectContaining({ line: 3, column: 5, status: "manual", transform: "exit-to-throw" }),
    ]);
    expect(failed[0]?.reason).toMatch(
      /^the exit-to-throw transform failed here \(Debug Failure\. False expression: thrown by the test in the middle of a rewrite\) and left the file as it was/,
    );
    expect(failed[0]?.reason).not.toContain("stack lines");
    expect(result.fileChanges.map((change) => change.relativePath)).toEqual(["src/a.ts", "src/c.ts"]);
    expect(result.rows.some((row) => row.verificationFailed)).toBe(false);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("TypeScript's own Debug Failure in Extract Symbol: the function gets a manual row naming it, and the run goes on", async () => {
    // A function the transform can split (the invoice fixture), beside the one TypeScript crashes on.
    const long = readFileSync(join(FIXTURES, "split-long-functions", "report.input.ts"), "utf8");
    const project = new TempProject({
      "txo.config.json": JSON.stringify({ maxLines: 15 }),
      "src/theme.ts": CRASHING_METHOD,
      "src/long.ts": long,
    });
    projects.push(project);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, paths: ["src"], write: true });
    const theme = result.rows.find((row) => row.file === "src/theme.ts");
    expect(theme).toMatchObject({ line: 4, status: "manual" });
    expect(theme?.reason).toMatch(
      /TypeScript's Extract Symbol failed on \d+ group\(s\) of it \(Debug Failure\. False expression: Expected no returnValueProperty\)/,
    );
    expect(project.read("src/theme.ts")).toBe(CRASHING_METHOD);
    expect(result.rows.filter((row) => row.file === "src/long.ts").map((row) => row.status)).toContain("fixed");
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });
});
