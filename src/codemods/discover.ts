import { existsSync, statSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import type { TxoProjectConfig } from "../config/project-config.js";
import { discoverFiles } from "../lint/discovery.js";
import { HelpfulError } from "@txo-toolkit/runtime";

export interface DiscoveryOptions {
  cwd: string;
  paths: string[];
  config: TxoProjectConfig;
  /** Test files are skipped unless asked for: a long describe() is not what the programme is about. */
  includeTests: boolean;
}

function assertPathExists(path: string): void {
  if (existsSync(path)) return;
  throw new HelpfulError({
    whatWentWrong: `The path ${path} does not exist.`,
    howToFix:
      "Pass files or directories that exist, relative to the current directory (or the project root given with --cwd).",
    example: "npx txo-codemod exit-to-throw src/ --write",
    context: { operation: "find source files", resource: path },
  });
}

function isUnder(file: string, directory: string): boolean {
  const path = relative(directory, file);
  return path === "" || (!path.startsWith("..") && !path.startsWith(sep) && !/^[a-zA-Z]:/.test(path));
}

/**
 * The source files under `paths`, found exactly as txo-audit finds them (include/exclude, nested
 * .gitignore files, build output and declarations skipped). A file named explicitly is always taken.
 */
export function discoverSourceFiles(options: DiscoveryOptions): string[] {
  const requested = options.paths.map((path) => resolve(options.cwd, path));
  requested.forEach(assertPathExists);
  const { files, testFiles } = discoverFiles(options.cwd, options.config);
  const directories = requested.filter((path) => statSync(path).isDirectory());
  // Dangling symlinks, which the audit reports as unreadable, are nothing a codemod can rewrite.
  const found = files
    .filter((file) => options.includeTests || !testFiles.has(file))
    .map((file) => join(options.cwd, file))
    .filter((file) => existsSync(file));
  const selected = found.filter((file) => directories.some((directory) => isUnder(file, directory)));
  const explicit = requested.filter((path) => !statSync(path).isDirectory());
  return [...new Set([...selected, ...explicit])].sort();
}
