import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { HelpfulError } from "@txo-toolkit/runtime";
import { compareWithBaseline, readBaseline, writeBaseline } from "./baseline.js";
import { assembleReport } from "./build-report.js";
import type { AuditReport, FailOn, FileProblem, Finding, OutputFormat } from "./model.js";
import { writeReports } from "./output.js";
import { type AuditResult, DEFAULT_BASELINE_FILE } from "./run-audit.js";
import { assertValidReport, reportSchemaErrors } from "./validate-report.js";
import { messageOf } from "./error-message.js";

export interface MergeOptions {
  /** The JSON reports of `--shard 1/n` … `--shard n/n`, in any order. */
  reports: string[];
  formats: OutputFormat[];
  /** Where report files go; `reports` under the current directory when undefined. */
  outDir?: string;
  /** Compare with this baseline; by default the one the shards were compared with, if any. */
  baseline?: string;
  updateBaseline: boolean;
  /** Overrides the shards' --fail-on (shards often run with `none` so that each uploads its report). */
  failOn?: FailOn;
  now?: () => Date;
}

const MERGE_EXAMPLE = "txo-audit merge shard-1/txo-audit.json shard-2/txo-audit.json --format md,sarif,html";

function unusableReport(file: string, reason: string, cause?: unknown): HelpfulError {
  return new HelpfulError({
    whatWentWrong: `Cannot merge ${file}: ${reason}`,
    howToFix:
      "Pass the txo-audit.json file each `txo-audit --shard i/n --format json` run wrote, one per shard, all from the same txo-audit version.",
    example: MERGE_EXAMPLE,
    cause,
  });
}

function readShardReport(file: string): AuditReport {
  if (!existsSync(file) || !statSync(file).isFile()) throw unusableReport(file, "there is no such file.");
  let document: unknown;
  try {
    document = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw unusableReport(file, `it is not valid JSON (${messageOf(error)}).`, error);
  }
  const errors = reportSchemaErrors(document);
  if (errors.length > 0) throw unusableReport(file, `it is not a txo-audit JSON report (${errors.join("; ")}).`);
  // reportSchemaErrors checked it against the JSON report's schema, which AuditReport mirrors.
  return document as AuditReport;
}

function sameRun(first: AuditReport, other: AuditReport): string | null {
  if (other.tool.version !== first.tool.version)
    return `it was written by txo-audit ${other.tool.version}, the first report by ${first.tool.version}.`;
  if (JSON.stringify(other.options) !== JSON.stringify(first.options))
    return "it was run with other options (--fail-on, --include-tests, --changed-since or maxLines) than the first report.";
  if (other.shard?.count !== first.shard?.count)
    return `it is shard ${other.shard?.index ?? "(none)"}/${other.shard?.count ?? "(none)"}, the first report is one of ${first.shard?.count ?? "(none)"}.`;
  return null;
}

/** Every shard of one split, each once, from the same version and options. */
function checkComplete(reports: { file: string; report: AuditReport }[]): void {
  const [first] = reports;
  if (first === undefined) throw new Error("checkComplete needs a report: mergeAudit rejects an empty list first");
  if (first.report.shard === undefined)
    throw unusableReport(first.file, "it is not a shard report (run txo-audit with --shard i/n).");
  const seen = new Map<number, string>();
  for (const { file, report } of reports) {
    const mismatch = sameRun(first.report, report);
    if (mismatch !== null) throw unusableReport(file, mismatch);
    const index = report.shard?.index ?? 0;
    const twice = seen.get(index);
    if (twice !== undefined)
      throw unusableReport(file, `it is shard ${index}/${first.report.shard.count} again (also ${twice}).`);
    seen.set(index, file);
  }
  const missing = Array.from({ length: first.report.shard.count }, (_, index) => index + 1).filter(
    (index) => !seen.has(index),
  );
  if (missing.length > 0)
    throw unusableReport(
      first.file,
      `shard${missing.length > 1 ? "s" : ""} ${missing.map((index) => `${index}/${first.report.shard?.count}`).join(", ")} ${missing.length > 1 ? "are" : "is"} missing.`,
    );
}

/** The order one run over the whole tree gives (see assignFingerprints). */
function byPosition(
  a: { file: string; line: number; column: number },
  b: { file: string; line: number; column: number },
): number {
  return a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column;
}

function sumFiles(reports: AuditReport[]): AuditReport["files"] {
  const total = { scanned: 0, linted: 0, fromCache: 0, testFiles: 0, fastParser: 0, fallbackParser: 0 };
  for (const { files } of reports)
    // Object.keys of a literal with exactly these keys lists exactly them.
    for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += files[key];
  return total;
}

function joinedReport(
  reports: AuditReport[],
  options: MergeOptions,
): { report: AuditReport; baselineFile: string | undefined } {
  const [first] = reports;
  if (first === undefined) throw new Error("joinedReport needs a report: mergeAudit rejects an empty list first");
  const testFindings = reports.flatMap((report) => report.testFindings);
  const classified: Finding[] = [...reports.flatMap((report) => report.findings), ...testFindings]
    .map((finding) => ({ ...finding, baselineStatus: null }))
    .sort(byPosition);
  const problems: FileProblem[] = reports
    .flatMap((report) => report.problems)
    .sort((a, b) => a.file.localeCompare(b.file));
  const baselineFile = options.baseline === undefined ? first.baseline?.file : resolve(options.baseline);
  const baseline =
    baselineFile !== undefined && (!options.updateBaseline || existsSync(baselineFile))
      ? readBaseline(baselineFile)
      : undefined;
  const compare =
    baseline && baselineFile ? (findings: Finding[]) => compareWithBaseline(findings, baseline, baselineFile) : null;
  const report = assembleReport(
    {
      tool: first.tool,
      root: first.root,
      repositoryPath: first.repositoryPath,
      projectName: first.projectName,
      options: { ...first.options, failOn: options.failOn ?? first.options.failOn },
      generatedAt: (options.now ?? (() => new Date()))().toISOString(),
      files: sumFiles(reports),
      classified,
      testFiles: new Set(testFindings.map((finding) => finding.file)),
      problems,
    },
    compare,
  );
  return { report, baselineFile };
}

/**
 * `txo-audit merge`: joins the JSON reports of `--shard 1/n` … `n/n` into the report one run over
 * the whole tree gives (summary, criteria, plan, charts, baseline comparison, exit code), and
 * writes it in the requested formats.
 */
export async function mergeAudit(options: MergeOptions): Promise<AuditResult> {
  if (options.reports.length === 0) throw unusableReport("(nothing)", "no report was given.");
  const shards = options.reports.map((file) => ({ file, report: readShardReport(resolve(file)) }));
  checkComplete(shards);
  const reports = shards.map(({ report }) => report).sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0));
  const { report, baselineFile } = joinedReport(reports, options);
  assertValidReport(report);
  const written = await writeReports(report, options.formats, resolve(options.outDir ?? "reports"));
  const baselineTarget = options.updateBaseline ? (baselineFile ?? join(report.root, DEFAULT_BASELINE_FILE)) : null;
  if (baselineTarget)
    writeBaseline(
      baselineTarget,
      report.options.includeTests ? [...report.findings, ...report.testFindings] : report.findings,
      report.generatedAt,
    );
  return { report, written, baselineWritten: baselineTarget };
}
