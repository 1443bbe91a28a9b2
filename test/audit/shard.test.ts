import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/model.js";
import { filesOfShard, parseShard } from "../../src/audit/shard.js";
import { prepareFixtureTree, readJson, runCli, temporaryDirectory } from "./helpers.js";

const ALL_FORMATS = "terminal,md,json,sarif,codeclimate,html";
const REPORT_FILES = [
  "txo-audit.json",
  "txo-audit.md",
  "txo-audit.sarif",
  "txo-audit.codeclimate.json",
  "txo-audit.html",
];

/** A tree with every kind of finding, test files, an unparsable and an unreadable file, and files of very different sizes. */
function shardableTree(): string {
  const { root } = prepareFixtureTree();
  for (let index = 0; index < 36; index++) {
    const directory = join(root, index % 3 === 0 ? "lib" : index % 3 === 1 ? "app/server" : "tests");
    mkdirSync(directory, { recursive: true });
    const padding = Array.from({ length: (index * 7) % 90 }, (_, line) => `  total += ${line};`).join("\n");
    writeFileSync(
      join(directory, `module-${index}.ts`),
      `export const cache${index} = new Map<string, number>();\nexport function remember${index}(key: string): void {\n  cache${index}.set(key, 1);\n}\n` +
        `export function quit${index}(config: Record<string, number>): number {\n  let total = config.port ?? 80;\n${padding}\n  if (total < 0) process.exit(1);\n  return total;\n}\n`,
    );
  }
  return root;
}

/** A report file with the run's timestamp taken out: the only thing two runs over one tree may differ in. */
function comparable(directory: string, name: string, generatedAt: string): string {
  return readFileSync(join(directory, name), "utf8").split(generatedAt).join("<generatedAt>");
}

function withoutWrittenLines(stdout: string): string {
  return stdout.replace(/^wrote .*\n/gm, "");
}

describe("--shard i/n and txo-audit merge", () => {
  let root: string;
  const work = temporaryDirectory("shards");
  const audit = (...args: string[]) => runCli([root, "--no-cache", "--fail-on", "warning", ...args]);

  beforeAll(() => {
    root = shardableTree();
  });
  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(work, { recursive: true, force: true });
  });

  function mergedRun(count: number, extra: string[], label: string): { run: ReturnType<typeof runCli>; out: string } {
    const reports: string[] = [];
    for (let index = count; index >= 1; index--) {
      const out = join(work, `${label}-${count}-${index}`);
      const shard = audit("--shard", `${index}/${count}`, "--format", "json", "--out", out, ...extra);
      expect(shard.stderr).toBe("");
      reports.push(join(out, "txo-audit.json"));
    }
    const out = join(work, `${label}-${count}-merged`);
    return {
      run: runCli([
        "merge",
        ...reports,
        "--format",
        ALL_FORMATS,
        "--out",
        out,
        ...extra.filter((arg) => arg !== "--update-baseline"),
      ]),
      out,
    };
  }

  function expectSameReports(
    single: { run: ReturnType<typeof runCli>; out: string },
    merged: { run: ReturnType<typeof runCli>; out: string },
  ): void {
    const singleReport = readJson<AuditReport>(join(single.out, "txo-audit.json"));
    const mergedReport = readJson<AuditReport>(join(merged.out, "txo-audit.json"));
    expect(merged.run.stderr).toBe("");
    expect(merged.run.status).toBe(single.run.status);
    expect(mergedReport.shard).toBeUndefined();
    for (const name of REPORT_FILES) {
      expect(comparable(merged.out, name, mergedReport.generatedAt), name).toBe(
        comparable(single.out, name, singleReport.generatedAt),
      );
    }
    expect(withoutWrittenLines(merged.run.stdout)).toBe(withoutWrittenLines(single.run.stdout));
  }

  it("merged shards (n = 1, 2, 4) give every report of one run over the whole tree, byte for byte", () => {
    const single = { out: join(work, "single"), run: audit("--format", ALL_FORMATS, "--out", join(work, "single")) };
    const report = readJson<AuditReport>(join(single.out, "txo-audit.json"));
    expect(report.findings.length).toBeGreaterThan(60);
    expect(report.testFindings.length).toBeGreaterThan(10);
    expect(report.problems.length).toBeGreaterThanOrEqual(2);
    for (const count of [1, 2, 4]) expectSameReports(single, mergedRun(count, [], "plain"));
  });

  it("compares the merged findings with the baseline as one run does", () => {
    const baseline = join(work, "baseline.json");
    expect(
      audit("--baseline", baseline, "--update-baseline", "--format", "json", "--out", join(work, "record")).status,
    ).toBe(0);
    writeFileSync(join(root, "lib/new-exit.ts"), "export function stop(): void {\n  process.exit(4);\n}\n");
    rmSync(join(root, "lib/module-3.ts"));
    const single = {
      out: join(work, "single-baseline"),
      run: audit("--baseline", baseline, "--format", ALL_FORMATS, "--out", join(work, "single-baseline")),
    };
    const report = readJson<AuditReport>(join(single.out, "txo-audit.json"));
    expect(report.baseline).toMatchObject({ newFindings: 1 });
    expect(report.baseline?.fixed).toBeGreaterThan(0);
    expect(single.run.status).toBe(1);
    expectSameReports(single, mergedRun(2, ["--baseline", baseline], "baseline"));
  });

  it("applies merge --fail-on to the whole tree instead of the shards' setting", () => {
    const reports = [1, 2].map((index) => join(work, `plain-2-${index}/txo-audit.json`));
    const out = join(work, "merged-fail-none");
    const run = runCli(["merge", ...reports, "--fail-on", "none", "--format", "json", "--out", out]);
    expect(run.status).toBe(0);
    expect(readJson<AuditReport>(join(out, "txo-audit.json")).options.failOn).toBe("none");
  });

  it("refuses an incomplete, repeated or foreign set of reports with a helpful message (exit 2)", () => {
    const one = join(work, "plain-2-1/txo-audit.json");
    const missing = runCli(["merge", one]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("shard 2/2 is missing");
    const twice = runCli(["merge", one, one]);
    expect(twice.status).toBe(2);
    expect(twice.stderr).toContain("again");
    const whole = runCli(["merge", join(work, "single/txo-audit.json")]);
    expect(whole.status).toBe(2);
    expect(whole.stderr).toContain("not a shard report");
    const notJson = join(work, "not.json");
    writeFileSync(notJson, "{");
    expect(runCli(["merge", notJson]).stderr).toContain("not valid JSON");
    const bad = runCli([root, "--shard", "5/4"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain("--shard 2/4");
  });
});

describe("the shard partition", () => {
  const root = temporaryDirectory("partition");
  const files: string[] = [];
  beforeAll(() => {
    for (let index = 0; index < 200; index++) {
      const file = `f${String(index).padStart(3, "0")}.ts`;
      writeFileSync(join(root, file), "x".repeat(index % 10 === 0 ? 20_000 : 37 * ((index * 13) % 50)));
      files.push(file);
    }
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("splits the files into disjoint, complete, stable slices of near-equal bytes", () => {
    for (const count of [1, 2, 3, 4, 7]) {
      const slices = Array.from({ length: count }, (_, index) =>
        filesOfShard(files, root, { index: index + 1, count }),
      );
      expect(slices.flat().sort()).toEqual(files);
      expect(filesOfShard(files, root, { index: 1, count })).toEqual(slices[0]);
      const bytes = slices.map((slice) => slice.reduce((sum, file) => sum + statSync(join(root, file)).size, 0));
      const largestFile = Math.max(...files.map((file) => statSync(join(root, file)).size));
      expect(Math.max(...bytes) - Math.min(...bytes)).toBeLessThanOrEqual(largestFile);
    }
  });

  it("parses i/n and rejects anything else", () => {
    expect(parseShard("2/4")).toEqual({ index: 2, count: 4 });
    for (const bad of ["0/4", "5/4", "1/0", "a/b", "2", "1/1000"]) expect(() => parseShard(bad)).toThrow(/--shard/);
  });
});

describe("paths in SARIF and Code Climate", () => {
  it("are relative to the git repository root when a subfolder is audited", () => {
    const repository = temporaryDirectory("git-root");
    try {
      execFileSync("git", ["init", "-q"], { cwd: repository });
      mkdirSync(join(repository, "packages/api/src"), { recursive: true });
      writeFileSync(
        join(repository, "packages/api/src/stop.ts"),
        "export function stop(): void {\n  process.exit(1);\n}\n",
      );
      const out = join(repository, "out");
      runCli([join(repository, "packages/api"), "--format", "sarif,codeclimate,json", "--out", out, "--no-cache"]);
      const sarif = readJson<{
        runs: {
          originalUriBaseIds: { "%SRCROOT%": { uri: string } };
          results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[];
        }[];
      }>(join(out, "txo-audit.sarif"));
      expect(sarif.runs[0]?.results[0]?.locations[0]?.physicalLocation.artifactLocation.uri).toBe(
        "packages/api/src/stop.ts",
      );
      expect(sarif.runs[0]?.originalUriBaseIds["%SRCROOT%"].uri).toMatch(/git-root-[^/]+\/$/);
      expect(
        readJson<{ location: { path: string } }[]>(join(out, "txo-audit.codeclimate.json"))[0]?.location.path,
      ).toBe("packages/api/src/stop.ts");
      expect(readJson<AuditReport>(join(out, "txo-audit.json")).findings[0]?.file).toBe("src/stop.ts");
      expect(readdirSync(out).sort()).toEqual(["txo-audit.codeclimate.json", "txo-audit.json", "txo-audit.sarif"]);
    } finally {
      rmSync(repository, { recursive: true, force: true });
    }
  });
});
