import { mkdirSync, renameSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { HelpfulError } from "../runtime/errors.js";
import type { AuditReport, OutputFormat } from "./model.js";

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

function writeAtomically(file: string, text: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text);
  renameSync(temporary, file);
}

/** Writes every requested file format into `outDir`; returns the paths written. */
export async function writeReports(report: AuditReport, formats: OutputFormat[], outDir: string): Promise<string[]> {
  const fileFormats = formats.filter((format): format is Exclude<OutputFormat, "terminal"> => format !== "terminal");
  if (fileFormats.length === 0) return [];
  try {
    mkdirSync(outDir, { recursive: true });
  } catch (error) {
    throw new HelpfulError({
      whatWentWrong: `Cannot create the output folder ${outDir}: ${(error as Error).message}`,
      howToFix: "Pass a writable folder with --out.",
      example: "txo-audit . --out /tmp/txo-reports",
      cause: error,
    });
  }
  const written: string[] = [];
  for (const format of fileFormats) {
    const file = join(outDir, FILE_NAMES[format]);
    writeAtomically(file, await render(format, report));
    written.push(file);
  }
  return written;
}
