import { rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { AuditReport, Finding } from "../../src/audit/model.js";
import { readJson, repoRoot, reportSchemaValidator, runCli, temporaryDirectory } from "./helpers.js";

/**
 * What a reader of reports/ relies on: the findings themselves (by file, rule and fingerprint, so
 * a line moving is no change) and the files that could not be audited. How many files were
 * scanned is left out: adding a clean file changes no finding, so it needs no new report.
 */
function essentials(report: AuditReport): object {
  const keyOf = (finding: Finding): string =>
    `${finding.file} ${finding.ruleId} ${finding.severity} ${finding.fingerprint}`;
  return {
    findings: report.findings.map(keyOf).sort(),
    testFindings: report.testFindings.map(keyOf).sort(),
    problems: report.problems.map((problem) => `${problem.file} ${problem.kind}`).sort(),
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
