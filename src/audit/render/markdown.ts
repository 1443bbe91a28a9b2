import type { AuditReport, Finding } from "../model.js";

/** Escapes text for a Markdown table cell (pipes, line breaks, HTML). */
export function cell(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/\|/g, "\\|").replace(/\r?\n/g, " ");
}

function statusOf(finding: Finding): string {
  if (finding.baselineStatus === "unchanged") return "open (baseline)";
  if (finding.baselineStatus === "new") return "open (new)";
  return "open";
}

function issueOf(finding: Finding): string {
  return `${finding.severity === "critical" ? "🔴" : "🟡"} \`${finding.ruleId}\` ${finding.message}`;
}

function fixOf(finding: Finding): string {
  const codemod = finding.codemod ? ` (codemod: \`txo-codemod ${finding.codemod}\`)` : " (manual)";
  return `${finding.suggestedFix}${codemod}`;
}

export function trackingTable(findings: Finding[]): string[] {
  const rows = findings.map(
    (finding) => `| ${cell(`${finding.file}:${finding.line}:${finding.column}`)} | ${cell(issueOf(finding))} | ${cell(fixOf(finding))} | ${statusOf(finding)} | ${finding.breaking} |`,
  );
  return ["| File | Issue | Fix | Status | Breaking |", "|---|---|---|---|---|", ...rows];
}

function summarySection(report: AuditReport): string[] {
  const rows = report.summary.principles.map(
    (principle) =>
      `| ${principle.principle}. ${cell(principle.title)} | \`${principle.ruleId}\` | ${principle.findings} | ${principle.critical} | ${principle.filesTouched} | ${cell(principle.worstOffenders.map((offender) => `${offender.file} (${offender.findings})`).join(", ") || "—")} |`,
  );
  return ["## Summary per principle", "", "| Principle | Rule | Findings | Critical | Files | Worst offenders |", "|---|---|---|---|---|---|", ...rows, ""];
}

function criteriaSection(report: AuditReport): string[] {
  const rows = report.successCriteria.map((criterion) => `| ${cell(criterion.criterion)} | ${criterion.met ? "✅ met" : "❌ not met"} | ${criterion.remaining} |`);
  return ["## Success criteria", "", "| Criterion | Status | Remaining |", "|---|---|---|", ...rows, ""];
}

function planSection(report: AuditReport): string[] {
  const rows = report.plan.phases.map(
    (phase) => `| ${phase.phase} | ${cell(phase.title)} | ${phase.findings} | ${phase.files} | ${phase.autoFixable} (\`${phase.codemod}\`) | ${phase.breaking} | ${phase.effortHours} h |`,
  );
  return [
    "## Migration plan",
    "",
    "| Phase | Work | Findings | Files | Codemod can fix | Breaking | Effort |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    "",
    `Total estimated effort: **${report.plan.totalHours} h**. Estimate: ${cell(report.plan.formula)}`,
    "",
  ];
}

function baselineSection(report: AuditReport): string[] {
  const baseline = report.baseline;
  if (baseline === null) return [];
  const fixed = baseline.fixedFindings.map((entry) => `- ✅ fixed: \`${entry.ruleId}\` ${cell(entry.file)}:${entry.line} ${cell(entry.message)}`);
  return ["## Baseline", "", `Compared with \`${cell(baseline.file)}\`: **${baseline.newFindings} new**, ${baseline.unchanged} unchanged, **${baseline.fixed} fixed**.`, "", ...fixed, ""];
}

function problemsSection(report: AuditReport): string[] {
  if (report.problems.length === 0) return [];
  const rows = report.problems.map((problem) => `| ${cell(problem.file)}${problem.line === null ? "" : `:${problem.line}:${problem.column}`} | ${problem.kind} | ${cell(problem.message)} |`);
  return ["## Files that could not be analysed", "", "| File | Problem | Message |", "|---|---|---|", ...rows, ""];
}

function testSection(report: AuditReport): string[] {
  const note = report.options.includeTests ? "counted in the summary (--include-tests)" : "not counted against the success criteria";
  if (report.testFindings.length === 0) return ["## Test files", "", `No findings in test files (${note}).`, ""];
  return ["## Test files", "", `${report.testFindings.length} findings in test files, ${note}.`, "", ...trackingTable(report.testFindings), ""];
}

/** The Markdown report: summary, criteria, plan, the tracking table and the other sections. */
export function renderMarkdown(report: AuditReport): string {
  const header = [
    `# TXO hardening assessment: ${cell(report.projectName)}`,
    "",
    `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version}. ${report.files.scanned} files scanned (${report.files.testFiles} test files), ` +
      `**${report.summary.findings} findings** (${report.summary.critical} critical, ${report.summary.warning} warning).`,
    "",
  ];
  const findings = ["## Findings", "", ...(report.findings.length === 0 ? ["No findings."] : trackingTable(report.findings)), ""];
  return [...header, ...summarySection(report), ...criteriaSection(report), ...planSection(report), ...baselineSection(report), ...findings, ...testSection(report), ...problemsSection(report)].join("\n");
}
