import { readFileSync } from "node:fs";
import { join } from "node:path";
import { Node, Project, type SourceFile } from "ts-morph";
import { ProjectConfigStore } from "../config/project-config.js";
import { resolveCodemodOptions } from "./engine.js";
import { firstLineOf } from "./error-line.js";
import { RuleRunner } from "./findings.js";
import { findSyntaxErrors } from "./project.js";
import { resolveTransforms } from "./registry.js";
import { findReportedFunction } from "./split-long-functions.js";
import type { ChangeRow, Finding, ResolvedCodemodOptions, Transform, TransformFileContext } from "./types.js";

/**
 * What `txo-codemod all` (default options) will do with a finding: `fixes` when the transform's own
 * decisions rewrite it, `manual` when they leave it to a person (with their reason), `may-fix` when
 * only the run can tell (a type check that may roll the rewrite back is always such a case for a split).
 */
export type FixOutcome = "fixes" | "may-fix" | "manual";

export interface FixPrediction {
  outcome: FixOutcome;
  reason?: string;
}

/** One file's findings, with its path relative to the project root. */
export interface FileFindings {
  file: string;
  findings: Finding[];
}

/**
 * The decisions the transform makes, taken on a throwaway copy of the file: `applyToFile` runs with a
 * syntax check only (no type checker), and its rows say which findings it would rewrite. A split needs
 * the language service for every attempt, so it only says which functions it cannot even start on.
 */
function rowsOfTrialRun(transform: Transform, context: TransformFileContext): ChangeRow[] {
  const snapshot = context.sourceFile.getFullText();
  try {
    return transform.applyToFile(context);
  } finally {
    if (context.sourceFile.getFullText() !== snapshot) context.sourceFile.replaceWithText(snapshot);
  }
}

function predictSplit(sourceFile: SourceFile, finding: Finding): FixPrediction {
  const fn = findReportedFunction(sourceFile, finding);
  // A static block holds its statements itself; the other kinds have a body, which an arrow may give as one expression.
  const body = fn && (Node.isBodyable(fn) || Node.isBodied(fn)) ? fn.getBody() : undefined;
  if (!fn || (body !== undefined && !Node.isBlock(body)))
    return { outcome: "manual", reason: "the function has no block of statements to extract from" };
  return { outcome: "may-fix", reason: "whether TypeScript can extract enough of it shows only in a run" };
}

function predictionOf(row: ChangeRow | undefined): FixPrediction {
  if (row === undefined) return { outcome: "may-fix", reason: "the transform's trial run gave no row for it" };
  return row.status === "fixed" ? { outcome: "fixes" } : { outcome: "manual", reason: row.reason ?? row.status };
}

interface PredictionRun {
  options: ResolvedCodemodOptions;
  projectConfigs: ProjectConfigStore;
  runner: RuleRunner;
}

function predictFile(run: PredictionRun, transform: Transform, sourceFile: SourceFile, entry: FileFindings) {
  const ruleId = `txo/${transform.rule}`;
  const findings = entry.findings.filter((finding) => finding.ruleId === ruleId);
  if (findings.length === 0) return [];
  if (transform.name === "split-long-functions")
    return findings.map((finding) => ({ finding, prediction: predictSplit(sourceFile, finding) }));
  const context: TransformFileContext = {
    sourceFile,
    relativePath: entry.file,
    findings,
    options: run.options,
    projectConfigs: run.projectConfigs,
    checkRewrite: () => findSyntaxErrors(sourceFile)[0],
    relint: () =>
      run.runner
        .lint(sourceFile.getFullText(), sourceFile.getFilePath())
        .findings.filter((finding) => finding.ruleId === ruleId),
  };
  try {
    const rows = rowsOfTrialRun(transform, context);
    const rowOf = (finding: Finding) => rows.find((r) => r.line === finding.line && r.column === finding.column);
    return findings.map((finding) => ({ finding, prediction: predictionOf(rowOf(finding)) }));
  } catch (error) {
    const reason = `the transform's trial run failed on the file (${firstLineOf(error)})`;
    return findings.map((finding) => ({ finding, prediction: { outcome: "may-fix" as const, reason } }));
  }
}

/**
 * What the codemods will do with each finding of `files` (paths relative to `root`), by the same
 * decisions they make in a run. Keyed by the finding object given.
 */
export function predictFixes(root: string, files: FileFindings[]): Map<Finding, FixPrediction> {
  const predictions = new Map<Finding, FixPrediction>();
  if (files.length === 0) return predictions;
  const transforms = resolveTransforms("all");
  const run: PredictionRun = {
    options: resolveCodemodOptions({ cwd: root }),
    projectConfigs: new ProjectConfigStore(),
    runner: new RuleRunner(
      root,
      transforms.map((transform) => transform.rule),
    ),
  };
  const project = new Project({
    skipAddingFilesFromTsConfig: true,
    skipFileDependencyResolution: true,
    compilerOptions: { allowJs: true, noEmit: true },
  });
  for (const entry of files) {
    try {
      const path = join(root, entry.file);
      const sourceFile = project.createSourceFile(path, readFileSync(path, "utf8").replace(/^\uFEFF/, ""), {
        overwrite: true,
      });
      for (const transform of transforms)
        for (const { finding, prediction } of predictFile(run, transform, sourceFile, entry))
          predictions.set(finding, prediction);
    } catch (error) {
      // A file gone or unreadable since it was linted, or too deep for TypeScript's parser: the audit
      // still reports; only this file's promise is unknown.
      const reason = `the file could not be loaded for a trial run (${firstLineOf(error)})`;
      for (const finding of entry.findings) predictions.set(finding, { outcome: "may-fix", reason });
    }
  }
  return predictions;
}
