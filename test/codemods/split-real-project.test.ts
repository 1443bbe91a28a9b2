import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { runCodemods } from "../../src/codemods/index.js";
import { RuleRunner } from "../../src/codemods/findings.js";

/**
 * Opt-in acceptance check on a real project: TXO_REAL_PROJECT names a directory holding a copy of a
 * TypeScript project (a git repository with its dependencies installed and a txo.config.json setting
 * maxLines) whose `tsc --noEmit` and `npx vitest run` pass. The codemod rewrites that copy in place.
 */
const projectDir = process.env.TXO_REAL_PROJECT ?? "";

function longFunctionCount(): number {
  const runner = new RuleRunner(projectDir, ["max-function-lines"]);
  const files = fg.sync(["src/**/*.ts"], { cwd: projectDir, ignore: ["**/*.d.ts"] });
  return files.reduce(
    (sum, file) =>
      sum + runner.lint(readFileSync(join(projectDir, file), "utf8"), join(projectDir, file)).findings.length,
    0,
  );
}

function passes(command: string, args: string[]): boolean {
  try {
    execFileSync(command, args, { cwd: projectDir, stdio: "pipe" });
    return true;
  } catch {
    return false;
  }
}

describe.skipIf(!projectDir)("split-long-functions on a real project (TXO_REAL_PROJECT)", () => {
  it("brings long functions under the limit while the project still type-checks and passes its tests", async () => {
    expect(passes("npx", ["tsc", "--noEmit", "-p", "."])).toBe(true);
    const before = longFunctionCount();
    const started = performance.now();
    const result = await runCodemods(["split-long-functions"], {
      cwd: projectDir,
      write: true,
      force: true,
      paths: ["src"],
    });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    const after = longFunctionCount();
    console.log(
      JSON.stringify({
        before,
        after,
        seconds,
        manual: result.rows.filter((row) => row.status === "manual").map((row) => `${row.file}:${row.line}`),
      }),
    );
    expect(result.fileChanges.map((change) => change.after).join("\n")).not.toMatch(/\bnew(Function|Method)\d*\b/);
    expect(passes("npx", ["tsc", "--noEmit", "-p", "."])).toBe(true);
    expect(passes("npx", ["vitest", "run"])).toBe(true);
    expect(after).toBeLessThan(before);
  }, 900_000);
});
