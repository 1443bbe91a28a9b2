import {
  chmodSync,
  chownSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  rmdirSync,
  statSync,
  writeSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { randomBytes } from "node:crypto";
import { HelpfulError } from "@txo-toolkit/runtime";
import { firstLine, messageOf } from "./error-line.js";

/** One file a run means to write. */
export interface PlannedWrite {
  /** The file as the run names it to people (relative to the project, or as given). */
  label: string;
  /** Where the bytes go: for a symbolic link, its target, so the link itself stays a link. */
  target: string;
  bytes: Buffer;
  /** The bytes the run read, to check nothing changed the file since and to restore it; undefined for a new file. */
  original: Buffer | undefined;
}

export interface WritePlanHooks {
  /** Called just before each file is replaced: lets a test fail that step the way a disk can. */
  beforeReplace?(write: PlannedWrite): void;
}

interface StagedWrite {
  write: PlannedWrite;
  temporary: string;
}

function errorText(error: unknown): string {
  return firstLine(messageOf(error));
}

function readIfPresent(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (error) {
    // fs calls throw ErrnoExceptions; `code` is undefined for anything else, which is handled below.
    const { code } = error as NodeJS.ErrnoException;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}

/** The bytes as they are on disk now, for a plan: existing files are then restored, new ones removed, on rollback. */
export function planWrite(label: string, target: string, bytes: Buffer): PlannedWrite {
  return { label, target, bytes, original: readIfPresent(target) };
}

function changedSinceRead(write: PlannedWrite): boolean {
  try {
    const now = readIfPresent(write.target);
    return write.original === undefined ? now !== undefined : !now?.equals(write.original);
  } catch {
    return true;
  }
}

/** Mode always; owner and group where the system lets this process set them. */
function copyOwnership(from: string, to: string): void {
  let stats;
  try {
    stats = statSync(from);
  } catch {
    return;
  }
  chmodSync(to, stats.mode & 0o7777);
  const own = statSync(to);
  if (own.uid === stats.uid && own.gid === stats.gid) return;
  try {
    chownSync(to, stats.uid, stats.gid);
  } catch {
    // Only the owner of a file's former owner (or root) may give it back; the mode is kept regardless.
  }
}

function writeTemporary(write: PlannedWrite, createdDirectories: string[]): StagedWrite {
  const directory = dirname(write.target);
  const created = mkdirSync(directory, { recursive: true });
  if (created !== undefined) createdDirectories.push(created);
  const temporary = join(
    directory,
    `.${basename(write.target)}.txo-${process.pid}-${randomBytes(4).toString("hex")}.tmp`,
  );
  const descriptor = openSync(temporary, "wx", 0o666);
  try {
    writeSync(descriptor, write.bytes);
    fsyncSync(descriptor);
  } finally {
    closeSync(descriptor);
  }
  copyOwnership(write.target, temporary);
  return { write, temporary };
}

function removeQuietly(paths: string[]): void {
  for (const path of paths) rmSync(path, { force: true });
}

function removeDirectoriesQuietly(directories: string[]): void {
  for (const directory of directories.reverse()) {
    try {
      rmdirSync(directory);
    } catch {
      // Not empty (someone else wrote there) or already gone: leave it.
    }
  }
}

function assertUnchanged(writes: PlannedWrite[]): void {
  const changed = writes.filter(changedSinceRead).map((write) => `  ${write.label}`);
  if (changed.length === 0) return;
  throw new HelpfulError({
    whatWentWrong: `Nothing was written: these files changed on disk while txo-codemod was running:\n${changed.join("\n")}`,
    howToFix:
      "Run the codemod again once nothing else is editing the files (an editor saving, a formatter, a build); every file is as it was before this run.",
    example: "npx txo-codemod all --write",
    context: { operation: "check files before writing" },
  });
}

/** Writes every file's new content beside it first; a failure here leaves every file untouched. */
function stageAll(writes: PlannedWrite[], createdDirectories: string[]): StagedWrite[] {
  const staged: StagedWrite[] = [];
  for (const write of writes) {
    try {
      staged.push(writeTemporary(write, createdDirectories));
    } catch (error) {
      removeQuietly(staged.map((entry) => entry.temporary));
      removeDirectoriesQuietly(createdDirectories);
      throw new HelpfulError({
        whatWentWrong: `Nothing was written: could not prepare ${write.label} (${errorText(error)}). Every file is as it was before the run.`,
        howToFix: `Make ${dirname(write.target)} writable for this user (the new content is written beside the file, then renamed over it), then run the codemod again.`,
        example: `ls -ld ${dirname(write.target)}`,
        context: { operation: "prepare writes", resource: write.target },
        cause: error,
      });
    }
  }
  return staged;
}

/** Puts back what a replaced file held before the run (or removes a file the run created). */
function restore(write: PlannedWrite): string | undefined {
  try {
    if (write.original === undefined) rmSync(write.target, { force: true });
    else renameSync(writeTemporary({ ...write, bytes: write.original }, []).temporary, write.target);
    return undefined;
  } catch (error) {
    return errorText(error);
  }
}

function describeRollback(replaced: PlannedWrite[]): string {
  if (replaced.length === 0) return "No file had been replaced yet, so every file is as it was before the run.";
  const failures = replaced
    .map((write) => ({ write, problem: restore(write) }))
    .filter((entry) => entry.problem !== undefined);
  const labels = replaced.map((write) => write.label).join(", ");
  if (failures.length === 0)
    return `Rolled back the ${replaced.length} file(s) already replaced (${labels}), so every file is as it was before the run.`;
  const stuck = failures.map(({ write, problem }) => `${write.label} (${problem})`).join(", ");
  return `Tried to roll back the ${replaced.length} file(s) already replaced (${labels}); these still hold the new content, because restoring them failed: ${stuck}. Every other file is as it was before the run.`;
}

function replaceAll(staged: StagedWrite[], hooks: WritePlanHooks): void {
  const replaced: PlannedWrite[] = [];
  for (const [index, { write, temporary }] of staged.entries()) {
    try {
      hooks.beforeReplace?.(write);
      renameSync(temporary, write.target);
      replaced.push(write);
    } catch (error) {
      removeQuietly(staged.slice(index).map((entry) => entry.temporary));
      throw new HelpfulError({
        whatWentWrong: `Writing stopped at ${write.label} (${errorText(error)}). ${describeRollback(replaced)}`,
        howToFix: `Fix what stopped the write (permissions, a full disk, ${write.label} replaced by a directory), then run the codemod again.`,
        example: `ls -l ${write.target}`,
        context: { operation: "write files", resource: write.target },
        cause: error,
      });
    }
  }
}

/**
 * Writes a planned set of files as one step: checks that none changed since the run read it, writes
 * every new content to a temporary file beside its target (keeping mode and, where permitted, owner),
 * and only then renames them over the targets. A failure before the first rename leaves every file
 * untouched; a failure after it puts back the files already replaced. The error says which is the case.
 */
export function commitWrites(writes: PlannedWrite[], hooks: WritePlanHooks = {}): void {
  if (writes.length === 0) return;
  assertUnchanged(writes);
  const createdDirectories: string[] = [];
  replaceAll(stageAll(writes, createdDirectories), hooks);
}
