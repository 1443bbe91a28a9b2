import { execFileSync } from "node:child_process";
import { HelpfulError } from "@txo-toolkit/runtime";
import { messageOf } from "./error-message.js";

function git(root: string, args: string[]): string[] {
  const output = execFileSync("git", args, {
    cwd: root,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return output.split("\n").filter((line) => line.length > 0);
}

/** Files (relative to root) changed since `ref`, plus untracked ones: what a pull request touches. */
export function changedSince(root: string, ref: string): Set<string> {
  try {
    const changed = git(root, ["diff", "--name-only", "--relative", "--diff-filter=ACMR", ref, "--"]);
    const untracked = git(root, ["ls-files", "--others", "--exclude-standard"]);
    return new Set([...changed, ...untracked]);
  } catch (error) {
    // execFileSync's error carries the child's stderr (string or Buffer) when the command ran.
    const stderr = String((error as { stderr?: string | Buffer }).stderr ?? messageOf(error)).trim();
    throw new HelpfulError({
      whatWentWrong: `--changed-since ${ref}: git could not list the changed files (${stderr}).`,
      howToFix:
        "Run inside a git repository and pass a commit, branch or tag that exists (fetch it first in shallow CI clones).",
      example: "git fetch origin main && txo-audit . --changed-since origin/main",
      cause: error,
    });
  }
}
