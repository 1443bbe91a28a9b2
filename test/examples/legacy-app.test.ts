import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/rules/index.js";
import { CHILD_TIMEOUT_MS, REPOSITORY_ROOT, runTool } from "./run-tool.js";
import { eslintConfig } from "../eslint-config.js";

/**
 * The legacy example app is the demo of every feature: its planted smells, listed in
 * expected-findings.json, must be exactly what the rules find; and the app itself must
 * type-check and pass its own tests.
 */

interface Finding {
  file: string;
  rule: string;
  line: number;
}

const APP_ROOT = join(REPOSITORY_ROOT, "examples", "legacy-app");

function findingKey(finding: Finding): string {
  return `${finding.file}:${finding.line} ${finding.rule}`;
}

function sortedKeys(findings: readonly Finding[]): string[] {
  return findings.map(findingKey).sort((left, right) => left.localeCompare(right, "en", { numeric: true }));
}

/** Items of `left` not matched one-for-one in `right` (a multiset difference). */
function missingFrom(left: readonly string[], right: readonly string[]): string[] {
  const remaining = new Map<string, number>();
  for (const key of right) remaining.set(key, (remaining.get(key) ?? 0) + 1);
  return left.filter((key) => {
    const count = remaining.get(key) ?? 0;
    remaining.set(key, count - 1);
    return count <= 0;
  });
}

async function lintLegacyApp(appRoot: string = APP_ROOT): Promise<{ findings: Finding[]; fatal: string[] }> {
  const eslint = new ESLint({
    cwd: appRoot,
    overrideConfigFile: true,
    overrideConfig: [eslintConfig(plugin.configs.recommended)],
  });
  const results = await eslint.lintFiles(["src/**/*.ts"]);
  const findings: Finding[] = [];
  const fatal: string[] = [];
  for (const result of results) {
    const file = relative(appRoot, result.filePath).split("\\").join("/");
    for (const message of result.messages) {
      if (message.ruleId === null) fatal.push(`${file}:${message.line} ${message.message}`);
      else findings.push({ file, rule: message.ruleId, line: message.line });
    }
  }
  return { findings, fatal };
}

/** A copy of the app's sources and project files, to lint variations of it without touching it. */
function copyApp(): string {
  const copy = mkdtempSync(join(tmpdir(), "legacy-app-copy-"));
  for (const entry of ["src", "package.json", "tsconfig.json", "tsconfig.build.json"])
    cpSync(join(APP_ROOT, entry), join(copy, entry), { recursive: true });
  return copy;
}

function exitFindingsIn(findings: readonly Finding[], file: string): number[] {
  return findings
    .filter((finding) => finding.file === file && finding.rule === "txo/no-process-exit-in-library")
    .map((finding) => finding.line);
}

function readExpectedFindings(): Finding[] {
  // JSON.parse gives any; expected-findings.json is a list of findings written by this test suite.
  return JSON.parse(readFileSync(join(APP_ROOT, "expected-findings.json"), "utf8")) as Finding[];
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  return runTool(command, args, { LEGACY_APP_LOG_LEVEL: "error" });
}

describe("examples/legacy-app", () => {
  it("the rules find exactly the planted smells of expected-findings.json", async () => {
    const { findings, fatal } = await lintLegacyApp();
    expect(fatal, "parse errors or crashes while linting").toEqual([]);

    const actual = sortedKeys(findings);
    const expected = sortedKeys(readExpectedFindings());
    const unexpected = missingFrom(actual, expected);
    const missed = missingFrom(expected, actual);
    expect({ unexpected, missed }, "unexpected: reported but not planted; missed: planted but not reported").toEqual({
      unexpected: [],
      missed: [],
    });
  });

  it("allows script-runner's exits because package.json bin names its dist output; a shebang alone would not cover exported functions", async () => {
    const copy = copyApp();
    try {
      const runner = join(copy, "src", "script-runner.ts");
      const exportedExit = "\nexport function abortRun(code: number): never {\n  process.exit(code);\n}\n";
      writeFileSync(runner, readFileSync(runner, "utf8") + exportedExit);
      const exitLine = readFileSync(runner, "utf8").split("\n").indexOf("  process.exit(code);") + 1;

      expect(
        exitFindingsIn((await lintLegacyApp(copy)).findings, "src/script-runner.ts"),
        "bin entry: the whole file is a program",
      ).toEqual([]);

      // JSON.parse gives any; package.json is an object, and bin is checked as unknown.
      const manifest = JSON.parse(readFileSync(join(copy, "package.json"), "utf8")) as { bin?: unknown };
      delete manifest.bin;
      writeFileSync(join(copy, "package.json"), JSON.stringify(manifest, null, 2));
      expect(
        exitFindingsIn((await lintLegacyApp(copy)).findings, "src/script-runner.ts"),
        "shebang only: exported functions are library code",
      ).toEqual([exitLine]);
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  });

  it("lists only files that exist and the four rules of the plugin", () => {
    const ruleNames = new Set(Object.keys(plugin.rules).map((name) => `txo/${name}`));
    for (const finding of readExpectedFindings()) {
      expect(ruleNames.has(finding.rule), finding.rule).toBe(true);
      const lines = readFileSync(resolve(APP_ROOT, finding.file), "utf8").split("\n");
      expect(finding.line, findingKey(finding)).toBeLessThanOrEqual(lines.length);
    }
  });

  it(
    "type-checks with tsc --noEmit",
    () => {
      const { status, output } = run("tsc", ["--noEmit", "-p", "examples/legacy-app"]);
      expect(status, output).toBe(0);
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    "passes its own test suite",
    () => {
      const { status, output } = run("vitest", ["run", "--root", "examples/legacy-app"]);
      expect(status, output).toBe(0);
      expect(output).toMatch(/Tests\s+\d+ passed/);
    },
    CHILD_TIMEOUT_MS,
  );
});
