import { createHash } from "node:crypto";
import { HelpfulError } from "@txo-toolkit/runtime";
import { lineOrigins } from "./line-map.js";
import { firstLine } from "./error-line.js";
import type { ChangeRow, Finding, Transform } from "./types.js";

/** Eight hex digits: short enough to type after `--only`, long enough that the rows of one run do not share one. */
const ROW_ID = /^[0-9a-f]{8}$/;
const EXAMPLE = "npx txo-codemod soft-fail-to-require --only 3fa85f64,9c1e2b7d --write";

/**
 * A row's id: the transform, the file and the position of its finding in the file as it was before
 * the run, so a dry run and the next run on the same tree give the same id to the same rewrite.
 */
export function rowIdOf(row: Pick<ChangeRow, "transform" | "file" | "line" | "column" | "rule">): string {
  const key = [row.transform, row.file, row.line, row.column, row.rule].join("\0");
  return createHash("sha256").update(key).digest("hex").slice(0, 8);
}

/** The ids of `--only a,b,c`; a malformed list is a usage error naming the bad entries. */
export function parseRowIds(text: string): string[] {
  const ids = text
    .split(",")
    .map((id) => id.trim().toLowerCase())
    .filter((id) => id !== "");
  const malformed = ids.filter((id) => !ROW_ID.test(id));
  if (ids.length > 0 && malformed.length === 0) return ids;
  throw new HelpfulError({
    whatWentWrong:
      ids.length === 0
        ? "--only was given no row id."
        : `--only takes row ids of eight hexadecimal digits; ${malformed.map((id) => JSON.stringify(id)).join(", ")} is not one.`,
    howToFix:
      "Run the same command without --only (a dry run) and copy the ids of the rows you accept from its summary, the `@@` lines of its diff or change-table.md, separated by commas.",
    example: EXAMPLE,
  });
}

/** `--only` ids that named no finding of the run: the tree changed since the dry run, or a typo. */
export function assertKnownRowIds(only: ReadonlySet<string> | undefined, seen: ReadonlySet<string>): void {
  const unknown = [...(only ?? [])].filter((id) => !seen.has(id));
  if (unknown.length === 0) return;
  throw new HelpfulError({
    whatWentWrong: `No finding of this run has the row id ${unknown.join(", ")}, so nothing was written.`,
    howToFix:
      "Ids hold for the tree they were printed for, with the same transform: run the dry run again on the tree as it is now and pick the ids from its output.",
    example: EXAMPLE,
  });
}

/** What one transform on one file may rewrite under `--only`: its findings with their row ids. */
export interface FileSelection {
  /** The findings whose rows were selected (all of them without `--only`). */
  selected: Finding[];
  /** Drops, from a re-lint of `text`, the findings of rows that were not selected. */
  keepSelected: (current: Finding[], text: string) => Finding[];
}

/**
 * Splits a file's findings by `--only`. `idOf` gives a finding's row id (its position carried back
 * to the file as it was before the run); `seen` collects every id the run could have selected.
 * `text` is the file as the findings were reported on.
 */
export function selectFindings(
  findings: { all: Finding[]; text: string },
  only: ReadonlySet<string> | undefined,
  idOf: (finding: Finding) => string,
  seen: Set<string>,
): FileSelection {
  const { all, text } = findings;
  for (const finding of all) seen.add(idOf(finding));
  if (only === undefined) return { selected: all, keepSelected: (current) => current };
  const selected = all.filter((finding) => only.has(idOf(finding)));
  const dropped = new Set(
    all.filter((finding) => !selected.includes(finding)).map((finding) => `${finding.line}:${finding.column}`),
  );
  return {
    selected,
    // A finding on a line the rewrites left where it was is the one reported there before; findings
    // on lines a rewrite added (a split's helpers) belong to the selected rows.
    keepSelected: (current, currentText) => {
      const origins = lineOrigins(text, currentText);
      return current.filter(
        (finding) =>
          !origins.isInPlace(finding.line) || !dropped.has(`${origins.toBefore(finding.line)}:${finding.column}`),
      );
    },
  };
}

/** Skipped rows for the findings `--only` left out, so the table and the re-lint account for each of them. */
export function unselectedRows(transform: Transform, file: string, all: Finding[], selected: Finding[]): ChangeRow[] {
  return all
    .filter((finding) => !selected.includes(finding))
    .map((finding) => ({
      file,
      line: finding.line,
      column: finding.column,
      rule: finding.ruleId,
      transform: transform.name,
      issue: firstLine(finding.message),
      fix: "none",
      status: "skipped",
      breaking: transform.breaking,
      reason: "not among the rows given to --only",
    }));
}
