import { RuleRunner } from "./findings.js";
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
  const start = offsets[finding.line - 1] + finding.column - 1;
  const end = offsets[finding.endLine - 1] + finding.endColumn - 1;
  return text.slice(start, end).replace(/\s+/g, " ").trim();
}

export interface VerificationInput {
  rows: ChangeRow[];
  snippets: RowSnippets;
  fileChanges: FileChange[];
  transforms: Transform[];
  cwd: string;
}

function takeMatching(pool: ChangeRow[], snippets: RowSnippets, snippet: string): ChangeRow | undefined {
  const index = pool.findIndex((row) => snippets.get(row) === snippet);
  return index === -1 ? undefined : pool.splice(index, 1)[0];
}

function verifyFile(input: VerificationInput, change: FileChange, transform: Transform, runner: RuleRunner): ChangeRow[] {
  const ruleId = `txo/${transform.rule}`;
  const fileRows = input.rows.filter((row) => row.file === change.relativePath && row.rule === ruleId);
  const expectedToRemain = fileRows.filter((row) => row.status !== "fixed");
  const claimedFixed = fileRows.filter((row) => row.status === "fixed");
  const remaining = runner.lint(change.after, change.path).findings.filter((finding) => finding.ruleId === ruleId);
  const surprises: ChangeRow[] = [];
  for (const finding of remaining) {
    const snippet = snippetAt(change.after, finding);
    if (takeMatching(expectedToRemain, input.snippets, snippet)) continue;
    const fixedRow = takeMatching(claimedFixed, input.snippets, snippet);
    if (fixedRow) {
      fixedRow.verificationFailed = true;
      continue;
    }
    if (expectedToRemain.length > 0) {
      expectedToRemain.shift();
      continue;
    }
    surprises.push(surpriseRow(change, transform, finding));
  }
  return surprises;
}

function surpriseRow(change: FileChange, transform: Transform, finding: Finding): ChangeRow {
  return {
    file: change.relativePath,
    line: finding.line,
    column: finding.column,
    rule: finding.ruleId,
    transform: transform.name,
    issue: finding.message,
    fix: "none",
    status: "manual",
    breaking: transform.breaking,
    reason: "reported by the rule after the codemod ran, though no row claimed it fixed (for example a function the split produced that is still over the limit); finish it by hand",
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
    const runner = new RuleRunner(input.cwd, [transform.rule]);
    for (const change of input.fileChanges) extra.push(...verifyFile(input, change, transform, runner));
  }
  return extra;
}
