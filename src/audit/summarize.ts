import type { CountBucket, Finding, PlanPhase, PrincipleSummary, SuccessCriterion } from "./model.js";
import { PRINCIPLE_FACTS } from "../rules/principle-facts.js";
import { type RuleProfile, RULE_PROFILES } from "./principles.js";

const WORST_OFFENDERS = 5;
const FILE_OVERHEAD_MINUTES = 10;
const LONG_FUNCTION_MINUTES_PER_EXTRA_LINE = 0.5;

const MINUTES_PER_FINDING = PRINCIPLE_FACTS.map(
  ({ audit }) =>
    `${audit.effort.label} ${audit.effort.minutesPerFinding}${"measure" in audit.severity ? ` + ${LONG_FUNCTION_MINUTES_PER_EXTRA_LINE} per line over the limit` : ""}`,
);

export const EFFORT_FORMULA =
  `hours per phase = (Σ minutes per finding + ${FILE_OVERHEAD_MINUTES} min per file touched) / 60, where minutes per finding are: ` +
  `${MINUTES_PER_FINDING.join(", ")}; ` +
  "a finding a codemod fixes counts half (review instead of rewrite).";

function countBy<T>(items: T[], keyOf: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(keyOf(item), (counts.get(keyOf(item)) ?? 0) + 1);
  return counts;
}

function worstOffenders(findings: Finding[]): PrincipleSummary["worstOffenders"] {
  return [...countBy(findings, (finding) => finding.file)]
    .map(([file, count]) => ({ file, findings: count }))
    .sort((a, b) => b.findings - a.findings || a.file.localeCompare(b.file))
    .slice(0, WORST_OFFENDERS);
}

export function summarizePrinciples(
  findings: Finding[],
  profiles: readonly RuleProfile[] = RULE_PROFILES,
): PrincipleSummary[] {
  return profiles.map((profile) => {
    const own = findings.filter((finding) => finding.ruleId === profile.ruleId);
    const critical = own.filter((finding) => finding.severity === "critical").length;
    return {
      principle: profile.principle,
      title: profile.title,
      ruleId: profile.ruleId,
      findings: own.length,
      critical,
      warning: own.length - critical,
      filesTouched: new Set(own.map((finding) => finding.file)).size,
      worstOffenders: worstOffenders(own),
    };
  });
}

function minutesFor(finding: Finding, maxLines: number, minutesPerFinding: number): number {
  const extraLines = finding.functionLines === null ? 0 : Math.max(0, finding.functionLines - maxLines);
  const minutes = minutesPerFinding + extraLines * LONG_FUNCTION_MINUTES_PER_EXTRA_LINE;
  return finding.autoFixable ? minutes / 2 : minutes;
}

export function buildPlan(
  findings: Finding[],
  maxLines: number,
  profiles: readonly RuleProfile[] = RULE_PROFILES,
): PlanPhase[] {
  return profiles.map((profile) => {
    const own = findings.filter((finding) => finding.ruleId === profile.ruleId);
    const files = new Set(own.map((finding) => finding.file)).size;
    const minutes =
      own.reduce((sum, finding) => sum + minutesFor(finding, maxLines, profile.minutesPerFinding), 0) +
      files * FILE_OVERHEAD_MINUTES;
    return {
      phase: profile.principle,
      title: profile.title,
      ruleId: profile.ruleId,
      findings: own.length,
      files,
      autoFixable: own.filter((finding) => finding.autoFixable).length,
      mayFix: own.filter((finding) => finding.codemodFix === "may-fix").length,
      codemod: profile.codemod,
      breaking: profile.breaking,
      effortHours: Math.round((minutes / 60) * 10) / 10,
    };
  });
}

export function successCriteria(
  findings: Finding[],
  profiles: readonly RuleProfile[] = RULE_PROFILES,
): SuccessCriterion[] {
  return profiles.map((profile) => {
    const remaining = findings.filter((finding) => finding.ruleId === profile.ruleId).length;
    return { principle: profile.principle, criterion: profile.criterion, met: remaining === 0, remaining };
  });
}

function topDirectory(file: string): string {
  const slash = file.indexOf("/");
  return slash === -1 ? "(root)" : file.slice(0, slash);
}

export function findingsByDirectory(findings: Finding[]): CountBucket[] {
  return [...countBy(findings, (finding) => topDirectory(finding.file))]
    .map(([label, count]) => ({ label, count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Buckets of long-function lengths: over the limit up to 100 in steps of 25, then wider. */
export function functionLengthHistogram(findings: Finding[], maxLines: number): CountBucket[] {
  const edges = [maxLines, 75, 100, 150, 200, 300].filter((edge, index, all) => {
    const previous = all[index - 1];
    return previous === undefined || (edge > maxLines && edge > previous);
  });
  const buckets = edges.map((edge, index) => ({
    low: edge + 1,
    high: edges[index + 1] ?? Number.POSITIVE_INFINITY,
  }));
  const lengths = findings.map((finding) => finding.functionLines).filter((lines): lines is number => lines !== null);
  return buckets.map(({ low, high }) => ({
    label: high === Number.POSITIVE_INFINITY ? `${low}+` : `${low}–${high}`,
    count: lengths.filter((lines) => lines >= low && lines <= high).length,
  }));
}
