import { spawnSync } from "node:child_process";
import { realpathSync, statSync } from "node:fs";
import { relative, sep } from "node:path";
import type { SkippedFile } from "./types.js";

/** A file the run may rewrite: the path it was found under, and the file the bytes really live in. */
export interface ScopedFile {
  path: string;
  /** The real path (a symbolic link's target), which is what gets written. */
  target: string;
}

export interface FileScope {
  files: ScopedFile[];
  skipped: SkippedFile[];
}

export interface ScopeOptions {
  /** The project root: nothing outside it is written through a link, and nothing else without force. */
  cwd: string;
  force: boolean;
}

export function isInside(path: string, directory: string): boolean {
  const fromDirectory = relative(directory, path);
  return (
    fromDirectory === "" ||
    (!fromDirectory.startsWith(`..${sep}`) && fromDirectory !== ".." && !/^([a-zA-Z]:|[\\/])/.test(fromDirectory))
  );
}

function label(cwd: string, path: string): string {
  return relative(cwd, path).split(sep).join("/");
}

/** Why a path may not be rewritten, judged from where it is and where it really leads. */
function placementProblem(path: string, target: string, root: string, options: ScopeOptions): string | undefined {
  if (!statSync(target).isFile()) return "it is not a regular file";
  if (isInside(path, options.cwd) && !isInside(target, root))
    return `it is a symbolic link (or under one) that leads to ${target}, outside the project root; txo-codemod never writes through such a link`;
  if (!isInside(target, root) && !options.force)
    return `it is outside the project root ${options.cwd}; pass --force to rewrite it anyway`;
  return undefined;
}

/** Which of `targets` git ignores (tracked files never count); empty outside a git repository. */
function gitIgnored(targets: string[], cwd: string): Set<string> {
  if (targets.length === 0) return new Set();
  const answer = spawnSync("git", ["check-ignore", "-z", "--stdin"], {
    cwd,
    input: targets.join("\0"),
    encoding: "utf8",
  });
  // 0: some are ignored; 1: none is; anything else (not a repository, a path git will not judge): no opinion.
  if (answer.status !== 0) return new Set();
  return new Set(answer.stdout.split("\0").filter(Boolean));
}

/**
 * Decides which discovered files the run may rewrite. Never a file reached through a symbolic link
 * that leads out of the project; a file outside the project, or one git ignores, only with --force;
 * a file reached twice (through a link inside the project) once. Each file left out says why.
 */
export function scopeSourceFiles(paths: string[], options: ScopeOptions): FileScope {
  const root = realpathSync(options.cwd);
  const scope: FileScope = { files: [], skipped: [] };
  const seen = new Map<string, string>();
  for (const path of paths) {
    const target = realpathSync(path);
    const problem =
      placementProblem(path, target, root, options) ??
      (seen.has(target)
        ? `it is the same file as ${seen.get(target)} (through a symbolic link), which is rewritten under that name`
        : undefined);
    if (problem) scope.skipped.push({ file: label(options.cwd, path), reason: problem });
    else {
      seen.set(target, label(options.cwd, path));
      scope.files.push({ path, target });
    }
  }
  if (options.force) return scope;
  const ignored = gitIgnored(
    scope.files.map((file) => file.target),
    root,
  );
  for (const file of scope.files.filter((entry) => ignored.has(entry.target)))
    scope.skipped.push({
      file: label(options.cwd, file.path),
      reason: "git ignores it, so git could not show or undo the change; pass --force to rewrite it anyway",
    });
  return { files: scope.files.filter((entry) => !ignored.has(entry.target)), skipped: scope.skipped };
}
