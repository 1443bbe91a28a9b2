import { afterAll, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.js";
import { runCodemods } from "../../src/codemods/engine.js";
import { predictFixes } from "../../src/codemods/fix-prediction.js";
import { TempProject } from "../codemods/project-fixture.js";

/**
 * The audit's "codemod can fix" comes from the transforms' own decisions: on a tree where some
 * findings are rewritten and others are left to a person, the audit promises exactly the rows a dry
 * run then fixes, and says why for the rest.
 */
const FILES = {
  "src/lib.ts": [
    "export function load(path: string): string {",
    '  if (path === "") {',
    '    console.error("No path given. Pass the config file as the first argument.");',
    "    process.exit(1);",
    "  }",
    "  return path;",
    "}",
    "",
    "export function done(): void {",
    "  process.exit(0);",
    "}",
    "",
  ].join("\n"),
  "src/settings.ts": [
    "export interface Settings {",
    "  retries?: number;",
    "  url?: string;",
    "}",
    "",
    "declare function lookUpDefaultUrl(): string;",
    "",
    "export function retries(settings: Settings): number {",
    "  return settings.retries ?? 3;",
    "}",
    "",
    "export function url(settings: Settings): string {",
    "  return settings.url ?? lookUpDefaultUrl();",
    "}",
    "",
  ].join("\n"),
};

describe("the audit's codemod promise", () => {
  const project = new TempProject(FILES);
  afterAll(() => project.remove());

  it("says fixes exactly where a dry run fixes, and manual with the transform's reason elsewhere", async () => {
    const { report } = await runAudit({
      path: project.dir,
      formats: [],
      outDir: `${project.dir}/audit-out`,
      failOn: "none",
      updateBaseline: false,
      concurrency: 1,
      cache: false,
      includeTests: false,
      predictFixes: true,
    });
    const promised = report.findings.map((finding) => [finding.file, finding.line, finding.codemodFix]);
    const run = await runCodemods("all", { cwd: project.dir });
    const done = run.rows
      .filter((row) => row.file.startsWith("src/"))
      .map((row) => [row.file, row.line, row.status === "fixed" ? "fixes" : "manual"]);
    expect(promised.sort()).toEqual(done.sort());
    expect(promised).toContainEqual(["src/lib.ts", 4, "fixes"]);
    expect(promised).toContainEqual(["src/lib.ts", 10, "manual"]);
    expect(promised).toContainEqual(["src/settings.ts", 13, "manual"]);
    const exitZero = report.findings.find((finding) => finding.line === 10);
    expect(exitZero?.codemodNote).toMatch(/process\.exit\(0\) reports success/);
    expect(exitZero?.autoFixable).toBe(false);
    const lintFixes = report.plan.phases.map((phase) => [phase.ruleId, phase.autoFixable, phase.mayFix]);
    expect(lintFixes).toContainEqual(["txo/no-process-exit-in-library", 1, 0]);
    expect(lintFixes).toContainEqual(["txo/no-soft-fail-config", 1, 0]);
  });

  it("says may-fix with the reason for a file it cannot load, and goes on with the others", async () => {
    const { report } = await runAudit({
      path: project.dir,
      formats: [],
      outDir: `${project.dir}/audit-out-gone`,
      failOn: "none",
      updateBaseline: false,
      concurrency: 1,
      cache: false,
      includeTests: false,
    });
    const exitZero = report.findings.find((finding) => finding.file === "src/lib.ts" && finding.line === 10);
    if (exitZero === undefined) throw new Error("the fixture's process.exit(0) was not reported");
    const kept = { ...exitZero, messageId: undefined };
    const gone = { ...kept };
    const predictions = predictFixes(project.dir, [
      { file: "src/deleted-since-lint.ts", findings: [gone] },
      { file: "src/lib.ts", findings: [kept] },
    ]);
    expect(predictions.get(gone)).toEqual({
      outcome: "may-fix",
      reason: expect.stringContaining("could not be loaded for a trial run") as unknown,
    });
    // The next file still got its own trial run: whatever it decided, it is not the load failure.
    const next = predictions.get(kept);
    expect(next).toBeDefined();
    expect(next?.reason ?? "").not.toMatch(/could not be loaded/);
  });

  it("tries no transform unless asked (--predict-fixes), and then promises no fix it has not proven", async () => {
    const { report } = await runAudit({
      path: project.dir,
      formats: [],
      outDir: `${project.dir}/audit-out-plain`,
      failOn: "none",
      updateBaseline: false,
      concurrency: 1,
      cache: false,
      includeTests: false,
    });
    expect(report.findings.length).toBeGreaterThan(0);
    // process.exit(0) is one a dry run leaves to a person: by message id alone it is only "may fix".
    const exitZero = report.findings.find((finding) => finding.line === 10);
    expect(exitZero?.codemodFix).toBe("may-fix");
    expect(exitZero?.autoFixable).toBe(false);
    expect(exitZero?.codemodNote).toMatch(/--predict-fixes/);
    expect(report.findings.filter((finding) => finding.autoFixable)).toEqual([]);
    const lintFixes = report.plan.phases.map((phase) => [phase.ruleId, phase.autoFixable, phase.mayFix]);
    expect(lintFixes).toContainEqual(["txo/no-process-exit-in-library", 0, 2]);
    expect(lintFixes).toContainEqual(["txo/no-soft-fail-config", 0, 2]);
  });
});
