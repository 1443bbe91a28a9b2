import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { basename, join, resolve } from "node:path";
import { createRequire } from "node:module";
import { loadProjectConfig, type TxoProjectConfig } from "../config/project-config.js";
import { optional, HelpfulError } from "@txo-toolkit/runtime";
import { compareWithBaseline, readBaseline, writeBaseline } from "./baseline.js";
import { buildReport, type ReportInputs } from "./build-report.js";
import { changedSince } from "./changed-files.js";
import { assertDirectory, discoverFiles, type DiscoveredFiles } from "../lint/discovery.js";
import { cacheDirectory, cacheKey, LintCache, statStamp } from "./cache.js";
import type { FileLintResult } from "../lint/engine.js";
import { readSource } from "../lint/lint-file.js";
import { repositoryPathOf } from "./repository.js";
import { filesOfShard, type Shard } from "./shard.js";
import { lintFiles, PARALLEL_THRESHOLD } from "../lint/pool.js";
import { fitsParserStack, mainStackBytes } from "../lint/stack-budget.js";
import type { AuditReport, FailOn, FileProblem, OutputFormat, RawFinding } from "./model.js";
import { escapeControlCharacters } from "./safe-text.js";
import { codemodOutcomes, type FixPrediction } from "./fix-outcomes.js";
import { writeReports } from "./output.js";
import { assertValidReport } from "./validate-report.js";

// The package's own manifest: it always has a version (and homepage when published).
const packageJson = createRequire(import.meta.url)("../../package.json") as { version: string; homepage?: string };
const INFORMATION_URI = "https://github.com/txo-toolkit/txo-toolkit/blob/main/docs/audit.md";

export interface AuditOptions {
  /** Directory to audit. */
  path: string;
  formats: OutputFormat[];
  /** Where report files go; `<path>/reports` when undefined. */
  outDir?: string;
  failOn: FailOn;
  baseline?: string;
  updateBaseline: boolean;
  changedSince?: string;
  concurrency: number;
  cache: boolean;
  includeTests: boolean;
  /** Audit only this slice of the files (`--shard i/n`); `txo-audit merge` joins the slices' JSON reports. */
  shard?: Shard;
  /** Where the content-hash cache lives; by default node_modules/.cache/txo-audit or .txo-cache. */
  cacheDir?: string;
  /** Use the native parser (oxc) where it yields the same AST; false forces @typescript-eslint/parser. */
  fastParser?: boolean;
  /**
   * Decide "a codemod fixes this" by a trial run of each transform on a scratch copy of every file with
   * findings (`--predict-fixes`). Off by default: it costs several times the audit itself on a large
   * tree (Playwright: 51 s of CPU instead of 11 s), and without it a finding the codemod handles is only "may-fix".
   */
  predictFixes?: boolean;
  /** Hears of problems the run works around (an unusable cache, an empty tree); the run goes on. */
  onWarning?: (warning: HelpfulError) => void;
  onStart?: (total: number) => void;
  onProgress?: (done: number) => void;
  now?: () => Date;
}

export interface AuditResult {
  report: AuditReport;
  written: string[];
  baselineWritten: string | null;
}

export const DEFAULT_CONCURRENCY = Math.max(1, Math.min(availableParallelism(), 8));
export const DEFAULT_BASELINE_FILE = ".txo-baseline.json";

interface LintedTree {
  results: Map<string, FileLintResult>;
  problems: FileProblem[];
  fromCache: number;
}

interface PendingFiles {
  pending: string[];
  hashes: Map<string, string>;
  stamps: Map<string, string | undefined>;
  /** Length of each pending file's text: small files may be linted in this process. */
  sizes: Map<string, number>;
  /** Pending files the parser's stack can take in this process whatever their size. */
  fitParserStack: Set<string>;
}

/** Splits the files into cached results and files to lint; unchanged stat stamps skip reading. */
function cachedOrPending(files: string[], root: string, cache: LintCache | null, tree: LintedTree): PendingFiles {
  const found: PendingFiles = {
    pending: [],
    hashes: new Map(),
    stamps: new Map(),
    sizes: new Map(),
    fitParserStack: new Set(),
  };
  const stackBytes = mainStackBytes();
  for (const file of files) {
    const stamp = cache === null ? undefined : statStamp(join(root, file));
    const unchanged = cache?.getByStamp(file, stamp);
    if (unchanged !== undefined) {
      found.hashes.set(file, unchanged.hash);
      tree.results.set(file, unchanged.result);
      tree.fromCache++;
      continue;
    }
    const source = readSource(join(root, file));
    if ("error" in source) {
      tree.problems.push({ file, kind: "unreadable", line: null, column: null, message: source.error });
      continue;
    }
    found.hashes.set(file, source.hash);
    found.stamps.set(file, stamp);
    found.sizes.set(file, source.text.length);
    const cached = cache?.get(file, source.hash);
    if (cached === undefined) {
      found.pending.push(file);
      if (found.pending.length < PARALLEL_THRESHOLD && fitsParserStack(source.text, stackBytes))
        found.fitParserStack.add(file);
    } else {
      cache?.restamp(file, stamp);
      tree.results.set(file, cached);
      tree.fromCache++;
    }
  }
  return found;
}

async function openCache(
  selection: DiscoveredFiles,
  root: string,
  options: AuditOptions,
  fastParser: boolean,
): Promise<LintCache | null> {
  if (!options.cache) return null;
  const cacheDir = options.cacheDir === undefined ? cacheDirectory(root) : resolve(options.cacheDir);
  const key = cacheKey(root, packageJson.version, fastParser, selection.projectInputs);
  const cache = new LintCache(cacheDir, key, options.onWarning);
  // What rules took from an edited file is checked with their own derivations, loaded only then.
  if (cache.needsDerivations()) cache.useDerivations((await import("../rules/derived-reads.js")).DERIVED_READS);
  return cache;
}

async function lintTree(
  selection: DiscoveredFiles,
  root: string,
  options: AuditOptions,
  fastParser: boolean,
): Promise<LintedTree> {
  const files = selection.files;
  const tree: LintedTree = { results: new Map(), problems: [], fromCache: 0 };
  const cache = await openCache(selection, root, options, fastParser);
  const { pending, hashes, stamps, sizes, fitParserStack } = cachedOrPending(files, root, cache, tree);
  options.onStart?.(pending.length);
  const outcomes = await lintFiles(pending, {
    root,
    concurrency: options.concurrency,
    fastParser,
    onProgress: options.onProgress,
    sizes,
    fitParserStack,
  });
  for (const outcome of outcomes) {
    if (outcome.result === null) {
      const kind = outcome.crashed === null ? "unreadable" : "lint-error";
      tree.problems.push({
        file: outcome.file,
        kind,
        line: null,
        column: null,
        message: outcome.crashed ?? outcome.unreadable ?? "unreadable",
      });
      continue;
    }
    tree.results.set(outcome.file, outcome.result);
    // The stamp was taken before the worker read the file: if the file changed in between, the
    // next run sees a newer stamp and hashes the content again.
    const hash = outcome.hash ?? hashes.get(outcome.file) ?? "";
    cache?.set(outcome.file, hash, outcome.result, stamps.get(outcome.file), outcome.consulted);
  }
  cache?.retainOnly(new Set(files));
  cache?.save();
  return tree;
}

function parseProblems(tree: LintedTree, selection: DiscoveredFiles): FileProblem[] {
  const parseErrors: FileProblem[] = selection.unreadableDirectories.map(({ directory, reason }) => ({
    file: directory,
    kind: "unreadable",
    line: null,
    column: null,
    message: reason,
  }));
  for (const [file, result] of tree.results) {
    if (result.parseError)
      parseErrors.push({
        file,
        kind: "parse-error",
        line: result.parseError.line,
        column: result.parseError.column,
        message: result.parseError.message,
      });
  }
  return [...tree.problems, ...parseErrors].sort((a, b) => a.file.localeCompare(b.file));
}

function selectFiles(root: string, config: TxoProjectConfig, options: AuditOptions): DiscoveredFiles {
  const discovered = discoverFiles(root, config);
  const changed = options.changedSince === undefined ? null : changedSince(root, options.changedSince);
  const files = changed === null ? discovered.files : discovered.files.filter((file) => changed.has(file));
  return { ...discovered, files: options.shard === undefined ? files : filesOfShard(files, root, options.shard) };
}

/** Text from the tree reaches terminals and Markdown: control characters are shown, never sent. */
function safeFinding(finding: RawFinding): RawFinding {
  return { ...finding, message: escapeControlCharacters(finding.message) };
}

function reportInputs(
  root: string,
  config: TxoProjectConfig,
  options: AuditOptions,
  selection: ReturnType<typeof selectFiles>,
  tree: LintedTree & { outcomes: ReadonlyMap<RawFinding, FixPrediction> },
): ReportInputs {
  const results = [...tree.results.values()];
  const fastParser = results.filter((result) => result.parser === "oxc").length;
  return {
    tool: { name: "txo-audit", version: packageJson.version, informationUri: INFORMATION_URI },
    root,
    repositoryPath: repositoryPathOf(root),
    ...(options.shard === undefined ? {} : { shard: options.shard }),
    projectName: basename(root),
    generatedAt: (options.now ?? (() => new Date()))().toISOString(),
    options: {
      failOn: options.failOn,
      includeTests: options.includeTests,
      changedSince: options.changedSince ?? null,
      cache: options.cache,
      maxLines: optional(config, ["maxLines"], 50),
    },
    files: {
      scanned: selection.files.length,
      linted: tree.results.size - tree.fromCache,
      fromCache: tree.fromCache,
      testFiles: selection.files.filter((file) => selection.testFiles.has(file)).length,
      fastParser,
      fallbackParser: results.length - fastParser,
    },
    rawFindings: [...tree.results].map(([file, result]) => ({
      file: escapeControlCharacters(file),
      findings: result.findings.map((finding) => ({ ...safeFinding(finding), fix: tree.outcomes.get(finding) })),
    })),
    testFiles: new Set([...selection.testFiles].map(escapeControlCharacters)),
    problems: parseProblems(tree, selection).map((problem) => ({
      ...problem,
      file: escapeControlCharacters(problem.file),
      message: escapeControlCharacters(problem.message),
    })),
  };
}

function nothingToAudit(root: string, options: AuditOptions): HelpfulError {
  const why = options.changedSince === undefined ? "" : ` changed since ${options.changedSince}`;
  return new HelpfulError({
    whatWentWrong: `No JavaScript or TypeScript files${why} were found under ${root}: the report covers 0 files, so its criteria say nothing.`,
    howToFix:
      "Pass the folder of the project's sources, or check include/exclude in txo.config.json and your .gitignore files.",
    example: "txo-audit ./packages/api",
  });
}

/**
 * Runs the audit: discovery, linting (cached, parallel), the report model (validated against the
 * schema before anything is written), the baseline, and the report files.
 */
export async function runAudit(options: AuditOptions): Promise<AuditResult> {
  const root = resolve(options.path);
  assertDirectory(root);
  const { config } = loadProjectConfig(root);
  const baselineFile = options.baseline === undefined ? undefined : resolve(options.baseline);
  // With --update-baseline an existing baseline is still compared, so the run shows what got fixed.
  const baseline =
    baselineFile !== undefined && (!options.updateBaseline || existsSync(baselineFile))
      ? readBaseline(baselineFile)
      : undefined;
  const selection = selectFiles(root, config, options);
  if (selection.files.length === 0) options.onWarning?.(nothingToAudit(root, options));
  const tree = await lintTree(selection, root, options, options.fastParser !== false);
  const compare =
    baseline && baselineFile
      ? (findings: AuditReport["findings"]) => compareWithBaseline(findings, baseline, baselineFile)
      : null;
  const outcomes =
    options.predictFixes === true
      ? await codemodOutcomes(root, tree.results, selection.testFiles)
      : new Map<RawFinding, FixPrediction>();
  const report = buildReport(reportInputs(root, config, options, selection, { ...tree, outcomes }), compare);
  assertValidReport(report);
  const written = await writeReports(
    report,
    options.formats,
    options.outDir === undefined ? join(root, "reports") : resolve(options.outDir),
  );
  const baselineTarget = options.updateBaseline ? (baselineFile ?? join(root, DEFAULT_BASELINE_FILE)) : null;
  if (baselineTarget)
    writeBaseline(
      baselineTarget,
      options.includeTests ? [...report.findings, ...report.testFindings] : report.findings,
      report.generatedAt,
    );
  return { report, written, baselineWritten: baselineTarget };
}
