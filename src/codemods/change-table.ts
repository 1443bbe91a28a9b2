import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { Ajv } from "ajv";
import { schemaPath } from "../config/project-config.js";
import { HelpfulError } from "@txo-toolkit/runtime";
import { describeKeyPresence } from "./required-keys.js";
import type {
  ChangeRow,
  CodemodResult,
  RequiredKeyReport,
  ResolvedCodemodOptions,
  SkippedFile,
  TransformName,
} from "./types.js";
import { planWrite, type PlannedWrite } from "./write-plan.js";

// The package's own manifest always has a version.
const packageVersion = (createRequire(import.meta.url)("../../package.json") as { version: string }).version;

export interface ChangeTableDocument {
  schemaVersion: 1;
  tool: { name: "txo-codemod"; version: string };
  generatedAt: string;
  cwd: string;
  dryRun: boolean;
  transforms: TransformName[];
  summary: { fixed: number; manual: number; skipped: number; verificationFailures: number; filesChanged: number };
  rows: ChangeRow[];
  requiredKeys: RequiredKeyReport[];
  /** Files the run left alone as a whole, with the reason. */
  skippedFiles: SkippedFile[];
}

function compileChangeTableValidator(): (data: unknown) => string[] {
  // The schema file is a JSON object shipped with the package; Ajv compiles any schema object.
  const schema = JSON.parse(readFileSync(schemaPath("change-table.schema.json"), "utf8")) as object;
  const validate = new Ajv({ allErrors: true, strict: false, validateFormats: false }).compile(schema);
  return (data) =>
    validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || "/"} ${e.message ?? ""}`);
}

/** Compiled once, at module load. */
const findChangeTableErrors = compileChangeTableValidator();

export function buildChangeTable(
  result: Pick<CodemodResult, "rows" | "fileChanges" | "requiredKeys" | "skippedFiles">,
  options: ResolvedCodemodOptions,
  transforms: TransformName[],
): ChangeTableDocument {
  const count = (status: ChangeRow["status"]) => result.rows.filter((row) => row.status === status).length;
  return {
    schemaVersion: 1,
    tool: { name: "txo-codemod", version: packageVersion },
    generatedAt: new Date().toISOString(),
    cwd: options.cwd,
    dryRun: !options.write,
    transforms,
    summary: {
      fixed: count("fixed"),
      manual: count("manual"),
      skipped: count("skipped"),
      verificationFailures: result.rows.filter((row) => row.verificationFailed === true).length,
      filesChanged: result.fileChanges.length,
    },
    rows: result.rows,
    requiredKeys: result.requiredKeys,
    skippedFiles: result.skippedFiles,
  };
}

function escapeCell(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/\|/g, "\\|").replace(/\r?\n/g, "<br>");
}

function renderStatus(row: ChangeRow): string {
  const status = row.verificationFailed ? `${row.status} (still reported after the run!)` : row.status;
  return row.reason ? `${status}: ${row.reason}` : status;
}

function renderRequiredKeys(keys: RequiredKeyReport[]): string[] {
  if (keys.length === 0) return [];
  const lines = [
    "",
    "## Keys that are now required",
    "",
    "| Key | Old default | Used at | Missing in |",
    "| --- | --- | --- | --- |",
  ];
  for (const key of keys) {
    const missing = key.missingIn.length > 0 ? key.missingIn.join(", ") : `(${describeKeyPresence(key)})`;
    lines.push(
      `| \`${escapeCell(key.path)}\` | \`${escapeCell(key.defaultText)}\` | ${escapeCell(key.file)}:${key.line} | ${escapeCell(missing)} |`,
    );
  }
  return lines;
}

function renderSkippedFiles(files: SkippedFile[]): string[] {
  if (files.length === 0) return [];
  return [
    "",
    "## Files left alone",
    "",
    "| File | Why |",
    "| --- | --- |",
    ...files.map((entry) => `| ${escapeCell(entry.file)} | ${escapeCell(entry.reason)} |`),
  ];
}

/** A code fence longer than any run of backticks in the code it holds. */
function fenceFor(lines: string[]): string {
  const longest = Math.max(
    2,
    ...lines.map((line) => Math.max(0, ...(line.match(/`+/g) ?? []).map((run) => run.length))),
  );
  return "`".repeat(longest + 1);
}

/** Per rewrite: its id, where, why, and the old and new lines, for a reviewer to accept (`--only`) or reject. */
function renderRewrites(rows: ChangeRow[]): string[] {
  const rewritten = rows.filter((row) => (row.edits ?? []).length > 0);
  if (rewritten.length === 0) return [];
  const lines = ["", "## Rewrites", "", "Accept some with `txo-codemod <transform> --only <id>,<id> --write`.", ""];
  for (const row of rewritten) {
    const diff = (row.edits ?? []).flatMap((edit) => [
      `@@ -${edit.oldStart},${edit.oldLines.length} +${edit.newStart},${edit.newLines.length} @@`,
      ...edit.oldLines.map((line) => `-${line}`),
      ...edit.newLines.map((line) => `+${line}`),
    ]);
    const fence = fenceFor(diff);
    lines.push(
      `### ${row.id === undefined ? "" : `\`${row.id}\` `}${row.file}:${row.line} (${row.transform}, ${row.status})`,
      "",
      row.reason ?? row.fix,
      "",
      `${fence}diff`,
      ...diff,
      fence,
      "",
    );
  }
  return lines;
}

/** The Markdown change table: `| Id | File | Issue | Fix | Status | Breaking |`, one row per finding, then each rewrite's lines. */
export function renderChangeTableMarkdown(document: ChangeTableDocument): string {
  const { summary } = document;
  const lines = [
    `# txo-codemod change table${document.dryRun ? " (dry run: nothing was written)" : ""}`,
    "",
    `Transforms: ${document.transforms.join(", ")}. Fixed ${summary.fixed}, manual ${summary.manual}, skipped ${summary.skipped}; ${summary.filesChanged} file(s) changed.`,
    "",
    "| Id | File | Issue | Fix | Status | Breaking |",
    "| --- | --- | --- | --- | --- | --- |",
  ];
  for (const row of document.rows) {
    lines.push(
      `| ${row.id === undefined ? "" : `\`${row.id}\``} | ${escapeCell(`${row.file}:${row.line}:${row.column}`)} | ${escapeCell(`${row.rule}: ${row.issue}`)} | ${escapeCell(row.fix)} | ${escapeCell(renderStatus(row))} | ${row.breaking} |`,
    );
  }
  return [
    ...lines,
    ...renderRewrites(document.rows),
    ...renderRequiredKeys(document.requiredKeys),
    ...renderSkippedFiles(document.skippedFiles),
    "",
  ].join("\n");
}

/**
 * Validates the document against schemas/change-table.schema.json and plans change-table.{md,json} in
 * `reportDir`; the run writes them with its other files, as one step.
 */
export function planChangeTable(
  document: ChangeTableDocument,
  reportDir: string,
): { files: string[]; writes: PlannedWrite[] } {
  const problems = findChangeTableErrors(document);
  if (problems.length > 0) {
    throw new HelpfulError({
      whatWentWrong: `The change table does not match schemas/change-table.schema.json: ${problems.join("; ")}`,
      howToFix: "This is a bug in txo-codemod; please report it with the command you ran. Nothing was written.",
      context: { operation: "write change table", resource: reportDir },
    });
  }
  const markdownPath = join(reportDir, "change-table.md");
  const jsonPath = join(reportDir, "change-table.json");
  const writes = [
    planWrite(markdownPath, markdownPath, Buffer.from(renderChangeTableMarkdown(document))),
    planWrite(jsonPath, jsonPath, Buffer.from(`${JSON.stringify(document, null, 2)}\n`)),
  ];
  return { files: [markdownPath, jsonPath], writes };
}
