import { execFileSync } from "node:child_process";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/model.js";
import { prepareFixtureTree, readJson, runCli } from "./helpers.js";

describe("baseline / ratchet", () => {
  let root: string;
  const audit = (...args: string[]) => runCli([root, "--format", "json", "--fail-on", "warning", ...args]);
  const report = () => readJson<AuditReport>(join(root, "reports/txo-audit.json"));

  beforeAll(() => {
    root = prepareFixtureTree().root;
    rmSync(join(root, "src/broken.ts"));
    rmSync(join(root, "src/unreadable.ts"), { force: true });
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it("records the baseline, then passes when only unrelated lines moved", () => {
    expect(audit("--baseline", join(root, "baseline.json"), "--update-baseline").status).toBe(0);
    const app = join(root, "src/app.ts");
    writeFileSync(app, `// a new header comment\n// shifts every line\n\n${readFileSync(app, "utf8")}`);
    const long = join(root, "src/long.ts");
    writeFileSync(
      long,
      `import { strict } from "node:assert";\n\n${readFileSync(long, "utf8")}export const checked = strict;\n`,
    );
    const run = audit("--baseline", join(root, "baseline.json"));
    expect(run.status).toBe(0);
    const current = report();
    expect(current.baseline).toMatchObject({ newFindings: 0, fixed: 0 });
    expect(current.findings.every((finding) => finding.baselineStatus === "unchanged")).toBe(true);
  });

  it("fails on a new finding only, and reports fixed ones as progress", () => {
    writeFileSync(join(root, "src/extra.ts"), "export function quit(): never {\n  process.exit(2);\n}\n");
    const kept = join(root, "src/nested/kept.ts");
    writeFileSync(
      kept,
      "export function remember(key: string, value: number): Map<string, number> {\n  return new Map([[key, value]]);\n}\n",
    );
    const run = audit("--baseline", join(root, "baseline.json"));
    expect(run.status).toBe(1);
    const current = report();
    expect(current.baseline).toMatchObject({ newFindings: 1, fixed: 1 });
    expect(
      current.findings.filter((finding) => finding.baselineStatus === "new").map((finding) => finding.file),
    ).toEqual(["src/extra.ts"]);
    expect(current.baseline?.fixedFindings[0]).toMatchObject({
      ruleId: "txo/no-global-mutable-state",
      file: "src/nested/kept.ts",
    });
    expect(current.outcome.failing).toBe(1);
    const terminal = runCli([
      root,
      "--format",
      "terminal",
      "--baseline",
      join(root, "baseline.json"),
      "--fail-on",
      "warning",
    ]).stdout;
    expect(terminal.indexOf("New since the baseline (1)")).toBeGreaterThan(-1);
    expect(terminal.indexOf("src/extra.ts")).toBeLessThan(terminal.indexOf("Already in the baseline"));
    expect(terminal).toMatch(
      /src\/extra\.ts\n {2}2:3 +critical +`process\.exit\(\)` ends the whole process from library code {2}txo\/no-process-exit-in-library new\n/,
    );
  });

  it("--changed-since audits only files changed since a git ref", () => {
    const git = (...args: string[]) => execFileSync("git", args, { cwd: root, stdio: "pipe" });
    git("init", "-q");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "add", ".");
    git("-c", "user.email=t@example.com", "-c", "user.name=t", "commit", "-qm", "base");
    writeFileSync(
      join(root, "src/app.ts"),
      `${readFileSync(join(root, "src/app.ts"), "utf8")}\nexport const touched = true;\n`,
    );
    const run = audit("--changed-since", "HEAD", "--fail-on", "none");
    expect(run.status).toBe(0);
    const current = report();
    expect(current.files.scanned).toBe(1);
    expect(new Set(current.findings.map((finding) => finding.file))).toEqual(new Set(["src/app.ts"]));
    const bad = runCli([root, "--changed-since", "no-such-ref"]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/--changed-since no-such-ref/);
  });
});
