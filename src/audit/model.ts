/** The audit report: one JSON document (schemas/audit-report.schema.json) every format is rendered from. */

import type { BreakingLevel, Severity } from "../rules/principle.js";

export type { BreakingLevel, Severity };
/** A principle's number (rules/catalog.ts lists them). */
export type Principle = number;
export type FailOn = "warning" | "critical" | "none";
export type OutputFormat = "terminal" | "md" | "json" | "sarif" | "codeclimate" | "html";

export type { RawFinding } from "../lint/engine.js";

export interface Finding {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  ruleId: string;
  messageId: string | null;
  principle: Principle;
  severity: Severity;
  message: string;
  suggestedFix: string;
  /** True when `codemodFix` is "fixes". */
  autoFixable: boolean;
  /**
   * What `txo-codemod all` (default options) does with it, by the transform's own decisions: fixes it,
   * may fix it (only a run can tell, e.g. a split), or leaves it to a person (`codemodNote` says why).
   */
  codemodFix?: "fixes" | "may-fix" | "manual";
  codemodNote?: string;
  codemod: string | null;
  breaking: BreakingLevel;
  fingerprint: string;
  /** The principle's measure of the finding: the function's lines for `txo/max-function-lines`, else null. */
  functionLines: number | null;
  /** Compared with the baseline, when one was given. */
  baselineStatus: "new" | "unchanged" | null;
}

export interface FileProblem {
  file: string;
  kind: "parse-error" | "unreadable" | "lint-error";
  line: number | null;
  column: number | null;
  message: string;
}

export interface WorstOffender {
  file: string;
  findings: number;
}

export interface PrincipleSummary {
  principle: Principle;
  title: string;
  ruleId: string;
  findings: number;
  critical: number;
  warning: number;
  filesTouched: number;
  worstOffenders: WorstOffender[];
}

export interface PlanPhase {
  phase: Principle;
  title: string;
  ruleId: string;
  findings: number;
  files: number;
  autoFixable: number;
  /** Findings the codemod may fix: only a run can tell (counted apart from autoFixable). */
  mayFix?: number;
  codemod: string;
  breaking: BreakingLevel;
  effortHours: number;
}

export interface SuccessCriterion {
  principle: Principle;
  criterion: string;
  met: boolean;
  remaining: number;
}

export interface BaselineComparison {
  file: string;
  newFindings: number;
  unchanged: number;
  fixed: number;
  fixedFindings: { fingerprint: string; ruleId: string; file: string; line: number; message: string }[];
}

export interface CountBucket {
  label: string;
  count: number;
}

export interface AuditReport {
  schemaVersion: 1;
  tool: { name: string; version: string; informationUri: string };
  generatedAt: string;
  root: string;
  /** The audited folder relative to the git repository root ("" at the root); SARIF and Code Climate paths start with it. */
  repositoryPath?: string;
  /** Set on a `--shard i/n` run: the report covers only that slice; `txo-audit merge` joins the slices. */
  shard?: { index: number; count: number };
  projectName: string;
  options: { failOn: FailOn; includeTests: boolean; changedSince: string | null; cache: boolean; maxLines: number };
  files: {
    scanned: number;
    linted: number;
    fromCache: number;
    testFiles: number;
    fastParser: number;
    fallbackParser: number;
  };
  summary: { findings: number; critical: number; warning: number; principles: PrincipleSummary[] };
  findings: Finding[];
  testFindings: Finding[];
  problems: FileProblem[];
  charts: { byDirectory: CountBucket[]; functionLengths: CountBucket[] };
  plan: { formula: string; totalHours: number; phases: PlanPhase[] };
  successCriteria: SuccessCriterion[];
  baseline: BaselineComparison | null;
  outcome: { failing: number; exitCode: 0 | 1 };
}
