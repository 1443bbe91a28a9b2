import { ruleDocsUrl } from "../../rules/docs-url.js";
import type { AuditReport, Finding } from "../model.js";
import { profileOf } from "../principles.js";

const HEADLINE_LIMIT = 110;

/** What every report says of a run that found no file: its criteria are not met, just not assessed. */
export const NOTHING_AUDITED =
  "Nothing was audited: no JavaScript or TypeScript file was found, so no criterion is assessed.";

/** A criterion's status as the reports show it; with 0 files scanned, none is assessed. */
export function criterionStatus(
  report: Pick<AuditReport, "files">,
  criterion: { met: boolean },
): "met" | "not met" | "not assessed" {
  if (report.files.scanned === 0) return "not assessed";
  return criterion.met ? "met" : "not met";
}

/**
 * The first clause of a rule message: up to the first ": " or ". " outside backticks and
 * parentheses. Rule messages lead with what was found and follow with why and how to fix, which
 * every report shows once per rule instead of once per finding.
 */
export function headline(message: string): string {
  let depth = 0;
  let quoted = false;
  let end = message.length;
  for (let index = 0; index < message.length - 1; index++) {
    const char = message[index];
    if (char === "`") quoted = !quoted;
    else if (!quoted && char === "(") depth++;
    else if (!quoted && char === ")") depth = Math.max(0, depth - 1);
    else if (!quoted && depth === 0 && (char === ":" || char === ".") && message[index + 1] === " ") {
      end = char === "." ? index + 1 : index;
      break;
    }
  }
  const text = message.slice(0, end);
  return text.length <= HEADLINE_LIMIT ? text : `${text.slice(0, HEADLINE_LIMIT - 1)}…`;
}

/** The rule's documentation page. */
export function ruleDocs(ruleId: string): string {
  return ruleDocsUrl(ruleId.replace(/^txo\//, ""));
}

/** What a reader needs once per rule: title, principle, fix, codemod and the doc link. */
export interface RuleExplanation {
  ruleId: string;
  principle: number;
  title: string;
  fix: string;
  codemod: string;
  breaking: string;
  docs: string;
}

export function explainRule(ruleId: string): RuleExplanation {
  const profile = profileOf(ruleId);
  return {
    ruleId,
    principle: profile?.principle ?? 0,
    title: profile?.title ?? ruleId,
    fix: profile?.suggestedFix ?? "See the rule documentation.",
    codemod: profile?.codemod ?? "",
    breaking: profile?.breaking ?? "none",
    docs: ruleDocs(ruleId),
  };
}

/** Findings in the order people read them: with a baseline, new ones first; then by file and position. */
export function readingOrder(findings: readonly Finding[]): Finding[] {
  const rank = (finding: Finding): number => (finding.baselineStatus === "new" ? 0 : 1);
  return [...findings].sort((a, b) => rank(a) - rank(b));
}

/** Consecutive findings of one file, in the given order. */
export function groupByFile(findings: readonly Finding[]): { file: string; findings: Finding[] }[] {
  const groups: { file: string; findings: Finding[] }[] = [];
  for (const finding of findings) {
    const last = groups.at(-1);
    if (last?.file === finding.file) last.findings.push(finding);
    else groups.push({ file: finding.file, findings: [finding] });
  }
  return groups;
}

/** The rule ids present, in principle order. */
export function rulesIn(report: Pick<AuditReport, "summary">, findings: readonly Finding[]): string[] {
  const present = new Set(findings.map((finding) => finding.ruleId));
  return report.summary.principles.map((principle) => principle.ruleId).filter((ruleId) => present.has(ruleId));
}
