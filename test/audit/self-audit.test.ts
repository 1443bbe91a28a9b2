import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditReport } from "../../src/audit/model.js";
import { readJson, repoRoot, reportSchemaValidator, runCli, temporaryDirectory } from "./helpers.js";

/** The numbers a reader of reports/ relies on; generatedAt and paths may differ. */
function essentials(report: AuditReport): object {
  return {
    scanned: report.files.scanned,
    testFiles: report.files.testFiles,
    perPrinciple: report.summary.principles.map((principle) => [principle.ruleId, principle.findings, principle.critical, principle.filesTouched]),
    testFindings: report.testFindings.length,
    problems: report.problems.map((problem) => `${problem.file} ${problem.kind}`),
    criteria: report.successCriteria.map((criterion) => criterion.met),
  };
}

describe("the committed self-audit (reports/)", () => {
  it("matches a fresh audit of this repository (regenerate with `npm run audit:self`)", () => {
    const out = temporaryDirectory("self");
    try {
      const run = runCli([repoRoot, "--format", "json", "--out", out, "--fail-on", "none", "--no-cache", "--quiet"]);
      expect(run.status, run.stderr).toBe(0);
      const fresh = readJson<AuditReport>(join(out, "txo-audit.json"));
      const committed = readJson<AuditReport>(join(repoRoot, "reports/txo-audit.json"));
      expect(reportSchemaValidator()(committed)).toBe(true);
      expect(essentials(committed)).toEqual(essentials(fresh));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 300_000);
});
