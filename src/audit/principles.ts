import type { BreakingLevel, Principle, RawFinding, Severity } from "./model.js";

/** What the audit knows about each rule: the TXO principle, the fix, the codemod and how breaking it is. */
export interface RuleProfile {
  ruleId: string;
  principle: Principle;
  title: string;
  criterion: string;
  suggestedFix: string;
  codemod: string;
  breaking: BreakingLevel;
  /** Minutes of work per finding, used by the plan's effort estimate. */
  minutesPerFinding: number;
}

export const RULE_PROFILES: readonly RuleProfile[] = Object.freeze([
  {
    ruleId: "txo/no-soft-fail-config",
    principle: 1,
    title: "No soft-fail on configuration",
    criterion: "Zero configuration soft-fails",
    suggestedFix: "Read the key with requireConfig(config, ...path) so a missing key fails loudly, or mark a deliberate default with optional(config, path, default).",
    codemod: "soft-fail-to-require",
    breaking: "high",
    minutesPerFinding: 10,
  },
  {
    ruleId: "txo/no-process-exit-in-library",
    principle: 2,
    title: "No process.exit() in library code",
    criterion: "Zero process exits in library code",
    suggestedFix: "throw new HelpfulError({ whatWentWrong, howToFix, example }) and let the entry point (runMain) set the exit code.",
    codemod: "exit-to-throw",
    breaking: "medium",
    minutesPerFinding: 15,
  },
  {
    ruleId: "txo/no-global-mutable-state",
    principle: 3,
    title: "No global mutable state (logging excepted)",
    criterion: "No global mutable state except logging",
    suggestedFix: "Move the state into a class that the caller creates and injects; keep the old function as a deprecated wrapper.",
    codemod: "state-to-class",
    breaking: "low",
    minutesPerFinding: 30,
  },
  {
    ruleId: "txo/max-function-lines",
    principle: 4,
    title: "No function over 50 lines",
    criterion: "All functions at most 50 lines",
    suggestedFix: "Split the function into an orchestrating function that calls well-named extracted functions.",
    codemod: "split-long-functions",
    breaking: "none",
    minutesPerFinding: 20,
  },
]);

export function profileOf(ruleId: string): RuleProfile | undefined {
  return RULE_PROFILES.find((profile) => profile.ruleId === ruleId);
}

/** Over this many lines a long function is critical: the TXO assessment threshold. */
export const CRITICAL_FUNCTION_LINES = 100;

/** Messages that the codemods leave to a person (see docs/audit.md, "Severities"). */
const MANUAL_MESSAGE_IDS = new Set(["exitCode", "processExitReference"]);

/** `has N lines; the limit is M` in txo/max-function-lines messages. */
export function functionLinesOf(finding: Pick<RawFinding, "ruleId" | "message">): number | null {
  if (finding.ruleId !== "txo/max-function-lines") return null;
  const match = /has (\d+) lines; the limit is \d+/.exec(finding.message);
  return match ? Number(match[1]) : null;
}

/**
 * Severity policy: config soft-fails and exits from library code are critical (they make failures
 * silent or uncatchable); `process.exitCode` and exit references are warnings; global mutable state
 * is a warning; long functions are warnings over the limit and critical over 100 lines.
 */
export function severityOf(finding: Pick<RawFinding, "ruleId" | "messageId" | "message">): Severity {
  switch (finding.ruleId) {
    case "txo/no-soft-fail-config":
      return "critical";
    case "txo/no-process-exit-in-library":
      return MANUAL_MESSAGE_IDS.has(finding.messageId ?? "") ? "warning" : "critical";
    case "txo/max-function-lines":
      return (functionLinesOf(finding) ?? 0) > CRITICAL_FUNCTION_LINES ? "critical" : "warning";
    default:
      return "warning";
  }
}

export function isAutoFixable(finding: Pick<RawFinding, "ruleId" | "messageId">): boolean {
  if (profileOf(finding.ruleId) === undefined) return false;
  return !MANUAL_MESSAGE_IDS.has(finding.messageId ?? "");
}
