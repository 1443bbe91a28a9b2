import type { SourceFile } from "ts-morph";
import type { ProjectConfigStore } from "../config/project-config.js";
import type { TransformName } from "../rules/catalog.js";
import type { BreakingLevel } from "../rules/principle.js";

/** A principle's codemod, named in its descriptor (rules/catalog.ts). */
export type { BreakingLevel, TransformName };

export const SOFT_FAIL_MODES = ["proven", "hard", "explicit"] as const;
export type SoftFailMode = (typeof SOFT_FAIL_MODES)[number];

export type ChangeStatus = "fixed" | "manual" | "skipped";

/** One row of the change table: what was found, what was done about it, and why. */
export interface ChangeRow<Name extends string = TransformName> {
  file: string;
  line: number;
  column: number;
  rule: string;
  transform: Name;
  issue: string;
  fix: string;
  status: ChangeStatus;
  breaking: BreakingLevel;
  /** Why a person must decide (manual) or why nothing was done (skipped). */
  reason?: string;
  /** Set when the re-lint after the run still finds what this row claims fixed. */
  verificationFailed?: boolean;
  /** Stable id (`--only` takes it): the same rewrite gets the same id on the next run over the same tree. */
  id?: string;
  /** The lines this row's rewrite replaced and wrote, in the file as it was before the run. */
  edits?: RowEdit[];
}

/** One run of changed lines: where it starts before and after the run, the old lines and the new ones. */
export interface RowEdit {
  oldStart: number;
  oldLines: string[];
  newStart: number;
  newLines: string[];
}

/** A rule finding, as ESLint reports it (1-based lines and columns). */
export interface Finding {
  ruleId: string;
  messageId: string | undefined;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface CodemodOptions {
  /** Directory the run is relative to (project root). Default: process.cwd(). */
  cwd?: string;
  /** Files or directories to transform. Default: the whole project (include/exclude from txo.config.json). */
  paths?: string[];
  /** Write the changes (atomically). Default false: dry run that prints a diff. */
  write?: boolean;
  /** Write even when the touched files have uncommitted git changes. */
  force?: boolean;
  /** Where to write change-table.md / change-table.json. Default: `<cwd>/reports` when writing, none on a dry run. */
  reportDir?: string;
  /**
   * soft-fail-to-require: `proven` → requireConfig only where the key is proven required (in every
   * --config-files file, or required by --config-schema), else optional() with the old default;
   * `hard` → requireConfig everywhere; `explicit` → optional everywhere. Default "proven".
   */
  mode?: SoftFailMode;
  /** soft-fail-to-require: glob(s) of the project's config JSON files to check for newly required keys. */
  configFiles?: string[];
  /** soft-fail-to-require: JSON Schema of those config files, updated with required/default on --write. */
  configSchema?: string;
  /** soft-fail-to-require (hard mode, with write): add the old default to config files that lack the key. */
  addDefaults?: boolean;
  /** Module the runtime helpers are imported from. Default "@txo-toolkit/runtime". */
  importSource?: string;
  /** exit-to-throw: wrap entry files' main() call in runMain(). */
  wrapEntry?: boolean;
  /** state-to-class: class name to use instead of the one derived from the module name. */
  className?: string;
  /** Roll back any rewrite that adds a TypeScript error to its file. Default true. */
  typeCheck?: boolean;
  /** Also transform test files (*.test.*, *.spec.*, test/, __tests__/). Default false. */
  includeTests?: boolean;
  /** Rewrite only the rows with these ids (from a dry run on the same tree). Default: every row. */
  only?: string[];
}

export interface ResolvedCodemodOptions {
  cwd: string;
  paths: string[];
  write: boolean;
  force: boolean;
  reportDir: string | undefined;
  mode: SoftFailMode;
  configFiles: string[];
  configSchema: string | undefined;
  addDefaults: boolean;
  importSource: string;
  wrapEntry: boolean;
  className: string | undefined;
  typeCheck: boolean;
  includeTests: boolean;
  only: ReadonlySet<string> | undefined;
}

/** What a transform gets for one file: the ts-morph tree, the rule findings in it, and the options. */
export interface TransformFileContext {
  sourceFile: SourceFile;
  /** Path relative to the run's cwd, with forward slashes, as shown in the change table. */
  relativePath: string;
  findings: Finding[];
  options: ResolvedCodemodOptions;
  /** Re-checks the file after one rewrite; returns a reason when the rewrite must be rolled back. */
  checkRewrite: () => string | undefined;
  /**
   * For a rewrite the transform made by hand (whole text replaced): a reason when the file now has a
   * type error it did not have when the pass began, looking at what changed since `previousText` or
   * at the whole file, as the pass decides. Absent when the run has no baseline: then check the file.
   */
  checkTypesSince?: (previousText: string) => string | undefined;
  /** Runs the transform's rule again on the file's current text (positions move after edits such as an added import). */
  relint: () => Finding[];
  /** The run's txo.config.json lookups (entry points), read once per folder. */
  projectConfigs: ProjectConfigStore;
}

/** `Name` is a catalog transform; a test may register one of its own (test/principles.test.ts). */
export interface Transform<Name extends string = TransformName> {
  name: Name;
  /** The txo rule (without the `txo/` prefix) whose findings this transform fixes. */
  rule: string;
  breaking: BreakingLevel;
  /** Applies the transform to the findings of one file, mutating `sourceFile`; returns one row per finding. */
  applyToFile(context: TransformFileContext): ChangeRow<Name>[];
  /** Whether files without findings are visited too (e.g. to wrap entry points in runMain). */
  visitsCleanFiles?(options: ResolvedCodemodOptions): boolean;
  /**
   * Optional step after the transform went through every file, for edits that span files (the
   * callers of a module it rewrote); it mutates `sourceFiles` and may amend its own `rows`.
   */
  afterFiles?(pass: FilesPass): void;
  /** Optional project-level step after all files (e.g. config JSON files for newly required keys). */
  finish?(run: TransformRunSummary): Promise<FinishOutcome> | FinishOutcome;
}

export interface FilesPass {
  sourceFiles: SourceFile[];
  /** This transform's rows from the pass. */
  rows: ChangeRow[];
  /** Whether rewrites are type-checked (the project has a tsconfig and --no-type-check was not given). */
  typeCheck: boolean;
}

export interface TransformRunSummary {
  options: ResolvedCodemodOptions;
  rows: ChangeRow[];
}

export interface FinishOutcome {
  projectChanges: ProjectChange[];
  requiredKeys: RequiredKeyReport[];
}

/** A non-source file change a transform wants (config JSON, schema); written with the same guarantees. */
export interface ProjectChange {
  path: string;
  before: string;
  after: string;
  description: string;
}

export interface FileChange {
  path: string;
  relativePath: string;
  before: string;
  after: string;
}

/** A file the run left alone as a whole (a link out of the project, git-ignored, an encoding it cannot write back). */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface CodemodResult {
  rows: ChangeRow[];
  fileChanges: FileChange[];
  projectChanges: ProjectChange[];
  /** Unified diff of every change (what a dry run prints). */
  diff: string;
  written: boolean;
  /** Keys hard mode made required, with the config files that lack them. */
  requiredKeys: RequiredKeyReport[];
  reportFiles: string[];
  /** Files the run did not transform at all, each with the reason. */
  skippedFiles: SkippedFile[];
}

export interface RequiredKeyReport {
  /** Dotted path from the configuration root, e.g. "script-behavior.rate-limiting.enabled". */
  path: string;
  /** Source text of the old default, e.g. "true" or "60". */
  defaultText: string;
  /** The old default as JSON when it is a literal, else undefined. */
  defaultValue?: unknown;
  file: string;
  line: number;
  /** Config files (relative) that do not contain the key. */
  missingIn: string[];
  /** How many config files were checked for it (0: none given, or the key does not belong in them). */
  checkedFiles?: number;
}
