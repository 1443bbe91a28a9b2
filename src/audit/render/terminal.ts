import { Chalk, type ChalkInstance } from "chalk";
import type { AuditReport, Finding } from "../model.js";
import {
  criterionStatus,
  explainRule,
  groupByFile,
  headline,
  NOTHING_AUDITED,
  readingOrder,
  ruleDocs,
  rulesIn,
} from "./finding-text.js";

export interface TerminalOptions {
  color: boolean;
  quiet: boolean;
  /** How many findings to list before summarising the rest. */
  limit: number;
  /** The baseline file this run wrote (--update-baseline), if any. */
  baselineWritten?: string | null;
}

/** File names and messages come from the audited tree: control characters never reach the terminal raw. */
function safeText(text: string): string {
  return text.replace(
    /[\u0000-\u001f\u007f-\u009f]/g,
    (char) => `\\x${char.charCodeAt(0).toString(16).padStart(2, "0")}`,
  );
}

/** OSC 8 hyperlink: terminals that know it make the rule name clickable; only with colour on. */
function link(paint: ChalkInstance, text: string, url: string): string {
  return paint.level > 0 ? `\u001b]8;;${url}\u0007${text}\u001b]8;;\u0007` : text;
}

function findingLine(paint: ChalkInstance, finding: Finding): string {
  const position = `${finding.line}:${finding.column}`.padEnd(8);
  const severity = finding.severity === "critical" ? paint.red("critical") : paint.yellow("warning ");
  const status = finding.baselineStatus === "new" ? paint.magenta(" new") : "";
  return `  ${paint.dim(position)} ${severity}  ${safeText(headline(finding.message))}  ${paint.dim(link(paint, finding.ruleId, ruleDocs(finding.ruleId)))}${status}`;
}

/** ESLint's stylish layout: the file once, then one short line per finding. */
function fileBlocks(paint: ChalkInstance, findings: Finding[]): string[] {
  return groupByFile(findings).flatMap((group) => [
    "",
    paint.underline(safeText(group.file)),
    ...group.findings.map((finding) => findingLine(paint, finding)),
  ]);
}

function ruleLegend(paint: ChalkInstance, report: AuditReport, findings: Finding[]): string[] {
  return rulesIn(report, findings).flatMap((ruleId) => {
    const rule = explainRule(ruleId);
    return [
      `  ${paint.bold(ruleId)}  ${rule.principle}. ${rule.title}`,
      `    Fix: ${rule.fix}`,
      `    Codemod: txo-codemod ${rule.codemod} (breaking: ${rule.breaking})  Docs: ${rule.docs}`,
    ];
  });
}

function principleLines(paint: ChalkInstance, report: AuditReport): string[] {
  return report.summary.principles.map((principle) => {
    const count = principle.findings === 0 ? paint.green("0") : paint.bold(String(principle.findings));
    const worst = principle.worstOffenders[0]
      ? paint.dim(` worst: ${principle.worstOffenders[0].file} (${principle.worstOffenders[0].findings})`)
      : "";
    return `  ${principle.principle}. ${principle.title.padEnd(44)} ${count} findings, ${principle.critical} critical, ${principle.filesTouched} files${worst}`;
  });
}

const CRITERION_MARKS = { met: "✔ met    ", "not met": "✘ not met", "not assessed": "– not assessed" } as const;

function criteriaLines(paint: ChalkInstance, report: AuditReport): string[] {
  return report.successCriteria.map((criterion) => {
    const status = criterionStatus(report, criterion);
    const mark =
      status === "met"
        ? paint.green(CRITERION_MARKS[status])
        : status === "not met"
          ? paint.red(CRITERION_MARKS[status])
          : paint.yellow(CRITERION_MARKS[status]);
    return `  ${mark} ${criterion.criterion}${status === "not met" ? paint.dim(` (${criterion.remaining} left)`) : ""}`;
  });
}

function planLines(paint: ChalkInstance, report: AuditReport): string[] {
  const phases = report.plan.phases.map(
    (phase) =>
      `  Phase ${phase.phase}: ${phase.title.padEnd(44)} ${String(phase.findings).padStart(4)} findings ${String(phase.effortHours).padStart(6)} h  breaking: ${phase.breaking}`,
  );
  return [...phases, paint.dim(`  Total ${report.plan.totalHours} h (formula in the Markdown/JSON report)`)];
}

function listedFindings(paint: ChalkInstance, report: AuditReport, limit: number): string[] {
  const ordered = readingOrder(report.findings);
  const listed = ordered.slice(0, limit);
  const hidden = ordered.slice(limit);
  const hiddenNew = hidden.filter((finding) => finding.baselineStatus === "new").length;
  const newOnes = listed.filter((finding) => finding.baselineStatus === "new");
  const rest = listed.filter((finding) => finding.baselineStatus !== "new");
  const more =
    hidden.length === 0
      ? []
      : [
          "",
          paint.dim(
            `  … and ${hidden.length} more${report.baseline ? ` (${hiddenNew} new)` : ""} in ${new Set(hidden.map((finding) => finding.file)).size} files: see the written reports`,
          ),
        ];
  if (report.baseline === null)
    return [paint.bold(`Findings (${report.findings.length})`), ...fileBlocks(paint, listed), ...more];
  return [
    paint.bold(`New since the baseline (${report.baseline.newFindings})`),
    ...(newOnes.length === 0 ? ["  none"] : fileBlocks(paint, newOnes)),
    ...(rest.length === 0
      ? []
      : ["", paint.bold(`Already in the baseline (${report.baseline.unchanged})`), ...fileBlocks(paint, rest)]),
    ...more,
  ];
}

function detailLines(paint: ChalkInstance, report: AuditReport, limit: number): string[] {
  const listed =
    report.findings.length === 0
      ? []
      : [
          ...listedFindings(paint, report, limit),
          "",
          paint.bold("Rules"),
          ...ruleLegend(paint, report, readingOrder(report.findings).slice(0, limit)),
          "",
        ];
  const problems = report.problems.map(
    (problem) =>
      `  ${paint.red("✘")} ${safeText(problem.file)}${problem.line === null ? "" : `:${problem.line}`}: ${safeText(problem.message)}`,
  );
  const baseline = report.baseline
    ? [
        paint.bold("Baseline"),
        `  ${report.baseline.newFindings} new, ${report.baseline.unchanged} unchanged, ${paint.green(`${report.baseline.fixed} fixed`)}`,
      ]
    : [];
  return [
    ...listed,
    ...(problems.length > 0 ? [paint.bold("Files that could not be analysed"), ...problems, ""] : []),
    ...baseline,
  ];
}

function verdict(paint: ChalkInstance, report: AuditReport, baselineWritten: string | null): string {
  const recorded = report.options.includeTests
    ? report.findings.length + report.testFindings.length
    : report.findings.length;
  if (baselineWritten !== null)
    return paint.green(
      `✔ Baseline updated: ${recorded} findings recorded in ${safeText(baselineWritten)}; from now on only new findings count for --fail-on.`,
    );
  if (report.files.scanned === 0) return paint.yellow(`⚠ ${NOTHING_AUDITED} Exit code ${report.outcome.exitCode}.`);
  const text = `${report.summary.findings} findings (${report.summary.critical} critical) in ${report.files.scanned} files; ${report.testFindings.length} in test files.`;
  if (report.outcome.exitCode === 0)
    return paint.green(`✔ ${text} Nothing reaches --fail-on ${report.options.failOn}.`);
  return paint.red(`✘ ${text} ${report.outcome.failing} reach --fail-on ${report.options.failOn}.`);
}

/** The terminal summary; colour only when asked (TTY and no NO_COLOR). */
export function renderTerminal(report: AuditReport, options: TerminalOptions): string {
  const paint = new Chalk({ level: options.color ? 1 : 0 });
  const baselineWritten = options.baselineWritten ?? null;
  if (options.quiet) return `${verdict(paint, report, baselineWritten)}\n`;
  const sections = [
    paint.bold(`TXO hardening assessment: ${safeText(report.projectName)}`),
    "",
    ...detailLines(paint, report, options.limit),
    "",
    paint.bold("Summary per principle"),
    ...principleLines(paint, report),
    "",
    paint.bold("Success criteria"),
    ...criteriaLines(paint, report),
    "",
    paint.bold("Plan"),
    ...planLines(paint, report),
    "",
    verdict(paint, report, baselineWritten),
  ];
  return `${sections.filter((line, index) => line !== "" || sections[index - 1] !== "").join("\n")}\n`;
}
