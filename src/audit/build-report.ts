import { assignFingerprints } from "./fingerprint.js";
import type { FixPrediction } from "./fix-outcomes.js";
import type { AuditReport, BaselineComparison, FailOn, FileProblem, Finding, RawFinding } from "./model.js";
import { isAutoFixable, measureOf, profileOf, type RuleProfile, RULE_PROFILES, severityOf } from "./principles.js";
import {
  buildPlan,
  EFFORT_FORMULA,
  findingsByDirectory,
  functionLengthHistogram,
  successCriteria,
  summarizePrinciples,
} from "./summarize.js";

export interface ReportInputs {
  tool: AuditReport["tool"];
  root: string;
  repositoryPath?: string;
  shard?: AuditReport["shard"];
  projectName: string;
  generatedAt: string;
  options: AuditReport["options"];
  files: AuditReport["files"];
  /** Rule findings per file (relative path), test files included, each with what the codemods will do with it. */
  rawFindings: { file: string; findings: (RawFinding & { fix?: FixPrediction | undefined })[] }[];
  testFiles: ReadonlySet<string>;
  problems: FileProblem[];
}

/**
 * Without a trial run, a message id the codemod does not rule out proves nothing: on real repositories
 * the transforms left about half of those findings to a person (their own checks, a type error the
 * rewrite would add). Only proven fixes count as "codemod can fix"; the rest is "may fix".
 */
const UNPROVEN: FixPrediction = {
  outcome: "may-fix",
  reason:
    "the codemod tries this finding; whether it rewrites it shows only in a run (txo-audit --predict-fixes, or txo-codemod all for a dry run)",
};

/** Whether the codemod fixes the finding: the transforms' own prediction when there is one, else what the rule's message ids allow. */
function codemodFixOf(raw: RawFinding & { fix?: FixPrediction | undefined }, profiles: readonly RuleProfile[]) {
  const fix = raw.fix ?? (isAutoFixable(raw, profiles) ? UNPROVEN : undefined);
  if (fix === undefined) return { codemodFix: "manual" as const };
  return { codemodFix: fix.outcome, ...(fix.reason === undefined ? {} : { codemodNote: fix.reason }) };
}

function classify(
  file: string,
  raw: RawFinding & { fix?: FixPrediction | undefined },
  profile: RuleProfile,
  profiles: readonly RuleProfile[],
): Omit<Finding, "fingerprint"> & { snippet: string } {
  const fix = codemodFixOf(raw, profiles);
  const autoFixable = fix.codemodFix === "fixes";
  return {
    file,
    line: raw.line,
    column: raw.column,
    endLine: raw.endLine,
    endColumn: raw.endColumn,
    ruleId: raw.ruleId,
    messageId: raw.messageId,
    principle: profile.principle,
    severity: severityOf(raw, profiles),
    message: raw.message,
    suggestedFix: profile.suggestedFix,
    autoFixable,
    ...fix,
    codemod: fix.codemodFix === "manual" ? null : profile.codemod,
    breaking: profile.breaking,
    functionLines: measureOf(raw, profiles),
    baselineStatus: null,
    snippet: raw.snippet,
  };
}

/** Findings of the rules `profiles` knows (the catalog's principles by default), classified and fingerprinted. */
export function classifyFindings(
  rawFindings: ReportInputs["rawFindings"],
  profiles: readonly RuleProfile[] = RULE_PROFILES,
): Finding[] {
  const classified = rawFindings.flatMap(({ file, findings }) =>
    findings.flatMap((raw) => {
      const profile = profileOf(raw.ruleId, profiles);
      return profile ? [classify(file, raw, profile, profiles)] : [];
    }),
  );
  return assignFingerprints(classified).map(({ snippet, ...finding }) => finding);
}

function reaches(finding: Finding, failOn: FailOn): boolean {
  if (failOn === "none") return false;
  return failOn === "warning" || finding.severity === "critical";
}

/** Findings that fail the run: at or above --fail-on, and new ones only when a baseline is in use. */
export function failingCount(report: Pick<AuditReport, "findings" | "testFindings" | "problems" | "options">): number {
  const counted = report.options.includeTests ? [...report.findings, ...report.testFindings] : report.findings;
  const failing = counted.filter(
    (finding) => reaches(finding, report.options.failOn) && finding.baselineStatus !== "unchanged",
  ).length;
  return failing + (report.options.failOn === "none" ? 0 : report.problems.length);
}

function summaryOf(findings: Finding[]): AuditReport["summary"] {
  const critical = findings.filter((finding) => finding.severity === "critical").length;
  return {
    findings: findings.length,
    critical,
    warning: findings.length - critical,
    principles: summarizePrinciples(findings),
  };
}

/** Assembles the report model; `baseline` marks findings new/unchanged when given. */
export function buildReport(
  inputs: ReportInputs,
  compare: ((findings: Finding[]) => BaselineComparison) | null,
): AuditReport {
  const { rawFindings, ...rest } = inputs;
  return assembleReport({ ...rest, classified: classifyFindings(rawFindings) }, compare);
}

/** The report from findings already classified and fingerprinted (a run's, or shards' joined by merge). */
export function assembleReport(
  inputs: Omit<ReportInputs, "rawFindings"> & { classified: Finding[] },
  compare: ((findings: Finding[]) => BaselineComparison) | null,
): AuditReport {
  const all = inputs.classified;
  const findings = all.filter((finding) => !inputs.testFiles.has(finding.file));
  const testFindings = all.filter((finding) => inputs.testFiles.has(finding.file));
  const counted = inputs.options.includeTests ? all : findings;
  const baseline = compare ? compare(counted) : null;
  const report: AuditReport = {
    schemaVersion: 1,
    tool: inputs.tool,
    generatedAt: inputs.generatedAt,
    root: inputs.root,
    ...(inputs.repositoryPath === undefined ? {} : { repositoryPath: inputs.repositoryPath }),
    ...(inputs.shard === undefined ? {} : { shard: inputs.shard }),
    projectName: inputs.projectName,
    options: inputs.options,
    files: inputs.files,
    summary: summaryOf(counted),
    findings,
    testFindings,
    problems: inputs.problems,
    charts: {
      byDirectory: findingsByDirectory(counted),
      functionLengths: functionLengthHistogram(counted, inputs.options.maxLines),
    },
    plan: { formula: EFFORT_FORMULA, totalHours: 0, phases: buildPlan(counted, inputs.options.maxLines) },
    successCriteria: successCriteria(counted),
    baseline,
    outcome: { failing: 0, exitCode: 0 },
  };
  report.plan.totalHours = Math.round(report.plan.phases.reduce((sum, phase) => sum + phase.effortHours, 0) * 10) / 10;
  report.outcome.failing = failingCount(report);
  report.outcome.exitCode = report.outcome.failing > 0 ? 1 : 0;
  return report;
}
