import { Chalk, type ChalkInstance } from "chalk";
import type { AuditReport, Finding } from "../model.js";

export interface TerminalOptions {
  color: boolean;
  quiet: boolean;
  /** How many findings to list before summarising the rest. */
  limit: number;
}

function findingLine(paint: ChalkInstance, finding: Finding): string {
  const severity = finding.severity === "critical" ? paint.red.bold("critical") : paint.yellow("warning ");
  const status = finding.baselineStatus === "new" ? paint.magenta(" [new]") : "";
  return `  ${paint.cyan(`${finding.file}:${finding.line}:${finding.column}`)} ${severity} ${finding.message} ${paint.dim(finding.ruleId)}${status}`;
}

function principleLines(paint: ChalkInstance, report: AuditReport): string[] {
  return report.summary.principles.map((principle) => {
    const count = principle.findings === 0 ? paint.green("0") : paint.bold(String(principle.findings));
    const worst = principle.worstOffenders[0] ? paint.dim(` worst: ${principle.worstOffenders[0].file} (${principle.worstOffenders[0].findings})`) : "";
    return `  ${principle.principle}. ${principle.title.padEnd(44)} ${count} findings, ${principle.critical} critical, ${principle.filesTouched} files${worst}`;
  });
}

function criteriaLines(paint: ChalkInstance, report: AuditReport): string[] {
  return report.successCriteria.map((criterion) => `  ${criterion.met ? paint.green("✔ met    ") : paint.red("✘ not met")} ${criterion.criterion}${criterion.met ? "" : paint.dim(` (${criterion.remaining} left)`)}`);
}

function planLines(paint: ChalkInstance, report: AuditReport): string[] {
  const phases = report.plan.phases.map((phase) => `  Phase ${phase.phase}: ${phase.title.padEnd(44)} ${String(phase.findings).padStart(4)} findings ${String(phase.effortHours).padStart(6)} h  breaking: ${phase.breaking}`);
  return [...phases, paint.dim(`  Total ${report.plan.totalHours} h (formula in the Markdown/JSON report)`)];
}

function detailLines(paint: ChalkInstance, report: AuditReport, limit: number): string[] {
  const listed = report.findings.slice(0, limit).map((finding) => findingLine(paint, finding));
  const more = report.findings.length > limit ? [paint.dim(`  … and ${report.findings.length - limit} more in the written reports`)] : [];
  const problems = report.problems.map((problem) => `  ${paint.red("✘")} ${problem.file}${problem.line === null ? "" : `:${problem.line}`}: ${problem.message}`);
  const baseline = report.baseline
    ? [paint.bold("Baseline"), `  ${report.baseline.newFindings} new, ${report.baseline.unchanged} unchanged, ${paint.green(`${report.baseline.fixed} fixed`)}`]
    : [];
  return [
    ...(listed.length > 0 ? [paint.bold("Findings"), ...listed, ...more] : []),
    ...(problems.length > 0 ? [paint.bold("Files that could not be analysed"), ...problems] : []),
    ...baseline,
  ];
}

function verdict(paint: ChalkInstance, report: AuditReport): string {
  const text = `${report.summary.findings} findings (${report.summary.critical} critical) in ${report.files.scanned} files; ${report.testFindings.length} in test files.`;
  if (report.outcome.exitCode === 0) return paint.green(`✔ ${text} Nothing reaches --fail-on ${report.options.failOn}.`);
  return paint.red(`✘ ${text} ${report.outcome.failing} reach --fail-on ${report.options.failOn}.`);
}

/** The terminal summary; colour only when asked (TTY and no NO_COLOR). */
export function renderTerminal(report: AuditReport, options: TerminalOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  if (options.quiet) return `${verdict(paint, report)}\n`;
  const sections = [
    paint.bold(`TXO hardening assessment: ${report.projectName}`),
    ...detailLines(paint, report, options.limit),
    paint.bold("Summary per principle"),
    ...principleLines(paint, report),
    paint.bold("Success criteria"),
    ...criteriaLines(paint, report),
    paint.bold("Plan"),
    ...planLines(paint, report),
    verdict(paint, report),
  ];
  return `${sections.join("\n")}\n`;
}
