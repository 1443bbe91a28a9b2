import { existsSync } from "node:fs";
import { dirname, join, relative, sep } from "node:path";

/**
 * The audited folder relative to the enclosing git work tree ("" at its root, or when there is
 * none). Code scanning (GitHub) and Code Quality (GitLab) place findings by repository paths, so
 * SARIF and Code Climate prefix every file with it. A `.git` file (worktree, submodule) counts too.
 */
export function repositoryPathOf(root: string): string {
  for (let directory = root; ; directory = dirname(directory)) {
    if (existsSync(join(directory, ".git"))) return relative(directory, root).split(sep).join("/");
    if (dirname(directory) === directory) return "";
  }
}

/** A report path as seen from the repository root. */
export function repositoryRelative(repositoryPath: string | undefined, file: string): string {
  return repositoryPath ? `${repositoryPath}/${file}` : file;
}
