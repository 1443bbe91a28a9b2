import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import { fixturesRoot, TempProject } from "./project-fixture.js";
import { objectContaining, stringContaining, stringMatching } from "../matchers.js";

const fixtureDir = join(fixturesRoot, "exit-to-throw");
const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) project.remove();
});

/** Copies every `<name>.input.<ext>` fixture to `src/<name>.<ext>` of a fresh project. */
function projectWithInputs(): TempProject {
  const files: Record<string, string> = {};
  for (const name of readdirSync(fixtureDir)) {
    if (name.includes(".output.")) continue;
    files[`src/${name.replace(".input.", ".")}`] = readFileSync(join(fixtureDir, name), "utf8");
  }
  const project = new TempProject(files);
  projects.push(project);
  return project;
}

function expectedOutput(name: string): string {
  return readFileSync(join(fixtureDir, name), "utf8");
}

describe("exit-to-throw", () => {
  it("rewrites library exits into HelpfulError throws that match the reviewed fixtures, and the project still compiles", async () => {
    const project = projectWithInputs();
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    const result = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    for (const [file, output] of [
      ["src/config-loader.ts", "config-loader.output.ts"],
      ["src/existing-import.ts", "existing-import.output.ts"],
      ["src/merge-import.ts", "merge-import.output.ts"],
      ["src/plain.js", "plain.output.js"],
      ["src/common.cjs", "common.output.cjs"],
      ["src/view.tsx", "view.output.tsx"],
      ["src/edge-cases.ts", "edge-cases.output.ts"],
    ] as const) {
      expect(project.read(file), file).toBe(expectedOutput(output));
    }
    expect(project.read("src/entry.ts")).toBe(readFileSync(join(fixtureDir, "entry.input.ts"), "utf8"));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
    expect(result.rows.filter((row) => row.verificationFailed)).toEqual([]);
  });

  it("marks exits it must not rewrite as manual, with the reason", async () => {
    const project = projectWithInputs();
    const { rows } = await runCodemods(["exit-to-throw"], { cwd: project.dir });
    const byLine = (line: number) => rows.find((row) => row.file === "src/config-loader.ts" && row.line === line);
    expect(byLine(9)?.status).toBe("fixed");
    expect(byLine(16)).toMatchObject({ status: "manual", reason: stringContaining("howToFix") });
    expect(byLine(21)).toMatchObject({ status: "manual", reason: stringContaining("howToFix") });
    expect(byLine(26)).toMatchObject({ status: "manual", reason: stringContaining("reports success") });
    expect(byLine(32)).toMatchObject({
      status: "manual",
      reason: stringContaining("callback passed to emitter.on()"),
    });
    expect(byLine(46)).toMatchObject({ status: "manual", reason: stringContaining("computed at run time") });
    expect(byLine(40)).toMatchObject({ status: "fixed", fix: stringContaining("console.error") });
    for (const row of rows.filter((r) => r.status !== "fixed")) expect(row.reason, JSON.stringify(row)).toBeTruthy();
  });

  it("handles switch cases, dead code after the exit, consola logs and comments, and says why a handed-over process.exit stays", async () => {
    const project = projectWithInputs();
    const { rows } = await runCodemods(["exit-to-throw"], { cwd: project.dir });
    const byLine = (line: number) => rows.find((row) => row.file === "src/edge-cases.ts" && row.line === line);
    expect(byLine(12)).toMatchObject({ status: "fixed" });
    expect(byLine(22)).toMatchObject({ status: "fixed", fix: stringContaining("consola.error") });
    expect(byLine(32)).toMatchObject({ status: "fixed" });
    expect(byLine(38)).toMatchObject({
      status: "manual",
      reason: stringContaining("handed to other code as a callback"),
    });
    expect(byLine(38)?.reason).not.toContain("process.kill");
  });

  it("is a dry run by default: prints a diff and changes nothing on disk", async () => {
    const project = projectWithInputs();
    const before = project.read("src/config-loader.ts");
    const result = await runCodemods(["exit-to-throw"], { cwd: project.dir });
    expect(result.written).toBe(false);
    expect(result.diff).toContain("--- a/src/config-loader.ts");
    expect(result.diff).toContain("+    throw new HelpfulError({");
    expect(result.diff).toContain("-    process.exit(1);");
    expect(project.read("src/config-loader.ts")).toBe(before);
    expect(project.git("status", "--porcelain")).toBe("");
  });

  it("is idempotent: a second run changes nothing", async () => {
    const project = projectWithInputs();
    await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    project.commitAll();
    const second = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(second.fileChanges).toEqual([]);
    expect(second.rows.every((row) => row.status !== "fixed")).toBe(true);
  });

  it("wraps the entry point in runMain with --wrap-entry", async () => {
    const project = projectWithInputs();
    await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true, wrapEntry: true });
    expect(project.read("src/entry.ts")).toBe(expectedOutput("entry.output.ts"));
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("warns in the change table when an entry point's catch handler would now exit 0", async () => {
    const library =
      'export function load(path: string): string {\n  if (path === "") {\n    console.error("No path given.");\n    process.exit(1);\n  }\n  return path;\n}\n';
    const entry = (handler: string) =>
      `#!/usr/bin/env node\nimport { load } from "./lib.js";\nasync function main(): Promise<void> {\n  load(process.argv[2] ?? "");\n}\nmain().catch(${handler});\n`;
    const swallowing = new TempProject({ "src/lib.ts": library, "src/cli.ts": entry("console.error") });
    const exiting = new TempProject({
      "src/lib.ts": library,
      "src/cli.ts": entry("(error) => {\n  console.error(error);\n  process.exitCode = 1;\n}"),
    });
    projects.push(swallowing, exiting);
    const warned = await runCodemods(["exit-to-throw"], { cwd: swallowing.dir, write: false });
    expect(warned.rows.filter((row) => row.file === "src/cli.ts")).toEqual([
      objectContaining({
        line: 6,
        status: "manual",
        fix: "none",
        reason: stringMatching(/--wrap-entry .*process\.exitCode = 1/),
      }),
    ]);
    const quiet = await runCodemods(["exit-to-throw"], { cwd: exiting.dir, write: false });
    expect(quiet.rows.filter((row) => row.file === "src/cli.ts")).toEqual([]);
    expect(quiet.rows.filter((row) => row.file === "src/lib.ts")).toHaveLength(1);
  });

  it("keeps an exit manual when it sits in a module-local helper that only a callback calls (as after a split)", async () => {
    const library = [
      "declare function runCli(main: (args: string[]) => Promise<void>): void;",
      "",
      "export function start(): void {",
      "  runCli(async (args) => {",
      "    prepare(args);",
      "  });",
      "}",
      "",
      "function prepare(args: string[]): void {",
      "  if (args.length === 0) {",
      '    console.error("No arguments given. Pass at least one script name.");',
      "    process.exit(1);",
      "  }",
      "}",
      "",
      "export function direct(args: string[]): void {",
      "  if (args.length === 0) {",
      '    console.error("No arguments given. Pass at least one script name.");',
      "    process.exit(1);",
      "  }",
      "}",
      "",
    ].join("\n");
    const project = new TempProject({ "src/lib.ts": library });
    projects.push(project);
    const first = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(first.rows.find((row) => row.line === 12)).toMatchObject({
      status: "manual",
      reason: stringContaining("callback passed to runCli() (through prepare())"),
    });
    expect(first.rows.find((row) => row.line === 19)).toMatchObject({ status: "fixed" });
    project.commitAll();
    const second = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(second.fileChanges).toEqual([]);
  });

  it("finds exits in semicolon-free code and writes the throw and the import in the file's own style", async () => {
    const library =
      "import { readFileSync } from 'node:fs'\n\nexport function load(path: string): string {\n  if (path === '') {\n    console.error('No path given. Pass the config file as the first argument.')\n    process.exit(1)\n  }\n  return readFileSync(path, 'utf8')\n}\n";
    const project = new TempProject({ "src/lib.ts": library });
    projects.push(project);
    const result = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(result.rows).toEqual([objectContaining({ line: 6, status: "fixed" })]);
    expect(project.read("src/lib.ts")).toBe(
      "import { readFileSync } from 'node:fs'\nimport { HelpfulError } from '@txo-toolkit/runtime'\n\nexport function load(path: string): string {\n  if (path === '') {\n    throw new HelpfulError({\n      whatWentWrong: 'No path given.',\n      howToFix: 'Pass the config file as the first argument.',\n    })\n  }\n  return readFileSync(path, 'utf8')\n}\n",
    );
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("never writes TODO text into a top-level catch, and marks rows written with TODO text", async () => {
    const cli =
      'import { run } from "./lib.js";\n\nasync function main(): Promise<void> {\n  try {\n    await run();\n  } catch (error) {\n    process.exit(1);\n  }\n}\n\nvoid main();\n';
    const library =
      "export async function run(): Promise<void> {\n  if (Date.now() < 0) {\n    process.exit(1);\n  }\n}\n";
    const project = new TempProject({ "src/run-app.ts": cli, "src/lib.ts": library });
    projects.push(project);
    const result = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(project.read("src/run-app.ts")).toBe(cli);
    expect(result.rows.find((row) => row.file === "src/run-app.ts" && row.line === 7)).toMatchObject({
      status: "manual",
      fix: "none (left as it was)",
      reason: stringContaining("in a top-level catch block"),
    });
    expect(project.read("src/lib.ts")).toContain("TODO(txo-codemod)");
    expect(result.rows.find((row) => row.file === "src/lib.ts")).toMatchObject({
      status: "manual",
      fix: stringMatching(/^written with TODO text to replace: /),
    });
  });

  it("leaves an exit alone when the process's own listeners run it (uncaughtException, signals), reduced from env-cmd", async () => {
    const signals = [
      "export class Signals {",
      "  install(): void {",
      '    process.on("uncaughtException", (error: Error): void => {',
      "      this.onUncaught(error);",
      "    });",
      '    process.once("SIGTERM", this.onTerm);',
      "  }",
      "",
      "  onUncaught(error: Error): void {",
      "    console.error(error.message);",
      "    process.exit(1);",
      "  }",
      "",
      "  onTerm(): void {",
      '    console.error("Terminated.");',
      "    process.exit(1);",
      "  }",
      "}",
      "",
      "export function load(path: string): string {",
      '  if (path === "") {',
      '    console.error("No path given. Pass the file as the first argument.");',
      "    process.exit(1);",
      "  }",
      "  return path;",
      "}",
      "",
    ].join("\n");
    const project = new TempProject({ "src/signals.ts": signals });
    projects.push(project);
    const { rows } = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    const byLine = (line: number) => rows.find((row) => row.line === line);
    expect(byLine(11)).toMatchObject({
      status: "manual",
      fix: "none (left as it was)",
      reason: stringMatching(
        /^onUncaught\(\) is run by the process\.on\("uncaughtException"\) listener: a throw there reaches no caller/,
      ),
    });
    expect(byLine(16)).toMatchObject({
      status: "manual",
      reason: stringContaining('onTerm() is run by the process.on("SIGTERM") listener:'),
    });
    expect(byLine(23)).toMatchObject({ status: "fixed" });
    const written = project.read("src/signals.ts");
    expect(written.split("\n").slice(2, 20).join("\n")).toBe(signals.split("\n").slice(0, 18).join("\n"));
    expect(written).toContain('whatWentWrong: "No path given."');
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  });

  it("leaves an exit alone when a test of its package replaces process.exit and imports the module, reduced from commitlint", async () => {
    const exitingModule = (name: string) =>
      `export function ${name}(separator: string): void {\n  if (separator !== "/") {\n    console.log("Bad separator. Pass '/' as the separator.");\n    process.exit(1);\n  }\n}\n`;
    const spyingTest = [
      'import { mock, test } from "node:test";',
      'import assert from "node:assert";',
      "",
      'test("exits on a bad separator", async () => {',
      '  const exit = mock.method(process, "exit", () => undefined as never);',
      '  const { setSeparator } = await import("./prompts.js");',
      '  setSeparator("-");',
      "  assert.strictEqual(exit.mock.callCount(), 1);",
      "});",
      "",
    ].join("\n");
    const plainTest =
      'import { test } from "node:test";\nimport { setOther } from "./other.js";\n\ntest("accepts /", () => setOther("/"));\n';
    const files = {
      "src/prompts.ts": exitingModule("setSeparator"),
      "src/prompts.test.ts": spyingTest,
      "src/other.ts": exitingModule("setOther"),
      "src/other.test.ts": plainTest,
    };
    const project = new TempProject(files);
    projects.push(project);
    const { rows } = await runCodemods(["exit-to-throw"], { cwd: project.dir, write: true });
    expect(project.read("src/prompts.ts")).toBe(files["src/prompts.ts"]);
    const promptsRow = rows.find((row) => row.file === "src/prompts.ts");
    expect(promptsRow).toMatchObject({ status: "manual", fix: "none (left as it was)" });
    expect(promptsRow?.reason).toMatch(/^a test of this package \(src\/prompts\.test\.ts\) replaces process\.exit/);
    // A test that only imports the module does not check the exit: that one is rewritten.
    expect(rows.find((row) => row.file === "src/other.ts")).toMatchObject({ status: "fixed" });
    expect(project.read("src/other.ts")).toContain("throw new HelpfulError");
    expect(project.typecheck()).toEqual({ ok: true, output: "" });
  }, 300_000);
});
