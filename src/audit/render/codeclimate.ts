import { PRINCIPLE_FACTS, principleOfRule } from "../../rules/principle-facts.js";
import type { AuditReport, Finding } from "../model.js";
import { repositoryRelative } from "../repository.js";

function issue(finding: Finding, repositoryPath: string | undefined): object {
  return {
    type: "issue",
    check_name: finding.ruleId,
    description: finding.message,
    content: {
      body: `Fix: ${finding.suggestedFix}${finding.codemod ? ` Codemod: txo-codemod ${finding.codemod}.` : ""} Breaking: ${finding.breaking}.`,
    },
    categories: principleOfRule(finding.ruleId, PRINCIPLE_FACTS)?.audit.codeClimateCategories,
    fingerprint: finding.fingerprint,
    severity: finding.severity === "critical" ? "critical" : "major",
    location: {
      path: repositoryRelative(repositoryPath, finding.file),
      lines: { begin: finding.line, end: finding.endLine },
    },
  };
}

/** Code Climate issues, the format GitLab's Code Quality widget reads. */
export function renderCodeClimate(report: AuditReport): string {
  const findings = report.options.includeTests ? [...report.findings, ...report.testFindings] : report.findings;
  return `${JSON.stringify(
    findings.map((finding) => issue(finding, report.repositoryPath)),
    null,
    2,
  )}\n`;
}
