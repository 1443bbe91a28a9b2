import { createRequire } from "node:module";
import { Command, Option } from "commander";
import { colorSupported, formatError } from "@txo-toolkit/runtime";
import { collectFormats, DEFAULT_FORMATS, parseConcurrency, parseFailOn } from "./cli-options.js";
import type { FailOn, OutputFormat } from "./model.js";
import { ProgressDisplay } from "./progress.js";
import { renderTerminal } from "./render/terminal.js";
import {
  type AuditOptions,
  type AuditResult,
  DEFAULT_BASELINE_FILE,
  DEFAULT_CONCURRENCY,
  runAudit,
} from "./run-audit.js";
import { parseShard } from "./shard.js";

// The package's own manifest always has a version.
const packageJson = createRequire(import.meta.url)("../../package.json") as { version: string };

/** Options exactly as commander hands them over: the audit's own, under the flags' names. */
export interface AuditCommandOptions extends Pick<
  AuditOptions,
  | "failOn"
  | "baseline"
  | "updateBaseline"
  | "changedSince"
  | "concurrency"
  | "cache"
  | "includeTests"
  | "shard"
  | "cacheDir"
  | "predictFixes"
> {
  format?: OutputFormat[];
  out?: string;
  quiet: boolean;
  fastParser: boolean;
  debug?: boolean;
}

export interface CommandStreams {
  stdout: NodeJS.WritableStream & { isTTY?: boolean };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
}

/** Options of `txo-audit merge`. */
export interface MergeCommandOptions {
  format?: OutputFormat[];
  failOn?: FailOn;
  out?: string;
  baseline?: string;
  updateBaseline: boolean;
  quiet: boolean;
}

function buildMergeCommand(action: (reports: string[], options: MergeCommandOptions) => Promise<void>): Command {
  return new Command("merge")
    .description(
      "Join the JSON reports of txo-audit --shard 1/n … n/n into the reports of one run over the whole tree.",
    )
    .argument("<reports...>", "the txo-audit.json of every shard")
    .addOption(
      new Option(
        "-f, --format <formats>",
        `report format, as for the audit (default: ${DEFAULT_FORMATS.join(",")})`,
      ).argParser(collectFormats),
    )
    .option("-o, --out <dir>", "folder for report files (default: ./reports)")
    .addOption(
      new Option(
        "--fail-on <level>",
        "exit 1 when a finding reaches: warning, critical, none (default: the shards' setting)",
      ).argParser(parseFailOn),
    )
    .option("--baseline <file>", "compare with this baseline (default: the one the shards were compared with)")
    .option("--update-baseline", "record the merged findings as the baseline", false)
    .option("-q, --quiet", "print only the one-line verdict", false)
    .action(action);
}

export function buildAuditProgram(
  action: (path: string, options: AuditCommandOptions) => Promise<void>,
  mergeAction?: (reports: string[], options: MergeCommandOptions) => Promise<void>,
): Command {
  const program = withAuditOptions(
    new Command("txo-audit")
      .description(
        "Assess a TypeScript/JavaScript codebase against the four TXO hardening principles and write the report.",
      )
      .version(packageJson.version, "-V, --version")
      .argument("[path]", "directory to audit", "."),
  )
    .showHelpAfterError("(run txo-audit --help for usage)")
    .addHelpText(
      "after",
      "\nExit codes: 0 nothing reaches --fail-on, 1 findings reach --fail-on, 2 usage or configuration error.\nDocs: docs/audit.md",
    )
    .action(action);
  // Positional options: after `merge`, --format, --out and --baseline are the merge's own.
  if (mergeAction !== undefined) program.enablePositionalOptions().addCommand(buildMergeCommand(mergeAction));
  return program;
}

/** The audit's options, in the order --help lists them. */
function withAuditOptions(command: Command): Command {
  return command
    .addOption(
      new Option(
        "-f, --format <formats>",
        `report format, repeatable or comma-separated: terminal, md, json, sarif, codeclimate, html (default: ${DEFAULT_FORMATS.join(",")})`,
      ).argParser(collectFormats),
    )
    .option("-o, --out <dir>", "folder for report files (default: <path>/reports)")
    .addOption(
      new Option("--fail-on <level>", "exit 1 when a finding reaches: warning, critical, none")
        .default("critical")
        .argParser(parseFailOn),
    )
    .option("--baseline <file>", "compare with this baseline: only new findings count for --fail-on")
    .option(
      "--update-baseline",
      `record the current findings as the baseline (--baseline file, default ${DEFAULT_BASELINE_FILE})`,
      false,
    )
    .option("--changed-since <ref>", "audit only files changed since this git ref (plus untracked files)")
    .addOption(
      new Option("-c, --concurrency <n>", "worker threads for large trees")
        .default(DEFAULT_CONCURRENCY)
        .argParser(parseConcurrency),
    )
    .option("--no-cache", "ignore and do not update the content-hash cache")
    .option(
      "--cache-dir <dir>",
      "content-hash cache folder, for CI caches to restore and save (default: node_modules/.cache/txo-audit or .txo-cache)",
    )
    .addOption(
      new Option(
        "--shard <i/n>",
        "audit only slice i of n (size-balanced); join the JSON reports with txo-audit merge",
      ).argParser(parseShard),
    )
    .option("--no-fast-parser", "parse with @typescript-eslint/parser only (slower; for comparison)")
    .option("--include-tests", "count findings in test files against the criteria and --fail-on", false)
    .option(
      "--predict-fixes",
      "decide which findings a codemod fixes by trying each transform on a scratch copy (exact, several times slower)",
      false,
    )
    .option("-q, --quiet", "print only the one-line verdict", false)
    .option("--debug", "print stack traces with errors");
}

/** Prints the terminal report and the files written; returns the exit code. An updated baseline is a success. */
export function reportOutcome(
  result: AuditResult,
  options: { format?: OutputFormat[]; quiet: boolean },
  streams: CommandStreams,
): number {
  const formats = options.format ?? [...DEFAULT_FORMATS];
  if (formats.includes("terminal") || options.quiet) {
    streams.stdout.write(
      renderTerminal(result.report, {
        color: colorSupported(streams.stdout, streams.env),
        quiet: options.quiet,
        limit: 50,
        baselineWritten: result.baselineWritten,
      }),
    );
  }
  if (!options.quiet)
    for (const file of [...result.written, ...(result.baselineWritten ? [result.baselineWritten] : [])])
      streams.stdout.write(`wrote ${file}\n`);
  return result.baselineWritten === null ? result.report.outcome.exitCode : 0;
}

/** Runs one audit for the CLI and returns its exit code (the CLI entry sets it). */
export async function executeAudit(
  path: string,
  options: AuditCommandOptions,
  streams: CommandStreams,
): Promise<number> {
  const progress = await ProgressDisplay.open(streams.stderr.isTTY === true && !options.quiet);
  const formats = options.format ?? [...DEFAULT_FORMATS];
  try {
    const result = await runAudit({
      path,
      formats,
      outDir: options.out,
      failOn: options.failOn,
      baseline: options.baseline,
      updateBaseline: options.updateBaseline,
      changedSince: options.changedSince,
      concurrency: options.concurrency,
      cache: options.cache,
      includeTests: options.includeTests,
      shard: options.shard,
      cacheDir: options.cacheDir,
      fastParser: options.fastParser,
      predictFixes: options.predictFixes,
      onWarning: (warning) =>
        streams.stderr.write(
          `warning: ${formatError(warning, { style: "terminal", debug: options.debug === true })}\n`,
        ),
      onStart: (total) => progress.start(total),
      onProgress: (done) => progress.update(done),
    });
    progress.stop();
    return reportOutcome(result, options, streams);
  } finally {
    progress.stop();
  }
}

/** `txo-audit merge`: the shards' JSON reports joined, printed and written as one run's. */
export async function executeMerge(
  reports: string[],
  options: MergeCommandOptions,
  streams: CommandStreams,
): Promise<number> {
  const { mergeAudit } = await import("./merge.js");
  const result = await mergeAudit({
    reports,
    formats: options.format ?? [...DEFAULT_FORMATS],
    outDir: options.out,
    failOn: options.failOn,
    baseline: options.baseline,
    updateBaseline: options.updateBaseline,
  });
  return reportOutcome(result, options, streams);
}
