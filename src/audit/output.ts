import { mkdirSync, renameSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HelpfulError } from "@txo-toolkit/runtime";
import type { AuditReport, OutputFormat } from "./model.js";
import { removeTemporary, temporaryNameOf } from "./temporary-file.js";
import { messageOf } from "./error-message.js";

export const FILE_NAMES: Record<Exclude<OutputFormat, "terminal">, string> = {
  json: "txo-audit.json",
  md: "txo-audit.md",
  sarif: "txo-audit.sarif",
  codeclimate: "txo-audit.codeclimate.json",
  html: "txo-audit.html",
};

/** Renderers load on demand: a cached JSON-only run never loads the rules for SARIF metadata. */
async function render(format: Exclude<OutputFormat, "terminal">, report: AuditReport): Promise<string> {
  switch (format) {
    case "json":
      return `${JSON.stringify(report, null, 2)}\n`;
    case "md":
      return (await import("./render/markdown.js")).renderMarkdown(report);
    case "sarif":
      return (await import("./render/sarif.js")).renderSarif(report);
    case "codeclimate":
      return (await import("./render/codeclimate.js")).renderCodeClimate(report);
    case "html":
      return (await import("./render/html.js")).renderHtml(report);
  }
}

function cannotWrite(target: string, reason: string, cause?: unknown): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `Cannot write the report ${target}: ${reason}`,
    howToFix:
      "Pass a writable folder with --out, where no folder has a report's name (txo-audit.json, txo-audit.md, …).",
    example: "txo-audit . --out /tmp/txo-reports",
    cause,
  });
}

/** A folder in a report's place cannot be replaced by a rename: refuse before anything is written. */
function assertReplaceable(file: string): void {
  if (statSync(file, { throwIfNoEntry: false })?.isDirectory() === true)
    throw cannotWrite(file, "a folder of that name is in the way.");
}

/**
 * Writes every file to a temporary name first and renames them only when all were written, so a
 * failure (read-only folder, full disk) leaves neither a partial report nor a temporary file.
 */
function writeAllAtomically(files: { file: string; text: string }[]): void {
  let current = "";
  try {
    for (const { file, text } of files) writeFileSync(temporaryNameOf((current = file)), text);
    for (const { file } of files) renameSync(temporaryNameOf((current = file)), file);
  } catch (error) {
    for (const { file } of files) removeTemporary(temporaryNameOf(file));
    throw cannotWrite(current, `${messageOf(error)}.`, error);
  }
}

/** Writes every requested file format into `outDir`; returns the paths written. */
export async function writeReports(report: AuditReport, formats: OutputFormat[], outDir: string): Promise<string[]> {
  const fileFormats = formats.filter((format): format is Exclude<OutputFormat, "terminal"> => format !== "terminal");
  if (fileFormats.length === 0) return [];
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new HelpfulError({
      whatWentWrong: `Cannot create the output folder ${outDir}: ${messageOf(error)}`,
      howToFix: "Pass a writable folder with --out.",
      example: "txo-audit . --out /tmp/txo-reports",
      cause: error,
    });
  }
  const files: { file: string; text: string }[] = [];
  for (const format of fileFormats) {
    const file = join(outDir, FILE_NAMES[format]);
    assertReplaceable(file);
    files.push({ file, text: await render(format, report) });
  }
  writeAllAtomically(files);
  return files.map(({ file }) => file);
}
