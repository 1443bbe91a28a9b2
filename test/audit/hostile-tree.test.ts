import { spawnSync } from "node:child_process";
import {
  chmodSync,
  chownSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/model.js";
import {
  binary,
  readJson,
  reportSchemaValidator,
  runCli,
  sarifSchemaValidator,
  temporaryDirectory,
  type CliRun,
} from "./helpers.js";

/**
 * The hostile-tree suite: the built binary on trees a new user might point it at, and every bad
 * flag or side file. Nothing may crash: exit codes are the documented ones (0, 1, 2), every report
 * is written and valid, and each file that cannot be analysed is listed with its reason.
 */

const LIBRARY_EXIT = "export function stop(): void {\n  process.exit(1);\n}\n";
const DEPTH = 10_000;
const ESCAPE_NAME = "evil\u001b[2J\u001b]0;pwned\u0007\u202e.ts";
const isRoot = process.getuid?.() === 0;
/** Root reads a chmod-000 folder anyway: the unreadable-folder runs drop to "nobody" then. */
const NOBODY = 65534;

function nested(open: string, close: string): string {
  return `export const value = ${open.repeat(DEPTH)}1${close.repeat(DEPTH)};\n`;
}

/** About 5 MB of ordinary statements. */
function fiveMegabytes(): string {
  const lines: string[] = [];
  for (let index = 0, size = 0; size < 5 * 1024 * 1024; index++) {
    const line = `export const value${index} = [${index}, "${index.toString(36)}"].map((item) => String(item)).join(",");`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

function buildHostileTree(): string {
  const root = temporaryDirectory("hostile");
  writeFileSync(join(root, "package.json"), '{ "name": "hostile", "private": true }');
  mkdirSync(join(root, "src/locked"), { recursive: true });
  writeFileSync(join(root, "src/ok.ts"), LIBRARY_EXIT);
  writeFileSync(join(root, "src/locked/hidden.ts"), LIBRARY_EXIT);
  writeFileSync(join(root, "src/parens.ts"), nested("(", ")"));
  writeFileSync(join(root, "src/arrays.ts"), nested("[", "]"));
  writeFileSync(join(root, "src/calls.ts"), nested("f(", ")"));
  writeFileSync(
    join(root, "src/plus-chain.ts"),
    `export const sum = ${Array.from({ length: 4000 }, (_, index) => `v${index % 10}`).join(" + ")};\n`,
  );
  // No bracket to count: oxc's native parser overflows its stack on it (SIGSEGV), which costs one lint process.
  writeFileSync(join(root, "src/unary-chain.ts"), `export const flag = ${"!".repeat(300_000)}value;\n`);
  writeFileSync(join(root, "src/large.ts"), fiveMegabytes());
  writeFileSync(
    join(root, "src/binary.ts"),
    Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x00, 0xff, 0xfe, 0x01, 0x02, 0x00, 0x9b]),
  );
  writeFileSync(
    join(root, "src/latin1.ts"),
    Buffer.from('export const name = "caf\xe9";\nexport function stop(): void {\n  process.exit(2);\n}\n', "latin1"),
  );
  writeFileSync(join(root, "src", ESCAPE_NAME), LIBRARY_EXIT);
  mkdirSync(join(root, "loop"));
  symlinkSync("..", join(root, "loop/up"));
  symlinkSync("../loop", join(root, "loop/self"));
  chmodSync(join(root, "src/locked"), 0o000);
  if (isRoot) chownTree(root, NOBODY);
  return root;
}

function chownTree(path: string, uid: number): void {
  chownSync(path, uid, uid);
  for (const entry of readdirSync(path, { withFileTypes: true })) {
    const child = join(path, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) chownTree(child, uid);
    else chownSync(child, uid, uid);
  }
}

/** Runs the built binary as an unprivileged user when the tests run as root. */
function runUnprivileged(args: string[]): CliRun {
  const result = spawnSync(process.execPath, [binary, ...args], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "", FORCE_COLOR: "0" },
    maxBuffer: 64 * 1024 * 1024,
    ...(isRoot ? { uid: NOBODY, gid: NOBODY } : {}),
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function temporaryFiles(directory: string): string[] {
  return existsSync(directory) ? readdirSync(directory).filter((name) => name.endsWith(".tmp")) : [];
}

function expectHelpfulError(run: CliRun, what: RegExp): void {
  expect(run.status).toBe(2);
  expect(run.stderr).toMatch(what);
  expect(run.stderr).toContain("Solution:");
  expect(run.stderr).toContain("Example:");
  expect(run.stderr).not.toMatch(/^\s+at /m);
}

describe("txo-audit on a hostile tree (built binary, every format)", () => {
  let root: string;
  let first: CliRun;
  let cached: CliRun;
  const out = (name: string) => join(root, name);

  beforeAll(() => {
    root = buildHostileTree();
    const args = (dir: string) => [
      root,
      "--format",
      "terminal,md,json,sarif,codeclimate,html",
      "--out",
      out(dir),
      "--concurrency",
      "2",
    ];
    first = runUnprivileged(args("reports"));
    cached = runUnprivileged(args("reports-cached"));
  }, 300_000);

  afterAll(() => {
    chmodSync(join(root, "src/locked"), 0o755);
    rmSync(root, { recursive: true, force: true });
  });

  it("exits 1 (findings and problems reach --fail-on), never crashes, twice (cache on, symlink loop)", () => {
    expect(first.stderr).not.toMatch(/^\s+at /m);
    expect([first.status, cached.status]).toEqual([1, 1]);
  });

  it("writes every report, valid against its schema, and leaves no temporary file", () => {
    for (const dir of ["reports", "reports-cached"]) {
      const report = readJson<AuditReport>(join(out(dir), "txo-audit.json"));
      expect(reportSchemaValidator()(report)).toBe(true);
      expect(sarifSchemaValidator()(readJson(join(out(dir), "txo-audit.sarif")))).toBe(true);
      expect(Array.isArray(readJson(join(out(dir), "txo-audit.codeclimate.json")))).toBe(true);
      for (const name of ["txo-audit.md", "txo-audit.html"])
        expect(readFileSync(join(out(dir), name), "utf8").length).toBeGreaterThan(100);
      expect(temporaryFiles(out(dir))).toEqual([]);
    }
  });

  it("lists each file it could not analyse with the reason, and audits the rest", () => {
    const report = readJson<AuditReport>(join(out("reports"), "txo-audit.json"));
    const reasons = new Map(report.problems.map((problem) => [problem.file, problem.message]));
    for (const file of ["src/parens.ts", "src/arrays.ts", "src/calls.ts"])
      expect(reasons.get(file)).toMatch(/nested 10000 levels deep, over the limit of 1000/);
    expect(reasons.get("src/locked")).toMatch(/EACCES: cannot list the folder/);
    // With an 8 MB native stack (ulimit -s default) the parser crashes; with a larger one the JavaScript side runs out first.
    expect(reasons.get("src/unary-chain.ts")).toMatch(
      /the lint process crashed on this file \(signal SIGSEGV|nested too deeply/,
    );
    expect(reasons.get("src/binary.ts")).toBeDefined();
    const plusChain = reasons.get("src/plus-chain.ts");
    if (plusChain !== undefined) expect(plusChain).toMatch(/could not be analysed/);
    const flagged = new Set(report.findings.map((finding) => finding.file));
    for (const file of ["src/ok.ts", "src/latin1.ts", "src/evil\\x1B[2J\\x1B]0;pwned\\x07\\u202E.ts"])
      expect(flagged).toContain(file);
    expect(report.files.scanned).toBe(10);
    const again = readJson<AuditReport>(join(out("reports-cached"), "txo-audit.json"));
    expect(again.findings.map((finding) => finding.fingerprint)).toEqual(
      report.findings.map((finding) => finding.fingerprint),
    );
    expect(again.problems).toEqual(report.problems);
  });

  it("never sends the escape sequences of a file name to the terminal or the Markdown report", () => {
    for (const text of [first.stdout, cached.stdout, readFileSync(join(out("reports"), "txo-audit.md"), "utf8")]) {
      expect(text).not.toMatch(/\u001b|\u0007|\u202e/u);
      expect(text).toContain("evil\\x1B[2J");
    }
  });
});

describe("every bad flag and side file: a HelpfulError and exit 2, or a documented warning", () => {
  let root: string;

  beforeAll(() => {
    root = temporaryDirectory("bad-inputs");
    mkdirSync(join(root, "tree"));
    writeFileSync(join(root, "tree/a.ts"), LIBRARY_EXIT);
  });

  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("--out naming a read-only folder", () => {
    const readOnly = join(root, "read-only");
    mkdirSync(readOnly);
    chmodSync(readOnly, 0o555);
    chmodSync(root, 0o755);
    const run = runUnprivileged([join(root, "tree"), "--no-cache", "--format", "md,json", "--out", readOnly]);
    expectHelpfulError(run, /Cannot write the report .*txo-audit\.(md|json)/);
    expect(readdirSync(readOnly)).toEqual([]);
  });

  it("--out holding a folder named like a report", () => {
    const outDir = join(root, "blocked");
    mkdirSync(join(outDir, "txo-audit.md"), { recursive: true });
    const run = runCli([join(root, "tree"), "--no-cache", "--format", "json,md", "--out", outDir]);
    expectHelpfulError(run, /txo-audit\.md: a folder of that name is in the way/);
    expect(readdirSync(outDir)).toEqual(["txo-audit.md"]);
  });

  it("txo.config.json that is a folder", () => {
    const tree = join(root, "config-folder");
    mkdirSync(join(tree, "txo.config.json"), { recursive: true });
    writeFileSync(join(tree, "a.ts"), LIBRARY_EXIT);
    expectHelpfulError(
      runCli([tree, "--no-cache", "--format", "json"]),
      /txo\.config\.json cannot be read: it is a folder/,
    );
    expect(existsSync(join(tree, "reports"))).toBe(false);
  });

  it.each([
    ["[null] entries", { tool: "txo-audit", schemaVersion: 1, findings: [null] }, /findings\[0\] is null/],
    [
      "incomplete entries",
      { tool: "txo-audit", schemaVersion: 1, findings: [{ fingerprint: "x" }] },
      /findings\[0\] lacks ruleId/,
    ],
  ])("a baseline with %s", (_name, document, message) => {
    const file = join(root, `baseline-${_name.length}.json`);
    writeFileSync(file, JSON.stringify(document));
    expectHelpfulError(runCli([join(root, "tree"), "--no-cache", "--format", "json", "--baseline", file]), message);
  });

  it("a cache file of the wrong shape: warns, lints everything and rebuilds it", () => {
    const tree = join(root, "bad-cache");
    mkdirSync(join(tree, ".txo-cache"), { recursive: true });
    writeFileSync(join(tree, "a.ts"), LIBRARY_EXIT);
    writeFileSync(join(tree, ".txo-cache/lint-results.json"), JSON.stringify({ key: "k", entries: { "a.ts": null } }));
    const run = runCli([tree, "--format", "json", "--fail-on", "none"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning: .*lint cache .*wrong shape[\s\S]*Solution:/);
    expect(readJson<AuditReport>(join(tree, "reports/txo-audit.json")).summary.findings).toBe(1);
    expect(
      readJson<{ entries: Record<string, unknown> }>(join(tree, ".txo-cache/lint-results.json")).entries["a.ts"],
    ).toBeTruthy();
  });

  it("an unwritable cache location: warns and runs uncached", () => {
    const tree = join(root, "cache-blocked");
    mkdirSync(tree);
    writeFileSync(join(tree, "a.ts"), LIBRARY_EXIT);
    writeFileSync(join(tree, ".txo-cache"), "a file where the cache folder goes");
    const run = runCli([tree, "--format", "json", "--fail-on", "none"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning: .*lint cache could not be saved[\s\S]*--no-cache/);
    expect(readJson<AuditReport>(join(tree, "reports/txo-audit.json")).summary.findings).toBe(1);
    expect(readdirSync(tree).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("--debug exists, as the crash hint says", () => {
    const run = runCli([join(root, "tree"), "--no-cache", "--format", "json", "--debug", "--fail-on", "none"]);
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/unknown option/);
  });

  it("an empty tree says so instead of passing silently", () => {
    const empty = join(root, "empty");
    mkdirSync(empty);
    const run = runCli([empty, "--format", "json"]);
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/warning: .*No JavaScript or TypeScript files were found/);
  });
});
