import type { AuditReport, Finding } from "../model.js";
import { criterionStatus, explainRule, groupByFile, headline, NOTHING_AUDITED, rulesIn } from "./finding-text.js";

/** Escapes text for a Markdown table cell (pipes, line breaks, HTML). */
export function cell(text: string): string {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/\|/g, "\\|")
    .replace(/\r?\n/g, " ");
}

/**
 * Text for a list item: HTML escaped outside code spans only, since GitHub shows entities and
 * backslashes inside code spans literally; line breaks become spaces.
 */
function inlineText(text: string): string {
  const parts = text.replace(/\r?\n/g, " ").split("`");
  const balanced = parts.length % 2 === 1;
  return parts
    .map((part, index) =>
      index % 2 === 1 && (balanced || index < parts.length - 1)
        ? part
        : part.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"),
    )
    .join("`");
}

function findingItem(finding: Finding): string {
  const status = finding.baselineStatus === "new" ? " **new**" : "";
  return `- ${finding.line}:${finding.column} ${finding.severity === "critical" ? "🔴" : "🟡"} ${inlineText(headline(finding.message))}${status}`;
}

/** Findings grouped by file, one short line each. */
function fileList(findings: Finding[]): string[] {
  return groupByFile(findings).flatMap((group) => [
    `**${inlineText(group.file)}** (${group.findings.length})`,
    "",
    ...group.findings.map(findingItem),
    "",
  ]);
}

function ruleNote(ruleId: string): string {
  const rule = explainRule(ruleId);
  return `> **Fix:** ${inlineText(rule.fix)} Codemod: \`txo-codemod ${rule.codemod}\` (breaking: ${rule.breaking}). [Rule documentation](${rule.docs})`;
}

/**
 * One section per rule: the fix once, then the findings by file inside a collapsed block, so a
 * report of thousands of findings opens as a page of summaries.
 */
export function findingsByRule(report: Pick<AuditReport, "summary">, findings: Finding[], level: string): string[] {
  if (findings.length === 0) return ["No findings.", ""];
  return rulesIn(report, findings).flatMap((ruleId) => {
    const own = findings.filter((finding) => finding.ruleId === ruleId);
    const rule = explainRule(ruleId);
    const files = new Set(own.map((finding) => finding.file)).size;
    const critical = own.filter((finding) => finding.severity === "critical").length;
    const counts = `${own.length} findings (${critical} critical) in ${files} files`;
    return [
      `${level} ${rule.principle}. ${cell(rule.title)}: ${counts}`,
      "",
      ruleNote(ruleId),
      "",
      "<details><summary>Show the findings</summary>",
      "",
      ...fileList(own),
      "</details>",
      "",
    ];
  });
}

function summarySection(report: AuditReport): string[] {
  const rows = report.summary.principles.map(
    (principle) =>
      `| ${principle.principle}. ${cell(principle.title)} | \`${principle.ruleId}\` | ${principle.findings} | ${principle.critical} | ${principle.filesTouched} | ${cell(principle.worstOffenders.map((offender) => `${offender.file} (${offender.findings})`).join(", ") || "—")} |`,
  );
  return [
    "## Summary per principle",
    "",
    "| Principle | Rule | Findings | Critical | Files | Worst offenders |",
    "|---|---|---|---|---|---|",
    ...rows,
    "",
  ];
}

function criteriaSection(report: AuditReport): string[] {
  const marks = { met: "✅ met", "not met": "❌ not met", "not assessed": "⚠️ not assessed" };
  const rows = report.successCriteria.map(
    (criterion) =>
      `| ${cell(criterion.criterion)} | ${marks[criterionStatus(report, criterion)]} | ${criterion.remaining} |`,
  );
  return ["## Success criteria", "", "| Criterion | Status | Remaining |", "|---|---|---|", ...rows, ""];
}

function planSection(report: AuditReport): string[] {
  const rows = report.plan.phases.map(
    (phase) =>
      `| ${phase.phase} | ${cell(phase.title)} | ${phase.findings} | ${phase.files} | ${phase.autoFixable}${phase.mayFix ? ` (+${phase.mayFix} may)` : ""} (\`${phase.codemod}\`) | ${phase.breaking} | ${phase.effortHours} h |`,
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

const FIXED_LISTED = 50;

function baselineSection(report: AuditReport): string[] {
  const baseline = report.baseline;
  if (baseline === null) return [];
  const fixed = baseline.fixedFindings
    .slice(0, FIXED_LISTED)
    .map(
      (entry) =>
        `- ✅ fixed: \`${entry.ruleId}\` ${inlineText(entry.file)}:${entry.line} ${inlineText(headline(entry.message))}`,
    );
  const more =
    baseline.fixed > FIXED_LISTED ? [`- … and ${baseline.fixed - FIXED_LISTED} more (all in txo-audit.json)`] : [];
  const fresh = report.findings.filter((finding) => finding.baselineStatus === "new");
  return [
    "## Baseline",
    "",
    `Compared with \`${cell(baseline.file)}\`: **${baseline.newFindings} new**, ${baseline.unchanged} unchanged, **${baseline.fixed} fixed**.`,
    "",
    ...(fresh.length === 0 ? [] : ["### New since the baseline", "", ...fileList(fresh)]),
    ...fixed,
    ...more,
    "",
  ];
}

function problemsSection(report: AuditReport): string[] {
  if (report.problems.length === 0) return [];
  const rows = report.problems.map(
    (problem) =>
      `| ${cell(problem.file)}${problem.line === null ? "" : `:${problem.line}:${problem.column}`} | ${problem.kind} | ${cell(problem.message)} |`,
  );
  return ["## Files that could not be analysed", "", "| File | Problem | Message |", "|---|---|---|", ...rows, ""];
}

function testSection(report: AuditReport): string[] {
  const note = report.options.includeTests
    ? "counted in the summary (--include-tests)"
    : "not counted against the success criteria";
  if (report.testFindings.length === 0) return ["## Test files", "", `No findings in test files (${note}).`, ""];
  return [
    "## Test files",
    "",
    `${report.testFindings.length} findings in test files, ${note}.`,
    "",
    ...findingsByRule(report, report.testFindings, "###"),
  ];
}

/** The Markdown report: summary, criteria, plan, baseline (new findings first), the findings per rule and file, the rest. */
export function renderMarkdown(report: AuditReport): string {
  const header = [
    `# TXO hardening assessment: ${cell(report.projectName)}`,
    "",
    `Generated ${report.generatedAt} by ${report.tool.name} ${report.tool.version}. ${report.files.scanned} files scanned (${report.files.testFiles} test files), ` +
      `**${report.summary.findings} findings** (${report.summary.critical} critical, ${report.summary.warning} warning).`,
    "",
    ...(report.files.scanned === 0 ? [`> **${NOTHING_AUDITED}**`, ""] : []),
  ];
  const findings = ["## Findings", "", ...findingsByRule(report, report.findings, "###")];
  return [
    ...header,
    ...summarySection(report),
    ...criteriaSection(report),
    ...planSection(report),
    ...baselineSection(report),
    ...findings,
    ...testSection(report),
    ...problemsSection(report),
  ].join("\n");
}
