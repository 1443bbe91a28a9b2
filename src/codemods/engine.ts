import { relative, resolve, sep } from "node:path";
import type { SourceFile } from "ts-morph";
import { loadProjectConfig } from "../config/project-config.js";
import { HelpfulError } from "../runtime/errors.js";
import { buildChangeTable, writeChangeTable } from "./change-table.js";
import { unifiedDiff } from "./diff.js";
import { discoverSourceFiles } from "./discover.js";
import { assertSafeToWrite, writeFileAtomic } from "./files.js";
import { RuleRunner } from "./findings.js";
import { createCodemodProject, findSyntaxErrors, findTypeErrors, newMessages } from "./project.js";
import { resolveTransforms } from "./registry.js";
import { mapLinesBack, renumberLines } from "./line-map.js";
import { snippetAt, verifyRows, type RowSnippets } from "./verify.js";
import type { ChangeRow, CodemodOptions, CodemodResult, FileChange, FinishOutcome, ProjectChange, ResolvedCodemodOptions, SoftFailMode, Transform, TransformFileContext, TransformName } from "./types.js";
import { SOFT_FAIL_MODES } from "./types.js";

function assertMode(mode: string): SoftFailMode {
  if ((SOFT_FAIL_MODES as readonly string[]).includes(mode)) return mode as SoftFailMode;
  throw new HelpfulError({
    whatWentWrong: `Unknown mode "${mode}".`,
    howToFix: 'Use "proven" (requireConfig only where the config files or schema prove the key required), "hard" (fallbacks become requireConfig, which throws on a missing key) or "explicit" (fallbacks become optional(config, path, default)).',
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
    importSource: options.importSource ?? "txo-toolkit/runtime",
    wrapEntry: options.wrapEntry === true,
    className: options.className,
    typeCheck: options.typeCheck !== false,
    includeTests: options.includeTests === true,
  };
}

function toRelative(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join("/");
}

interface FileState {
  sourceFile: SourceFile;
  original: string;
}

/**
 * Checks one rewrite: it must parse, and (in careful mode) add no type error to the file. Returns
 * the reason to roll it back, if any.
 */
function makeRewriteChecker(sourceFile: SourceFile, careful: boolean): () => string | undefined {
  let baseline = careful ? findTypeErrors(sourceFile) : [];
  return () => {
    const syntax = findSyntaxErrors(sourceFile);
    if (syntax.length > 0) return `the rewrite would not parse (${syntax[0]})`;
    if (!careful) return undefined;
    const after = findTypeErrors(sourceFile);
    const added = newMessages(baseline, after);
    if (added.length > 0) return `the rewrite would add a type error: ${added[0]}`;
    baseline = after;
    return undefined;
  };
}

interface TransformPass {
  transform: Transform;
  options: ResolvedCodemodOptions;
  typeCheck: boolean;
  snippets: RowSnippets;
}

function applyTransformToFile(pass: TransformPass, runner: RuleRunner, sourceFile: SourceFile): ChangeRow[] {
  const { transform, options } = pass;
  const path = sourceFile.getFilePath();
  const text = sourceFile.getFullText();
  const { findings, parseFailure } = runner.lint(text, path);
  if (parseFailure) return [];
  const relevant = findings.filter((finding) => finding.ruleId === `txo/${transform.rule}`);
  if (relevant.length === 0 && !transform.visitsCleanFiles?.(options)) return [];
  const checkRewrite = makeRewriteChecker(sourceFile, pass.typeCheck);
  const relint = () => runner.lint(sourceFile.getFullText(), path).findings.filter((finding) => finding.ruleId === `txo/${transform.rule}`);
  const rows = transform.applyToFile({ sourceFile, relativePath: toRelative(options.cwd, path), findings: relevant, options, checkRewrite, relint });
  for (const row of rows) {
    const finding = relevant.find((f) => f.line === row.line && f.column === row.column);
    if (finding) pass.snippets.set(row, snippetAt(text, finding));
  }
  return rows;
}

/** A transform that fails on one file leaves that file as it was and says so; the run goes on. */
function applySafely(transform: Transform, context: TransformFileContext, originalText: string): ChangeRow[] {
  try {
    return transform.applyToFile(context);
  } catch (error) {
    context.sourceFile.replaceWithText(originalText);
    const reason = `the ${transform.name} transform failed on this file and left it unchanged: ${(error as Error).message.split("\n")[0]}`;
    return context.findings.map((finding) => ({ file: context.relativePath, line: finding.line, column: finding.column, rule: finding.ruleId, transform: transform.name, issue: finding.message.split("\n")[0], fix: "none", status: "skipped" as const, breaking: transform.breaking, reason }));
  }
}

/**
 * Type-checking after every single rewrite is slow on real projects, so a file is first rewritten
 * checking syntax only; only when the file ends up with new type errors is it redone carefully,
 * one rewrite at a time, rolling back exactly the rewrites that add an error.
 */
function applyWithTypeCheck(pass: TransformPass, base: Omit<TransformFileContext, "checkRewrite">, text: string): ChangeRow[] {
  const { sourceFile } = base;
  const quickRows = applySafely(pass.transform, { ...base, checkRewrite: makeRewriteChecker(sourceFile, false) }, text);
  const rewritten = sourceFile.getFullText();
  if (!pass.typeCheck || rewritten === text) return quickRows;
  // Type-check only files the transform changed: the original's errors are the baseline.
  const after = findTypeErrors(sourceFile);
  sourceFile.replaceWithText(text);
  if (newMessages(findTypeErrors(sourceFile), after).length === 0) {
    sourceFile.replaceWithText(rewritten);
    return quickRows;
  }
  return applySafely(pass.transform, { ...base, checkRewrite: makeRewriteChecker(sourceFile, true) }, text);
}

function applyTransformToFiles(pass: TransformPass, files: FileState[]): ChangeRow[] {
  const runner = new RuleRunner(pass.options.cwd, [pass.transform.rule]);
  return files.flatMap(({ sourceFile, original }) => {
    const before = sourceFile.getFullText();
    const rows = applyTransformToFile(pass, runner, sourceFile);
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
}

function collectFileChanges(files: FileState[], cwd: string): FileChange[] {
  return files
    .filter(({ sourceFile, original }) => sourceFile.getFullText() !== original)
    .map(({ sourceFile, original }) => ({ path: sourceFile.getFilePath(), relativePath: toRelative(cwd, sourceFile.getFilePath()), before: original, after: sourceFile.getFullText() }));
}

function loadFiles(options: ResolvedCodemodOptions): { files: FileState[]; hasTsConfig: boolean } {
  const { config } = loadProjectConfig(options.cwd);
  const paths = discoverSourceFiles({ cwd: options.cwd, paths: options.paths, config, includeTests: options.includeTests });
  const { sourceFileFor, hasTsConfig } = createCodemodProject(options.cwd, paths);
  const files = paths.map(sourceFileFor).map((sourceFile) => ({ sourceFile, original: sourceFile.getFullText() }));
  return { files, hasTsConfig };
}

function writeAll(fileChanges: FileChange[], projectChanges: ProjectChange[], options: ResolvedCodemodOptions): void {
  assertSafeToWrite([...fileChanges.map((c) => c.path), ...projectChanges.map((c) => c.path)], options.cwd, options.force);
  for (const change of fileChanges) writeFileAtomic(change.path, change.after);
  for (const change of projectChanges) writeFileAtomic(change.path, change.after);
}

function renderDiff(fileChanges: FileChange[], projectChanges: ProjectChange[], cwd: string): string {
  const sourceDiffs = fileChanges.map((change) => unifiedDiff(change.relativePath, change.before, change.after));
  const projectDiffs = projectChanges.map((change) => unifiedDiff(toRelative(cwd, change.path), change.before, change.after));
  return [...sourceDiffs, ...projectDiffs].filter(Boolean).join("\n");
}

async function runFinishSteps(transforms: Transform[], rows: ChangeRow[], options: ResolvedCodemodOptions): Promise<FinishOutcome> {
  const outcome: FinishOutcome = { projectChanges: [], requiredKeys: [] };
  for (const transform of transforms) {
    if (!transform.finish) continue;
    const step = await transform.finish({ options, rows });
    outcome.projectChanges.push(...step.projectChanges);
    outcome.requiredKeys.push(...step.requiredKeys);
  }
  return outcome;
}

/**
 * Runs codemods: finds what the rules report, rewrites exactly those nodes, checks every rewrite
 * (syntax, types), re-lints to confirm what it claims fixed, then prints or writes the result.
 */
export async function runCodemods(transformNames: TransformName[] | "all", options: CodemodOptions = {}): Promise<CodemodResult> {
  const resolved = resolveCodemodOptions(options);
  const transforms = resolveTransforms(transformNames);
  const { files, hasTsConfig } = loadFiles(resolved);
  const typeCheck = resolved.typeCheck && hasTsConfig;
  const snippets: RowSnippets = new Map();
  const rows = transforms.flatMap((transform) => applyTransformToFiles({ transform, options: resolved, typeCheck, snippets }, files));
  const fileChanges = collectFileChanges(files, resolved.cwd);
  rows.push(...verifyRows({ rows, snippets, fileChanges, transforms, cwd: resolved.cwd }));
  const { projectChanges, requiredKeys } = await runFinishSteps(transforms, rows, resolved);
  const diff = renderDiff(fileChanges, projectChanges, resolved.cwd);
  if (resolved.write) writeAll(fileChanges, projectChanges, resolved);
  const result: CodemodResult = { rows, fileChanges, projectChanges, diff, written: resolved.write, requiredKeys, reportFiles: [] };
  if (resolved.reportDir) result.reportFiles = writeChangeTable(buildChangeTable(result, resolved, transforms.map((t) => t.name)), resolved.reportDir);
  return result;
}

