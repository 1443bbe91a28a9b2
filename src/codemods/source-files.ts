import { existsSync, readFileSync, realpathSync } from "node:fs";
import { relative, sep } from "node:path";
import type { SourceFile } from "ts-morph";
import { loadProjectConfig } from "../config/project-config.js";
import { discoverSourceFiles } from "./discover.js";
import { reapplyEdits } from "./edit-merge.js";
import { scopeSourceFiles } from "./file-scope.js";
import { createCodemodProject } from "./project.js";
import { decodeSource, encodeSource, firstUnencodable, type SourceEncoding } from "./source-encoding.js";
import type { ChangeRow, FileChange, ProjectChange, ResolvedCodemodOptions, SkippedFile } from "./types.js";
import { planWrite, type PlannedWrite } from "./write-plan.js";

/** One source file of a run: the tree the transforms edit, and what it was on disk. */
export interface FileState {
  sourceFile: SourceFile;
  /** The decoded text as read (without a byte-order mark). */
  original: string;
  originalBytes: Buffer;
  encoding: SourceEncoding;
  /** The real file behind the path (a symbolic link's target): where a rewrite is written. */
  target: string;
}

export interface LoadedSources {
  files: FileState[];
  hasTsConfig: boolean;
  skipped: SkippedFile[];
}

export function toRelative(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join("/");
}

/**
 * Finds, scopes and decodes the files to transform, and loads them into a ts-morph project with the
 * text as decoded here (TypeScript's own reading would turn Latin-1 bytes into U+FFFD).
 */
export function loadSourceFiles(options: ResolvedCodemodOptions): LoadedSources {
  const { config } = loadProjectConfig(options.cwd);
  const paths = discoverSourceFiles({
    cwd: options.cwd,
    paths: options.paths,
    config,
    includeTests: options.includeTests,
  });
  const scope = scopeSourceFiles(paths, { cwd: options.cwd, force: options.force });
  const skipped = [...scope.skipped];
  const decoded = scope.files.flatMap((file) => {
    const bytes = readFileSync(file.target);
    const result = decodeSource(bytes);
    if (result.ok) return [{ ...file, bytes, text: result.text, encoding: result.encoding }];
    skipped.push({ file: toRelative(options.cwd, file.path), reason: result.reason });
    return [];
  });
  const { sourceFileFor, hasTsConfig } = createCodemodProject(options.cwd);
  const files = decoded.map((file) => {
    const sourceFile = sourceFileFor(file.path);
    if (sourceFile.getFullText() !== file.text) sourceFile.replaceWithText(file.text);
    return { sourceFile, original: file.text, originalBytes: file.bytes, encoding: file.encoding, target: file.target };
  });
  return { files, hasTsConfig, skipped };
}

export interface PreparedChanges {
  fileChanges: FileChange[];
  writes: PlannedWrite[];
}

/** The file's rows that claimed a fix become skipped: the rewrite cannot be written in the file's encoding. */
function refuseRows(rows: ChangeRow[], file: string, character: string, encoding: SourceEncoding): void {
  const reason = `the rewrite needs the character ${JSON.stringify(character)} (U+${character.codePointAt(0)?.toString(16).toUpperCase().padStart(4, "0")}), which this ${encoding.charset} file cannot hold, so the file was left as it was`;
  for (const row of rows.filter((r) => r.file === file && r.status === "fixed"))
    Object.assign(row, { status: "skipped", fix: "none", reason });
}

/**
 * What each file would become, with only the edited lines changed (line breaks, byte-order mark and
 * encoding as the file had them). A file whose edits were all rolled back, or changed only line
 * breaks, is not written.
 */
export function prepareFileChanges(files: FileState[], rows: ChangeRow[], cwd: string): PreparedChanges {
  const prepared: PreparedChanges = { fileChanges: [], writes: [] };
  for (const file of files) {
    const merged = reapplyEdits(file.original, file.sourceFile.getFullText());
    if (merged === file.original) continue;
    const path = file.sourceFile.getFilePath();
    const relativePath = toRelative(cwd, path);
    const bytes = encodeSource(merged, file.encoding);
    if (!bytes) {
      refuseRows(rows, relativePath, firstUnencodable(merged, file.encoding) ?? "?", file.encoding);
      continue;
    }
    prepared.fileChanges.push({ path, relativePath, before: file.original, after: merged });
    prepared.writes.push({ label: relativePath, target: file.target, bytes, original: file.originalBytes });
  }
  return prepared;
}

/**
 * A project file a finish step changes (a config JSON, a schema), written with the same care: only
 * the edited lines change, in the file's own encoding and line breaks.
 */
export function prepareProjectWrite(change: ProjectChange, cwd: string): PlannedWrite {
  const target = existsSync(change.path) ? realpathSync(change.path) : change.path;
  const write = planWrite(toRelative(cwd, change.path), target, Buffer.from(change.after, "utf8"));
  const decoded = write.original ? decodeSource(write.original) : undefined;
  if (!decoded?.ok) return write;
  // The finish steps read files as UTF-8 strings, which keep a byte-order mark as U+FEFF.
  const after = decoded.encoding.bom ? change.after.replace(/^\uFEFF/, "") : change.after;
  const bytes = encodeSource(reapplyEdits(decoded.text, after), decoded.encoding);
  return bytes ? { ...write, bytes } : write;
}
