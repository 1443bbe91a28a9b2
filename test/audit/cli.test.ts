import { spawn } from "node:child_process";
import { cpSync, existsSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { discoverFiles } from "../../src/lint/discovery.js";
import { loadProjectConfig } from "../../src/config/project-config.js";
import type { AuditReport } from "../../src/audit/model.js";
import {
  prepareFixtureTree,
  readJson,
  repoRoot,
  reportSchemaValidator,
  runCli,
  sarifSchemaValidator,
  temporaryDirectory,
} from "./helpers.js";
import { objectContaining, stringMatching } from "../matchers.js";
import { nth } from "../nth.js";
import { auditSetupConfig } from "../eslint-config.js";

function countBy(keys: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const key of keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  return counts;
}

const ALL_FORMATS = "terminal,md,json,sarif,codeclimate,html";

describe("txo-audit on examples/legacy-app (built binary, every format)", () => {
  const out = temporaryDirectory("legacy-out");
  let run: ReturnType<typeof runCli>;
  let report: AuditReport;

  beforeAll(() => {
    run = runCli([join(repoRoot, "examples/legacy-app"), "--format", ALL_FORMATS, "--out", out, "--no-cache"]);
    report = readJson<AuditReport>(join(out, "txo-audit.json"));
  });
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it("exits 1 because critical findings reach the default --fail-on critical", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(1);
    expect(run.stdout).toContain("Summary per principle");
    expect(run.stdout).not.toMatch(/\u001b\[/);
  });

  it("writes JSON that validates against schemas/audit-report.schema.json", () => {
    const validate = reportSchemaValidator();
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(report.summary.findings).toBeGreaterThan(0);
    expect(report.successCriteria.every((criterion) => criterion.met === (criterion.remaining === 0))).toBe(true);
  });

  it("reports per principle exactly what plain ESLint with the plugin reports on the same files", async () => {
    const cwd = join(repoRoot, "examples/legacy-app");
    const { files } = discoverFiles(cwd, loadProjectConfig(cwd).config);
    const eslint = new ESLint({
      cwd,
      overrideConfigFile: true,
      overrideConfig: auditSetupConfig,
      cache: false,
    });
    const results = await eslint.lintFiles(files);
    const eslintCounts = countBy(
      results.flatMap((result) => result.messages.map((message) => message.ruleId ?? "parse error")),
    );
    const auditCounts = countBy([...report.findings, ...report.testFindings].map((finding) => finding.ruleId));
    expect(auditCounts).toEqual(eslintCounts);
    expect(report.summary.principles.map((principle) => principle.findings)).toEqual(
      report.summary.principles.map(
        (principle) => report.findings.filter((finding) => finding.ruleId === principle.ruleId).length,
      ),
    );
  });

  it("writes SARIF that validates against the official SARIF 2.1.0 schema", () => {
    const sarif = readJson<{
      runs: {
        results: { ruleId: string; partialFingerprints: Record<string, string> }[];
        tool: { driver: { rules: { id: string; helpUri: string; help: { text: string } }[] } };
      }[];
    }>(join(out, "txo-audit.sarif"));
    const validate = sarifSchemaValidator();
    expect(validate(sarif), JSON.stringify(validate.errors?.slice(0, 3))).toBe(true);
    const run0 = nth(sarif.runs, 0);
    expect(run0.tool.driver.rules.map((rule) => rule.id)).toEqual([
      "txo/no-soft-fail-config",
      "txo/no-process-exit-in-library",
      "txo/no-global-mutable-state",
      "txo/max-function-lines",
    ]);
    expect(
      run0.tool.driver.rules.every((rule) => rule.helpUri.startsWith("https://") && rule.help.text.length > 20),
    ).toBe(true);
    expect(run0.results).toHaveLength(report.findings.length);
    expect(
      run0.results.every((result) => /^[0-9a-f]{32}$/.test(result.partialFingerprints["txoFingerprint/v1"] ?? "")),
    ).toBe(true);
  });

  it("writes Code Climate issues for GitLab Code Quality", () => {
    const issues = readJson<
      {
        description: string;
        check_name: string;
        fingerprint: string;
        severity: string;
        location: { path: string; lines: { begin: number } };
      }[]
    >(join(out, "txo-audit.codeclimate.json"));
    expect(issues).toHaveLength(report.findings.length);
    for (const issue of issues) {
      expect(issue.check_name).toMatch(/^txo\//);
      expect(["major", "critical"]).toContain(issue.severity);
      expect(issue.location.lines.begin).toBeGreaterThan(0);
      expect(issue.description.length).toBeGreaterThan(0);
    }
    expect(new Set(issues.map((issue) => issue.fingerprint)).size).toBe(issues.length);
  });

  it("writes Markdown grouped by rule and file and an offline HTML file", () => {
    const markdown = readFileSync(join(out, "txo-audit.md"), "utf8");
    expect(markdown).toContain("### 1. No soft-fail on configuration: ");
    expect(markdown).toContain("<details><summary>Show the findings</summary>");
    expect(markdown).toContain("## Migration plan");
    const html = readFileSync(join(out, "txo-audit.html"), "utf8");
    // Links to the rule docs are fine; nothing may load from the network.
    expect(html).not.toMatch(/src=["']https?:|<link /);
    expect(html).toContain('id="chart-principles"');
  });
});

describe("txo-audit on the fixture tree", () => {
  let tree: ReturnType<typeof prepareFixtureTree>;
  let report: AuditReport;
  let run: ReturnType<typeof runCli>;

  beforeAll(() => {
    tree = prepareFixtureTree();
    run = runCli([tree.root, "--format", "json,md", "--fail-on", "warning"]);
    report = readJson<AuditReport>(join(tree.root, "reports/txo-audit.json"));
  });
  afterAll(() => rmSync(tree.root, { recursive: true, force: true }));

  it("writes to <path>/reports by default and exits 1 on warnings with --fail-on warning", () => {
    expect(run.status).toBe(1);
    expect(existsSync(join(tree.root, "reports/txo-audit.md"))).toBe(true);
  });

  it("honours root and nested .gitignore files and skips build output and declaration files", () => {
    const files = [...report.findings, ...report.testFindings, ...report.problems].map((entry) => entry.file);
    for (const ignored of [
      "generated/gen.ts",
      "src/skip.local.ts",
      "src/nested/secret.ts",
      "dist/out.js",
      "src/types.d.ts",
    ])
      expect(files).not.toContain(ignored);
    expect(report.files.scanned).toBe(6);
  });

  it("reports the unparsable and the unreadable file with the underlying message", () => {
    const broken = report.problems.find((problem) => problem.file === "src/broken.ts");
    expect(broken).toMatchObject({ kind: "parse-error", line: 1 });
    expect(broken?.message).toMatch(/expected/i);
    const unreadable = report.problems.find((problem) => problem.file === tree.unreadable);
    expect(unreadable?.kind).toBe("unreadable");
    expect(unreadable?.message).toMatch(/ENOENT|EACCES/);
  });

  it("classifies severities, test files and the long-function tier", () => {
    const long = report.findings.find((finding) => finding.ruleId === "txo/max-function-lines");
    expect(long).toMatchObject({
      file: "src/long.ts",
      severity: "critical",
      functionLines: 122,
      breaking: "none",
      codemod: "split-long-functions",
    });
    expect(report.testFindings.map((finding) => finding.file)).toEqual(["test/app.test.ts"]);
    expect(report.findings.map((finding) => finding.ruleId).sort()).toEqual([
      "txo/max-function-lines",
      "txo/no-global-mutable-state",
      "txo/no-process-exit-in-library",
      "txo/no-soft-fail-config",
    ]);
    expect(report.charts.functionLengths.find((bucket) => bucket.label === "101–150")?.count).toBe(1);
  });

  it("counts test-file findings with --include-tests", () => {
    const included = runCli([
      tree.root,
      "--format",
      "json",
      "--out",
      join(tree.root, "with-tests"),
      "--include-tests",
      "--fail-on",
      "none",
    ]);
    expect(included.status).toBe(0);
    const withTests = readJson<AuditReport>(join(tree.root, "with-tests/txo-audit.json"));
    expect(withTests.summary.findings).toBe(report.summary.findings + report.testFindings.length);
  });

  it("re-lints only the edited file on the cached re-run", () => {
    const out = join(tree.root, "cached");
    runCli([tree.root, "--format", "json", "--out", out, "--fail-on", "none"]);
    writeFileSync(join(tree.root, "src/app.ts"), `// edited\n${readFileSync(join(tree.root, "src/app.ts"), "utf8")}`);
    runCli([tree.root, "--format", "json", "--out", out, "--fail-on", "none"]);
    const cached = readJson<AuditReport>(join(out, "txo-audit.json"));
    expect(cached.files.linted).toBe(1);
    expect(cached.files.fromCache).toBe(cached.files.scanned - 2);
  });

  it("sees an edit that keeps the file's size and modification time", () => {
    const out = join(tree.root, "same-stamp");
    const file = join(tree.root, "src/app.ts");
    runCli([tree.root, "--format", "json", "--out", out, "--fail-on", "none"]);
    const before = statSync(file);
    const text = readFileSync(file, "utf8");
    // Same length, same mtime: only the content (and the ctime, which no one can set) differs.
    writeFileSync(file, `process.exit(9);\n${text.slice("process.exit(9);\n".length)}`);
    utimesSync(file, before.atime, before.mtime);
    runCli([tree.root, "--format", "json", "--out", out, "--fail-on", "none"]);
    const report = readJson<AuditReport>(join(out, "txo-audit.json"));
    expect(report.files.linted).toBe(1);
  });
});

describe("txo-audit usage and configuration errors exit 2 with a clear message", () => {
  it.each([
    [["--format", "pdf"], /Unknown --format "pdf"/],
    [["--fail-on", "sometimes"], /Unknown --fail-on "sometimes"/],
    [["--concurrency", "0"], /--concurrency "0" is not a whole number/],
    [["--no-such-flag"], /unknown option '--no-such-flag'/],
    [["/definitely/not/here"], /does not exist/],
    [["--baseline", "/definitely/not/here.json", "test/fixtures/audit/tree"], /baseline .* does not exist/],
  ])("%j", (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
  });

  it("names the bad keys of a broken txo.config.json", () => {
    const run = runCli([
      join(repoRoot, "test/fixtures/audit/bad-config"),
      "--format",
      "json",
      "--out",
      temporaryDirectory("bad-config"),
    ]);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/maxLines/);
    expect(run.stderr).toMatch(/entryPointz/);
  });

  it("prints --help and --version with exit code 0", () => {
    const help = runCli(["--help"]);
    expect(help.status).toBe(0);
    for (const flag of [
      "--format",
      "--out",
      "--fail-on",
      "--baseline",
      "--update-baseline",
      "--changed-since",
      "--concurrency",
      "--no-cache",
      "--include-tests",
    ])
      expect(help.stdout).toContain(flag);
    const version = runCli(["--version"]);
    expect(version.status).toBe(0);
    expect(version.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });

  it("stops quietly when the reader of its output leaves early (`txo-audit --help | head -1`)", async () => {
    for (const bin of [join(repoRoot, "dist/cli/txo-audit.js"), join(repoRoot, "dist/cli/txo-codemod.js")]) {
      const child = spawn(process.execPath, [bin, "--help"], { stdio: ["ignore", "pipe", "pipe"] });
      child.stdout.destroy(); // the reader is gone before the first byte is written
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      const status = await new Promise<number | null>((done) => child.on("close", done));
      expect(stderr, bin).toBe("");
      expect(status, bin).toBe(0);
    }
  });

  it("audits an empty tree: exit 0 (documented), valid JSON, and every report says nothing was audited", () => {
    const empty = temporaryDirectory("empty");
    const run = runCli([empty, "--format", "terminal,json,html,sarif,codeclimate,md", "--fail-on", "warning"]);
    expect(run.status).toBe(0);
    const report = readJson<AuditReport>(join(empty, "reports/txo-audit.json"));
    expect(reportSchemaValidator()(report)).toBe(true);
    expect(report.files.scanned).toBe(0);
    expect(run.stdout).toContain(
      "⚠ Nothing was audited: no JavaScript or TypeScript file was found, so no criterion is assessed. Exit code 0.",
    );
    expect(run.stdout).not.toMatch(/✔ met|Nothing reaches/);
    expect(run.stdout.match(/– not assessed/g)).toHaveLength(4);
    const markdown = readFileSync(join(empty, "reports/txo-audit.md"), "utf8");
    expect(markdown).toContain("> **Nothing was audited:");
    expect(markdown.match(/⚠️ not assessed/g)).toHaveLength(4);
    expect(markdown).not.toContain("✅ met");
    const html = readFileSync(join(empty, "reports/txo-audit.html"), "utf8");
    expect(html).toContain("Nothing was audited:");
    expect(html.match(/>not assessed</g)).toHaveLength(4);
    expect(html).not.toContain("✔ met");
    rmSync(empty, { recursive: true, force: true });
  });

  it("a quiet run of an empty tree prints that nothing was audited, not a pass", () => {
    const empty = temporaryDirectory("empty-quiet");
    const run = runCli([empty, "--format", "json", "--quiet"]);
    expect(run.status).toBe(0);
    expect(run.stdout.trim()).toBe(
      "⚠ Nothing was audited: no JavaScript or TypeScript file was found, so no criterion is assessed. Exit code 0.",
    );
    rmSync(empty, { recursive: true, force: true });
  });
});

describe("a rule failing on one file", () => {
  it("is reported against that file (lint-error) while the rest of the tree is audited", () => {
    const root = temporaryDirectory("nested-config");
    writeFileSync(join(root, "package.json"), '{ "name": "outer", "private": true }');
    writeFileSync(join(root, "ok.ts"), "export function stop(): void {\n  process.exit(1);\n}\n");
    cpSync(join(repoRoot, "test/fixtures/audit/bad-config"), join(root, "inner"), { recursive: true });
    const run = runCli([root, "--format", "json", "--fail-on", "none"]);
    expect(run.status).toBe(0);
    const report = readJson<AuditReport>(join(root, "reports/txo-audit.json"));
    expect(report.findings.map((finding) => finding.file)).toEqual(["ok.ts"]);
    expect(report.problems).toEqual([
      objectContaining({
        file: "inner/src/a.ts",
        kind: "lint-error",
        message: stringMatching(/entryPointz/),
      }),
    ]);
    rmSync(root, { recursive: true, force: true });
  });
});
