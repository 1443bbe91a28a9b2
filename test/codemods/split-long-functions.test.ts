import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import { RuleRunner } from "../../src/codemods/findings.js";
import { fixturesRoot, TempProject } from "./project-fixture.js";

const fixtureDir = join(fixturesRoot, "split-long-functions");
const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

function projectWith(files: Record<string, string>, maxLines: number): TempProject {
  const project = new TempProject({ ...files, "txo.config.json": JSON.stringify({ maxLines }) });
  projects.push(project);
  return project;
}

function longFunctionsIn(project: TempProject, file: string): number[] {
  const runner = new RuleRunner(project.dir, ["max-function-lines"]);
  return runner.lint(project.read(file), join(project.dir, file)).findings.map((finding) => finding.line);
}

describe("split-long-functions", () => {
  it("extracts commented paragraphs with TypeScript's Extract Symbol, names them from the comments, and the result compiles", async () => {
    const project = projectWith({ "src/report.ts": readFileSync(join(fixtureDir, "report.input.ts"), "utf8") }, 20);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const after = project.read("src/report.ts");
    expect(after).toBe(readFileSync(join(fixtureDir, "report.output.ts"), "utf8"));
    expect(after).not.toMatch(/\bnew(Function|Method)\b/);
    expect(after).toMatch(/function applyTax\(/);
    expect(after).toMatch(/private async emitLine\(/);
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    const original = result.rows.filter((row) => row.status === "fixed").map((row) => row.line);
    expect(original).toEqual([7, 59]);
    expect(longFunctionsIn(project, "src/report.ts")).not.toContain(7);
    expect(result.rows.filter((row) => row.verificationFailed)).toEqual([]);
  });

  it("keeps behaviour: the split function returns what the original returned", async () => {
    const project = projectWith({ "src/report.ts": readFileSync(join(fixtureDir, "report.input.ts"), "utf8") }, 20);
    const order = { id: "7", items: [{ sku: "A", quantity: 2, price: 3 }], customer: { name: "Ann", country: "NL" } };
    const before = await import(join(fixtureDir, "report.input.ts"));
    await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    const afterModule = await import(join(project.dir, "src", "report.ts"));
    expect(afterModule.buildInvoice(order, { NL: 0.21 })).toBe(before.buildInvoice(order, { NL: 0.21 }));
    const lines: string[] = [];
    const sink = async (line: string) => void lines.push(line);
    expect(await new afterModule.ReportWriter().write([{ name: "x", value: 1 }], sink)).toBe(await new before.ReportWriter().write([{ name: "x", value: 1 }], async () => undefined));
  });

  it("marks a function it cannot split as manual and leaves it as it was", async () => {
    const body = Array.from({ length: 30 }, (_, index) => `  total += ${index};`).join("\n");
    const source = `export function sum(): number {\n  let total = 0;\n${body}\n  return total;\n}\n`;
    const project = projectWith({ "src/flat.ts": source }, 10);
    const result = await runCodemods(["split-long-functions"], { cwd: project.dir, write: true });
    expect(project.read("src/flat.ts")).toBe(source);
    expect(result.rows).toMatchObject([{ file: "src/flat.ts", line: 1, status: "manual", reason: expect.stringContaining("split it by hand") }]);
  });
});
