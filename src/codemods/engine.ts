import { existsSync, statSync } from "node:fs";
import { resolve } from "node:path";
import type { SourceFile } from "ts-morph";
import { ProjectConfigStore } from "../config/project-config.js";
import { HelpfulError } from "@txo-toolkit/runtime";
import { firstLine, firstLineOf } from "./error-line.js";
import { buildChangeTable, planChangeTable } from "./change-table.js";
import { unifiedDiff } from "./diff.js";
import { DEFAULT_IMPORT_SOURCE } from "../rewrite/fix-text.js";
import { assertSafeToWrite } from "./files.js";
import { RuleRunner, RunLinter } from "./findings.js";
import { findSyntaxErrors, findTypeErrors, findTypeErrorsNear, newMessages, type TypeCheckScope } from "./project.js";
import { resolveTransforms } from "./registry.js";
import { planRuntimeDependency } from "./runtime-dependency.js";
import { mapLinesBack, renumberLines } from "./line-map.js";
import {
  type FileState,
  loadSourceFiles,
  prepareFileChanges,
  prepareProjectWrite,
  toRelative,
} from "./source-files.js";
import { snippetAt, verifyRows, type RowSnippets } from "./verify.js";
import { attachEdits, hunkLabel } from "./row-edits.js";
import { assertKnownRowIds, type FileSelection, rowIdOf, selectFindings, unselectedRows } from "./row-selection.js";
import { commitWrites, type PlannedWrite, type WritePlanHooks } from "./write-plan.js";
import type {
  ChangeRow,
  CodemodOptions,
  CodemodResult,
  FileChange,
  Finding,
  FinishOutcome,
  ProjectChange,
  ResolvedCodemodOptions,
  SoftFailMode,
  Transform,
  TransformFileContext,
  TransformName,
} from "./types.js";
import { SOFT_FAIL_MODES } from "./types.js";

function assertMode(mode: string): SoftFailMode {
  const known = SOFT_FAIL_MODES.find((candidate) => candidate === mode);
  if (known !== undefined) return known;
  throw new HelpfulError({
    whatWentWrong: `Unknown mode "${mode}".`,
    howToFix:
      'Use "proven" (requireConfig only where the config files or schema prove the key required), "hard" (fallbacks become requireConfig, which throws on a missing key) or "explicit" (fallbacks become optional(config, path, default)).',
    example: "npx txo-codemod soft-fail-to-require --mode explicit",
  });
}

export function resolveCodemodOptions(options: CodemodOptions): ResolvedCodemodOptions {
  const cwd = resolve(options.cwd ?? process.cwd());
  const write = options.write === true;
  return {
    cwd,
    paths: options.paths && options.paths.length > 0 ? options.paths : ["."],
    write,
    force: options.force === true,
    reportDir: options.reportDir ? resolve(cwd, options.reportDir) : write ? resolve(cwd, "reports") : undefined,
    mode: assertMode(options.mode ?? "proven"),
    configFiles: options.configFiles ?? [],
    configSchema: options.configSchema ? resolve(cwd, options.configSchema) : undefined,
    addDefaults: options.addDefaults !== false,
    importSource: options.importSource ?? DEFAULT_IMPORT_SOURCE,
    wrapEntry: options.wrapEntry === true,
    className: options.className,
    typeCheck: options.typeCheck !== false,
    includeTests: options.includeTests === true,
    only: options.only === undefined ? undefined : new Set(options.only),
  };
}

/**
 * Checks one rewrite: it must parse, and (when `scope` is given) add no type error to the file, looking
 * at the whole file or only at what changed since the last rewrite it accepted. Returns the reason to
 * roll it back, if any.
 */
function makeRewriteChecker(
  sourceFile: SourceFile,
  scope: TypeCheckScope | undefined,
  errorsBefore?: string[],
): () => string | undefined {
  let baseline = scope === undefined ? [] : (errorsBefore ?? findTypeErrors(sourceFile));
  let accepted = sourceFile.getFullText();
  return () => {
    const syntax = findSyntaxErrors(sourceFile);
    if (syntax.length > 0) return `the rewrite would not parse (${syntax[0]})`;
    if (scope === undefined) return undefined;
    const after = scope === "file" ? findTypeErrors(sourceFile) : findTypeErrorsNear(sourceFile, accepted);
    const added = newMessages(baseline, after);
    if (added.length > 0) return `the rewrite would add a type error: ${added[0]}`;
    // A region's errors are only part of the file's: the file's own baseline stays the measure.
    if (scope === "file") baseline = after;
    accepted = sourceFile.getFullText();
    return undefined;
  };
}

/** A transform's own type check of a rewrite it made by hand: errors the file did not have when the pass began. */
function makeTypesChecker(
  sourceFile: SourceFile,
  scope: TypeCheckScope,
  errorsBefore: string[],
): (previousText: string) => string | undefined {
  return (previousText) => {
    const after = scope === "file" ? findTypeErrors(sourceFile) : findTypeErrorsNear(sourceFile, previousText);
    const added = newMessages(errorsBefore, after);
    return added.length > 0 ? `the rewrite would add a type error: ${added[0]}` : undefined;
  };
}

interface TransformPass {
  transform: Transform;
  projectConfigs: ProjectConfigStore;
  options: ResolvedCodemodOptions;
  typeCheck: boolean;
  snippets: RowSnippets;
  linter: RunLinter;
  /** The row id of every finding the run saw, to refuse `--only` ids that name none. */
  seenIds: Set<string>;
}

/** The file's findings `--only` selected, their ids computed on the lines of the file as it was before the run. */
function selectionFor(pass: TransformPass, file: FileState, relevant: Finding[], text: string): FileSelection {
  const relativePath = toRelative(pass.options.cwd, file.sourceFile.getFilePath());
  const toOriginal = mapLinesBack(file.original, text);
  const idOf = (finding: Finding) =>
    rowIdOf({
      ...finding,
      transform: pass.transform.name,
      file: relativePath,
      line: toOriginal(finding.line),
      rule: finding.ruleId,
    });
  return selectFindings({ all: relevant, text }, pass.options.only, idOf, pass.seenIds);
}

function applyTransformToFile(pass: TransformPass, runner: RuleRunner, file: FileState): ChangeRow[] {
  const { transform, options } = pass;
  const { sourceFile } = file;
  const path = sourceFile.getFilePath();
  const text = sourceFile.getFullText();
  const { findings, parseFailure } = runner.lint(text, path);
  if (parseFailure) return [];
  const relevant = findings.filter((finding) => finding.ruleId === `txo/${transform.rule}`);
  const selection = selectionFor(pass, file, relevant, text);
  const visitsClean = options.only === undefined && transform.visitsCleanFiles?.(options) === true;
  const relativePath = toRelative(options.cwd, path);
  const notSelected = unselectedRows(transform, relativePath, relevant, selection.selected);
  if (selection.selected.length === 0 && !visitsClean) return notSelected;
  const relint = () => {
    const current = sourceFile.getFullText();
    const now = runner.lint(current, path).findings.filter((finding) => finding.ruleId === `txo/${transform.rule}`);
    return selection.keepSelected(now, current);
  };
  const rows = applyWithTypeCheck(
    pass,
    {
      sourceFile,
      relativePath,
      findings: selection.selected,
      options,
      relint,
      projectConfigs: pass.projectConfigs,
    },
    text,
  );
  rows.push(...notSelected);
  for (const row of rows) {
    const finding = relevant.find((f) => f.line === row.line && f.column === row.column);
    if (finding) pass.snippets.set(row, snippetAt(text, finding));
  }
  return rows;
}

/** Manual rows for a file a transform failed on: every finding there, or the file itself when it had none. */
function failureRows(transform: Transform, context: TransformFileContext, error: unknown): ChangeRow[] {
  const reason = `the ${transform.name} transform failed here (${firstLineOf(error)}) and left the file as it was; the run went on with the other files. Fix it by hand, and please report the failure`;
  const base = {
    file: context.relativePath,
    rule: `txo/${transform.rule}`,
    transform: transform.name,
    fix: "none",
    status: "manual" as const,
    breaking: transform.breaking,
    reason,
  };
  if (context.findings.length === 0)
    return [{ ...base, line: 1, column: 1, issue: `${transform.name} could not process this file` }];
  return context.findings.map((finding) => ({
    ...base,
    line: finding.line,
    column: finding.column,
    rule: finding.ruleId,
    issue: firstLine(finding.message),
  }));
}

/**
 * A transform that throws on a file (TypeScript's own "Debug Failure"s included) leaves that file as
 * it was and turns its findings into manual rows naming the reason; the run goes on.
 */
function applySafely(transform: Transform, context: TransformFileContext, originalText: string): ChangeRow[] {
  try {
    return transform.applyToFile(context);
  } catch (error) {
    context.sourceFile.replaceWithText(originalText);
    return failureRows(transform, context, error);
  }
}

/** The file's type errors with `text` in place of its current text, restoring the current text after. */
function typeErrorsOf(sourceFile: SourceFile, text: string): string[] {
  const current = sourceFile.getFullText();
  sourceFile.replaceWithText(text);
  const errors = findTypeErrors(sourceFile);
  sourceFile.replaceWithText(current);
  return errors;
}

/** The transform over the file's original `text`, its rewrites checked as `scope` says (syntax only when undefined). */
function runChecked(
  pass: TransformPass,
  base: Omit<TransformFileContext, "checkRewrite">,
  text: string,
  checks: { scope: TypeCheckScope | undefined; errorsBefore: string[] | undefined },
): ChangeRow[] {
  const { sourceFile } = base;
  if (sourceFile.getFullText() !== text) sourceFile.replaceWithText(text);
  const { scope, errorsBefore } = checks;
  const checkTypesSince = errorsBefore && makeTypesChecker(sourceFile, scope ?? "region", errorsBefore);
  const checkRewrite = makeRewriteChecker(sourceFile, scope, errorsBefore);
  return applySafely(pass.transform, { ...base, checkRewrite, ...(checkTypesSince && { checkTypesSince }) }, text);
}

/**
 * Type-checking after every single rewrite is slow on real projects, so a file is first rewritten
 * checking syntax only; only when the file ends up with new type errors is it redone carefully,
 * one rewrite at a time, rolling back exactly the rewrites that add an error: first checking only
 * the region each rewrite changed, and, if the file still has a new error (one the change caused
 * elsewhere), once more checking the whole file after every rewrite. A file with findings
 * is likely rewritten, so its original errors (the baseline) are taken before, in the program the
 * transform's own type queries use: taking them after costs two more program rebuilds per file.
 */
function applyWithTypeCheck(
  pass: TransformPass,
  base: Omit<TransformFileContext, "checkRewrite">,
  text: string,
): ChangeRow[] {
  const { sourceFile } = base;
  const eager = pass.typeCheck && base.findings.length > 0 ? findTypeErrors(sourceFile) : undefined;
  const quickRows = runChecked(pass, base, text, { scope: undefined, errorsBefore: eager });
  if (!pass.typeCheck || sourceFile.getFullText() === text) return quickRows;
  const before = eager ?? typeErrorsOf(sourceFile, text);
  const addsErrors = () => newMessages(before, findTypeErrors(sourceFile)).length > 0;
  if (!addsErrors()) return quickRows;
  const regionRows = runChecked(pass, base, text, { scope: "region", errorsBefore: before });
  if (!addsErrors()) return regionRows;
  return runChecked(pass, base, text, { scope: "file", errorsBefore: before });
}

function applyTransformToFiles(pass: TransformPass, files: FileState[]): ChangeRow[] {
  const runner = new RuleRunner(pass.options.cwd, [pass.transform.rule], pass.linter);
  const rows = files.flatMap((file) => {
    const { sourceFile, original } = file;
    const before = sourceFile.getFullText();
    const rows = applyTransformToFile(pass, runner, file);
    // An earlier transform of this run may have moved lines; rows speak of the file as it was.
    if (rows.length > 0 && before !== original) {
      const toOriginal = mapLinesBack(original, before);
      for (const row of rows) {
        row.line = toOriginal(row.line);
        if (row.reason !== undefined) row.reason = renumberLines(row.reason, toOriginal);
      }
    }
    return rows;
  });
  afterFilesSafely(pass, files, rows);
  return rows;
}

/** A cross-file step that throws leaves every file as the pass left it. */
function afterFilesSafely(pass: TransformPass, files: FileState[], rows: ChangeRow[]): void {
  if (!pass.transform.afterFiles) return;
  const sourceFiles = files.map((file) => file.sourceFile);
  const snapshots = sourceFiles.map((sourceFile) => ({ sourceFile, text: sourceFile.getFullText() }));
  try {
    pass.transform.afterFiles({ sourceFiles, rows, typeCheck: pass.typeCheck });
  } catch {
    for (const { sourceFile, text } of snapshots)
      if (sourceFile.getFullText() !== text) sourceFile.replaceWithText(text);
  }
}

/** Refuses a --report that names a file before anything runs, rather than after sources were written. */
function assertReportDirectory(reportDir: string | undefined): void {
  if (reportDir === undefined || !existsSync(reportDir) || statSync(reportDir).isDirectory()) return;
  throw new HelpfulError({
    whatWentWrong: `--report must name a directory for change-table.md and change-table.json, but ${reportDir} is a file. Nothing was written.`,
    howToFix: "Pass a directory (it is created if missing), or remove the file.",
    example: "npx txo-codemod all --write --report reports/codemod",
    context: { operation: "check report directory", resource: reportDir },
  });
}

/**
 * Every write of the run as one plan (sources, project files, then the change table): checked and
 * staged before the first file is replaced, rolled back if writing fails.
 */
function writeAll(
  sourceWrites: PlannedWrite[],
  reportWrites: PlannedWrite[],
  options: ResolvedCodemodOptions,
  hooks: WritePlanHooks | undefined,
): void {
  assertSafeToWrite(
    sourceWrites.map((write) => write.target),
    options.cwd,
    options.force,
  );
  commitWrites([...sourceWrites, ...reportWrites], hooks);
}

function renderDiff(
  fileChanges: FileChange[],
  projectChanges: ProjectChange[],
  rows: ChangeRow[],
  cwd: string,
): string {
  const sourceDiffs = fileChanges.map((change) => {
    const fileRows = rows.filter((row) => row.file === change.relativePath);
    return unifiedDiff(change.relativePath, change.before, change.after, (start, end) =>
      hunkLabel(fileRows, start, end),
    );
  });
  const projectDiffs = projectChanges.map((change) =>
    unifiedDiff(toRelative(cwd, change.path), change.before, change.after),
  );
  return [...sourceDiffs, ...projectDiffs].filter(Boolean).join("\n");
}

async function runFinishSteps(
  transforms: Transform[],
  rows: ChangeRow[],
  options: ResolvedCodemodOptions,
): Promise<FinishOutcome> {
  const outcome: FinishOutcome = { projectChanges: [], requiredKeys: [] };
  for (const transform of transforms) {
    if (!transform.finish) continue;
    const step = await transform.finish({ options, rows });
    outcome.projectChanges.push(...step.projectChanges);
    outcome.requiredKeys.push(...step.requiredKeys);
  }
  return outcome;
}

/** Every transform over every file, in order; `--only` ids that named no finding stop the run before anything is written. */
function applyTransforms(
  transforms: Transform[],
  files: FileState[],
  run: Pick<TransformPass, "options" | "typeCheck" | "linter">,
): { rows: ChangeRow[]; snippets: RowSnippets; seenIds: Set<string> } {
  const { options } = run;
  const snippets: RowSnippets = new Map();
  const projectConfigs = new ProjectConfigStore();
  const seenIds = new Set<string>();
  const rows = transforms.flatMap((transform) =>
    applyTransformToFiles({ ...run, transform, projectConfigs, snippets, seenIds }, files),
  );
  assertKnownRowIds(options.only, seenIds);
  return { rows, snippets, seenIds };
}

/** Ids and edits for the reviewer: only rows that stand for a finding can be picked with --only (a dependency row cannot). */
function identifyRows(rows: ChangeRow[], fileChanges: FileChange[], seenIds: ReadonlySet<string>): void {
  for (const row of rows) if (seenIds.has(rowIdOf(row))) row.id = rowIdOf(row);
  attachEdits(rows, fileChanges);
}

/**
 * Runs codemods: finds what the rules report, rewrites exactly those nodes, checks every rewrite
 * (syntax, types), re-lints to confirm what it claims fixed, then prints or writes the result.
 * `hooks` reach into the write step (tests use them to fail a write the way a disk can).
 */
export async function runCodemods(
  transformNames: TransformName[] | "all",
  options: CodemodOptions = {},
  hooks?: WritePlanHooks,
): Promise<CodemodResult> {
  const resolved = resolveCodemodOptions(options);
  assertReportDirectory(resolved.reportDir);
  const transforms = resolveTransforms(transformNames);
  const { files, hasTsConfig, skipped } = loadSourceFiles(resolved);
  const linter = new RunLinter(resolved.cwd);
  const typeCheck = resolved.typeCheck && hasTsConfig;
  const { rows, snippets, seenIds } = applyTransforms(transforms, files, { options: resolved, typeCheck, linter });
  const { fileChanges, writes: sourceWrites } = prepareFileChanges(files, rows, resolved.cwd);
  rows.push(...verifyRows({ rows, snippets, fileChanges, transforms, cwd: resolved.cwd, linter }));
  const { projectChanges, requiredKeys } = await runFinishSteps(transforms, rows, resolved);
  const dependency = planRuntimeDependency(fileChanges, rows, resolved);
  projectChanges.push(...dependency.projectChanges);
  rows.push(...dependency.rows);
  identifyRows(rows, fileChanges, seenIds);
  if (resolved.write) sourceWrites.push(...projectChanges.map((change) => prepareProjectWrite(change, resolved.cwd)));
  const diff = renderDiff(fileChanges, projectChanges, rows, resolved.cwd);
  const result: CodemodResult = {
    rows,
    fileChanges,
    projectChanges,
    diff,
    written: resolved.write,
    requiredKeys,
    reportFiles: [],
    skippedFiles: skipped,
  };
  const report = resolved.reportDir
    ? planChangeTable(
        buildChangeTable(
          result,
          resolved,
          transforms.map((t) => t.name),
        ),
        resolved.reportDir,
      )
    : { files: [], writes: [] };
  if (resolved.write) writeAll(sourceWrites, report.writes, resolved, hooks);
  else commitWrites(report.writes, hooks);
  result.reportFiles = report.files;
  return result;
}
