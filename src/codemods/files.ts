import { execFileSync } from "node:child_process";
import { relative } from "node:path";
import { HelpfulError } from "@txo-toolkit/runtime";

function gitTopLevel(cwd: string): string | undefined {
  try {
    return execFileSync("git", ["rev-parse", "--show-toplevel"], {
      cwd,
      encoding: "utf8",
      stdio: ["ignore", "pipe", "ignore"],
    }).trim();
  } catch {
    return undefined;
  }
}

/**
 * Lists which of `files` have uncommitted changes (modified, staged or untracked) in their git
 * repository. Outside a git repository nothing can be recovered with git, so every file counts
 * as dirty and the caller needs --force.
 */
export function findUncommittedFiles(files: string[], cwd: string): { dirty: string[]; inRepository: boolean } {
  const top = gitTopLevel(cwd);
  if (!top || files.length === 0) return { dirty: top ? [] : files, inRepository: top !== undefined };
  const relativeFiles = files.map((file) => relative(top, file));
  const output = execFileSync("git", ["status", "--porcelain", "-z", "--untracked-files=all", "--", ...relativeFiles], {
    cwd: top,
    encoding: "utf8",
  });
  const dirtyRelative = new Set(
    output
      .split("\0")
      .filter(Boolean)
      .map((entry) => entry.slice(3)),
  );
  return { dirty: files.filter((file) => dirtyRelative.has(relative(top, file))), inRepository: true };
}

/** Throws a HelpfulError when files about to be written hold work that git could not give back. */
export function assertSafeToWrite(files: string[], cwd: string, force: boolean): void {
  if (force || files.length === 0) return;
  const { dirty, inRepository } = findUncommittedFiles(files, cwd);
  if (dirty.length === 0) return;
  const list = dirty.map((file) => `  ${relative(cwd, file)}`).join("\n");
  throw new HelpfulError({
    whatWentWrong: inRepository
      ? `Refusing to write: these files have uncommitted changes that the codemod would mix with its own:\n${list}`
      : `Refusing to write: ${cwd} is not inside a git repository, so the codemod's changes could not be reviewed or undone with git.`,
    howToFix:
      "Commit or stash your changes first (so the codemod's diff stands alone and can be reverted), or pass --force to write anyway.",
    example: 'git add -A && git commit -m "before txo-codemod" && npx txo-codemod all --write',
    context: { operation: "check git working tree", resource: cwd },
  });
}
