import { RuleRunner, type RunLinter } from "./findings.js";
import { lineOrigins } from "./line-map.js";
import type { ChangeRow, FileChange, Finding, Transform } from "./types.js";

/** The source text each row's finding covered before the run, to recognise it afterwards. */
export type RowSnippets = Map<ChangeRow, string>;

function lineOffsets(text: string): number[] {
  const offsets = [0];
  for (let index = 0; index < text.length; index++) if (text[index] === "\n") offsets.push(index + 1);
  return offsets;
}

/** The text a finding covers, whitespace-normalised so re-indentation does not hide it. */
export function snippetAt(text: string, finding: Pick<Finding, "line" | "column" | "endLine" | "endColumn">): string {
  const offsets = lineOffsets(text);
  const startLine = offsets[finding.line - 1];
  const endLine = offsets[finding.endLine - 1];
  // A finding on a line the text does not have covers nothing of it.
  if (startLine === undefined || endLine === undefined) return "";
  const start = startLine + finding.column - 1;
  const end = endLine + finding.endColumn - 1;
  return text.slice(start, end).replace(/\s+/g, " ").trim();
}

export interface VerificationInput {
  rows: ChangeRow[];
  snippets: RowSnippets;
  fileChanges: FileChange[];
  transforms: Transform[];
  cwd: string;
  /** The run's linter, which has already linted most rewritten texts while the transforms ran. */
  linter?: RunLinter;
}

function take(pool: ChangeRow[], matches: (row: ChangeRow) => boolean): ChangeRow | undefined {
  const index = pool.findIndex(matches);
  return index === -1 ? undefined : pool.splice(index, 1)[0];
}

/** The row nearest to `line` (rows and `line` both in the file's original lines). */
function takeNearest(pool: ChangeRow[], line: number): ChangeRow | undefined {
  if (pool.length === 0) return undefined;
  const nearest = pool.reduce((best, row) => (Math.abs(row.line - line) < Math.abs(best.line - line) ? row : best));
  return pool.splice(pool.indexOf(nearest), 1)[0];
}

/** A finding still reported after the run: its text, and the original line it sits on. */
interface RemainingFinding {
  snippet: string;
  line: number;
  /** Whether the finding's line stands where that original line stood (not added or reshaped by the run). */
  inPlace: boolean;
}

/**
 * Accounts for one finding still reported after the run: a row expected to remain (same text),
 * else a row that claimed it fixed (same text, or the same original line when the finding's line
 * stands where that line stood: the fix did not hold), else the nearest row expected to remain
 * (its text changed, e.g. a function only partly split). Returns false when no row accounts for it.
 */
function accountFor(
  pools: { expectedToRemain: ChangeRow[]; claimedFixed: ChangeRow[] },
  snippets: RowSnippets,
  remaining: RemainingFinding,
): boolean {
  const { snippet, line } = remaining;
  if (take(pools.expectedToRemain, (row) => snippets.get(row) === snippet)) return true;
  const failedFix =
    take(pools.claimedFixed, (row) => snippets.get(row) === snippet) ??
    (remaining.inPlace ? take(pools.claimedFixed, (row) => row.line === line) : undefined);
  if (failedFix) failedFix.verificationFailed = true;
  return failedFix !== undefined || takeNearest(pools.expectedToRemain, line) !== undefined;
}

function verifyFile(
  input: VerificationInput,
  change: FileChange,
  transform: Transform,
  runner: RuleRunner,
): ChangeRow[] {
  const ruleId = `txo/${transform.rule}`;
  const fileRows = input.rows.filter((row) => row.file === change.relativePath && row.rule === ruleId);
  const pools = {
    expectedToRemain: fileRows.filter((row) => row.status !== "fixed"),
    claimedFixed: fileRows.filter((row) => row.status === "fixed"),
  };
  const remaining = runner.lint(change.after, change.path).findings.filter((finding) => finding.ruleId === ruleId);
  const origins = lineOrigins(change.before, change.after);
  const surprises: ChangeRow[] = [];
  for (const finding of remaining) {
    const line = origins.toBefore(finding.line);
    const accounted = accountFor(pools, input.snippets, {
      snippet: snippetAt(change.after, finding),
      line,
      inPlace: origins.isInPlace(finding.line),
    });
    if (!accounted) surprises.push(surpriseRow(change, transform, finding, line));
  }
  return surprises;
}

/** A finding nobody accounted for; `line` is where it came from in the file as it was before the run. */
function surpriseRow(change: FileChange, transform: Transform, finding: Finding, line: number): ChangeRow {
  return {
    file: change.relativePath,
    line,
    column: finding.column,
    rule: finding.ruleId,
    transform: transform.name,
    issue: finding.message,
    fix: "none",
    status: "manual",
    breaking: transform.breaking,
    reason: `reported by the rule at line ${finding.line} of the rewritten file, though no row claimed it fixed (for example a function the split produced that is still over the limit); finish it by hand`,
  };
}

/**
 * Re-lints every changed file with the rules of the transforms that ran and checks that no
 * finding a row claims fixed is still reported. Failures are flagged on the rows (never hidden);
 * findings nobody accounted for come back as extra rows.
 */
export function verifyRows(input: VerificationInput): ChangeRow[] {
  const extra: ChangeRow[] = [];
  for (const transform of input.transforms) {
    const runner = new RuleRunner(input.cwd, [transform.rule], input.linter);
    for (const change of input.fileChanges) extra.push(...verifyFile(input, change, transform, runner));
  }
  return extra;
}
