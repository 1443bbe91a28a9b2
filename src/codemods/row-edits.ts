import { structuredPatch } from "diff";
import type { ChangeRow, FileChange, RowEdit } from "./types.js";

/** The line range of the text before the run that an edit replaced (an insertion covers the line it follows). */
function oldRange(edit: RowEdit): { start: number; end: number } {
  return { start: edit.oldStart, end: edit.oldStart + Math.max(edit.oldLines.length, 1) - 1 };
}

/** The changed lines of a file, one edit per run of changed lines (no context). */
export function editsOf(change: Pick<FileChange, "before" | "after">): RowEdit[] {
  const patch = structuredPatch("a", "b", change.before, change.after, undefined, undefined, { context: 0 });
  return patch.hunks.map((hunk) => ({
    oldStart: hunk.oldStart,
    oldLines: hunk.lines.filter((line) => line.startsWith("-")).map((line) => line.slice(1)),
    newStart: hunk.newStart,
    newLines: hunk.lines.filter((line) => line.startsWith("+")).map((line) => line.slice(1)),
  }));
}

/**
 * The rows an edit belongs to: those reported on a line it replaced, else the nearest row above it
 * (a split's helper follows its function, whose head the row points at), else, for an edit above
 * every row (an added import), all of them.
 */
function ownersOf(edit: RowEdit, rows: ChangeRow[]): ChangeRow[] {
  const { start, end } = oldRange(edit);
  const inside = rows.filter((row) => row.line >= start && row.line <= end);
  if (inside.length > 0) return inside;
  const above = rows.filter((row) => row.line < start);
  if (above.length === 0) return rows;
  const nearest = Math.max(...above.map((row) => row.line));
  return above.filter((row) => row.line === nearest);
}

/** Rows that left their finding as it was (fix "none", "none (left as it was)") own no edit. */
function rewroteSomething(row: ChangeRow): boolean {
  return row.status === "fixed" || (row.status === "manual" && !/^none(?: \(left as it was\))?$/.test(row.fix));
}

/**
 * Gives every row the edits of its file that belong to it, so a reviewer sees, per row, the old
 * lines, the new lines and the reason.
 */
export function attachEdits(rows: ChangeRow[], fileChanges: FileChange[]): void {
  for (const change of fileChanges) {
    const fileRows = rows.filter((row) => row.file === change.relativePath && rewroteSomething(row));
    if (fileRows.length === 0) continue;
    for (const edit of editsOf(change)) for (const owner of ownersOf(edit, fileRows)) (owner.edits ??= []).push(edit);
  }
}

/** What a diff hunk header says about the rows whose edits fall inside `start..end` (lines before the run). */
export function hunkLabel(rows: ChangeRow[], start: number, end: number): string {
  const owners = rows.filter((row) =>
    (row.edits ?? []).some((edit) => oldRange(edit).start <= end && oldRange(edit).end >= start),
  );
  return owners
    .map((row) => `${row.id ?? "(no id)"} ${row.transform} ${row.status}: ${shorten(row.reason ?? row.fix)}`)
    .join(" | ");
}

function shorten(text: string): string {
  const line = text.split("\n")[0] ?? "";
  return line.length > 72 ? `${line.slice(0, 71)}…` : line;
}
