import { describeKeyPresence } from "./required-keys.js";
import type { CodemodResult } from "./types.js";

/** The short summary printed after a run, for people reading a terminal or a CI log. */
export function renderRunSummary(result: CodemodResult): string {
  const count = (status: string) => result.rows.filter((row) => row.status === status).length;
  const failures = result.rows.filter((row) => row.verificationFailed === true);
  const lines = [
    `${result.written ? "Wrote" : "Dry run:"} ${result.fileChanges.length} file(s) ${result.written ? "changed" : "would change"}; ${count("fixed")} fixed, ${count("manual")} manual, ${count("skipped")} skipped.`,
  ];
  // Every row with its id, so a reviewer can pass the ones they accept to --only.
  for (const row of result.rows)
    lines.push(
      `  ${row.status.padEnd(7)} ${row.id ?? "-".padEnd(8)} ${row.file}:${row.line}:${row.column} ${row.rule}: ${row.reason ?? row.fix}`,
    );
  for (const skipped of result.skippedFiles) lines.push(`  left alone ${skipped.file}: ${skipped.reason}`);
  for (const key of result.requiredKeys) {
    const missing = describeKeyPresence(key);
    lines.push(`  required ${key.path} (old default ${key.defaultText}): ${missing}`);
  }
  for (const row of failures) lines.push(`  STILL REPORTED ${row.file}:${row.line} ${row.rule}: ${row.issue}`);
  if (!result.written && result.fileChanges.length > 0)
    lines.push("Nothing was written. Run again with --write to apply.");
  for (const file of result.reportFiles) lines.push(`Change table: ${file}`);
  return lines.join("\n");
}
