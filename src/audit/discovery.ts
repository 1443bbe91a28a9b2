import { existsSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative } from "node:path";
import fg from "fast-glob";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { optional } from "../runtime/config.js";
import { HelpfulError } from "../runtime/errors.js";
import type { TxoProjectConfig } from "../config/project-config.js";
import { DEFAULT_TEST_PATTERNS } from "../config/test-files.js";

export const DEFAULT_INCLUDE = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

/** Dependencies, build output, caches and declaration files are never audited. */
export const ALWAYS_EXCLUDED = [
  "**/node_modules/**",
  "**/.git/**",
  "**/dist/**",
  "**/build/**",
  "**/out/**",
  "**/coverage/**",
  "**/.next/**",
  "**/.nuxt/**",
  "**/.output/**",
  "**/.svelte-kit/**",
  "**/.turbo/**",
  "**/.cache/**",
  "**/.txo-cache/**",
  "**/*.d.ts",
  "**/*.d.mts",
  "**/*.d.cts",
  "**/*.min.js",
];

export { DEFAULT_TEST_PATTERNS };

export interface DiscoveredFiles {
  /** Paths relative to the root, with forward slashes, sorted. */
  files: string[];
  testFiles: Set<string>;
}

class GitignoreFilter {
  private readonly rules: Array<{ directory: string; matcher: Ignore }> = [];

  constructor(root: string) {
    const gitignores = fg.sync("**/.gitignore", { cwd: root, dot: true, ignore: ["**/node_modules/**", "**/.git/**"] });
    for (const file of gitignores) {
      const directory = posix.dirname(file);
      this.rules.push({ directory: directory === "." ? "" : directory, matcher: ignore().add(readFileSync(join(root, file), "utf8")) });
    }
  }

  /** True when the .gitignore of the file's directory, or of any directory above it, ignores it. */
  ignores(file: string): boolean {
    return this.rules.some(({ directory, matcher }) => {
      if (directory !== "" && !file.startsWith(`${directory}/`)) return false;
      return matcher.ignores(directory === "" ? file : file.slice(directory.length + 1));
    });
  }
}

export function assertDirectory(path: string): void {
  if (existsSync(path) && statSync(path).isDirectory()) return;
  throw new HelpfulError({
    whatWentWrong: existsSync(path) ? `${path} is a file, not a directory.` : `The path ${path} does not exist.`,
    howToFix: "Pass the directory of the project to audit (or nothing, for the current directory).",
    example: "txo-audit ./packages/api",
  });
}

/**
 * Finds the files to audit under `root`: `include` globs (default: every JS/TS extension) minus
 * `exclude`, the always-excluded folders and everything a `.gitignore` (nested ones too) ignores.
 */
export function discoverFiles(root: string, config: TxoProjectConfig): DiscoveredFiles {
  const include = optional(config, ["include"], DEFAULT_INCLUDE);
  // Symlinks are listed too (not followed): a dangling one is reported as unreadable, not dropped.
  const found = fg
    .sync(include, {
      cwd: root,
      dot: false,
      onlyFiles: false,
      objectMode: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: [...ALWAYS_EXCLUDED, ...optional(config, ["exclude"], [] as string[])],
    })
    .filter((entry) => entry.dirent.isFile() || entry.dirent.isSymbolicLink())
    .map((entry) => entry.path);
  const gitignore = new GitignoreFilter(root);
  const files = found.filter((file) => !gitignore.ignores(file)).sort();
  const isTest = picomatch(optional(config, ["testPatterns"], DEFAULT_TEST_PATTERNS), { dot: true });
  return { files, testFiles: new Set(files.filter((file) => isTest(file))) };
}

export function toPosixRelative(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split("\\").join("/");
}

