import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { itOnEachNode } from "../package/node-binaries.js";
import { type CodeBlock, codeBlocks, RUNNABLE_BLOCKS, runnableName } from "./code-blocks.js";

/** TypeScript blocks lose their types only: target ESNext keeps syntax such as `await using` as written. */
function asJavaScript(block: CodeBlock): { code: string; errors: string[] } {
  if (!block.language.startsWith("ts") && block.language !== "typescript") return { code: block.code, errors: [] };
  const output = ts.transpileModule(block.code, {
    fileName: block.language === "tsx" ? "block.tsx" : "block.ts",
    reportDiagnostics: true,
    compilerOptions: { target: ts.ScriptTarget.ESNext, module: ts.ModuleKind.ESNext, jsx: ts.JsxEmit.Preserve },
  });
  const errors = (output.diagnostics ?? []).map((diagnostic) =>
    ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n"),
  );
  return { code: output.outputText, errors };
}

/** Parses each block as an ES module in the given Node, without running it; prints the failures. */
const PARSE_CHECKER = `
import { readFileSync } from "node:fs";
import vm from "node:vm";
const failures = [];
for (const { where, code } of JSON.parse(readFileSync(process.argv[2], "utf8"))) {
  try { new vm.SourceTextModule(code, { identifier: where }); } catch (error) { failures.push(where + ": " + String(error)); }
}
process.stdout.write(JSON.stringify(failures));
`;

describe("code blocks in README.md and docs/", () => {
  const blocks = codeBlocks();
  const work = mkdtempSync(join(tmpdir(), "txo-doc-blocks-"));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it("finds the blocks (the extractor works)", () => {
    expect(blocks.length).toBeGreaterThan(30);
    expect(blocks.some((block) => block.where.startsWith("docs/rules/"))).toBe(true);
  });

  it("each says what it is: runs as written (named on its first line), `fragment` or `notation`", () => {
    const unmarked = blocks.filter(
      (block) =>
        runnableName(block) === undefined && !block.marks.includes("fragment") && !block.marks.includes("notation"),
    );
    expect(unmarked.map((block) => `${block.where}: ${block.code.split("\n")[0] ?? ""}`)).toEqual([]);
  });

  it("every block that runs as written is one that test/readme.test.ts runs (RUNNABLE_BLOCKS)", () => {
    const names = blocks.map(runnableName).filter((name) => name !== undefined);
    expect(names.sort()).toEqual([...RUNNABLE_BLOCKS].sort());
  });

  it("TypeScript blocks have no syntax errors", () => {
    const failures = blocks.flatMap((block) => asJavaScript(block).errors.map((error) => `${block.where}: ${error}`));
    expect(failures).toEqual([]);
  });

  itOnEachNode(
    "every block but a notation parses as a module (no syntax this Node lacks, such as `await using` on 20)",
    (node) => {
      const code = blocks
        .filter((block) => !block.marks.includes("notation"))
        .map((block) => ({ where: block.where, code: asJavaScript(block).code }));
      const input = join(work, "blocks.json");
      const checker = join(work, "check.mjs");
      writeFileSync(input, JSON.stringify(code));
      writeFileSync(checker, PARSE_CHECKER);
      const result = spawnSync(node, ["--experimental-vm-modules", "--no-warnings", checker, input], {
        encoding: "utf8",
      });
      expect(result.status, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toEqual([]);
    },
  );
});
