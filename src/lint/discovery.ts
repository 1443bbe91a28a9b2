import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join, posix, relative } from "node:path";
import fg from "fast-glob";
import ignore, { type Ignore } from "ignore";
import picomatch from "picomatch";
import { optional, HelpfulError } from "@txo-toolkit/runtime";
import type { TxoProjectConfig } from "../config/project-config.js";
import { DEFAULT_TEST_PATTERNS } from "../config/test-files.js";
import { PROJECT_INPUT_NAMES } from "./project-inputs.js";

const PROJECT_INPUT_GLOB = `**/{${[...PROJECT_INPUT_NAMES].join(",")}}`;

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
  /** package.json, tsconfig and txo.config.json files in the tree (relative, sorted): the cache key hashes them. */
  projectInputs: string[];
  /** Folders the walk could not list (permissions, I/O errors), relative to the root, with the reason. */
  unreadableDirectories: { directory: string; reason: string }[];
}

/**
 * fast-glob's file-system adapter with a `readdirSync` that records the folders it cannot list:
 * with `suppressErrors` fast-glob skips them silently, and a skipped folder must be reported.
 */
function recordingFileSystem(
  root: string,
  failures: DiscoveredFiles["unreadableDirectories"],
): { readdirSync: typeof readdirSync } {
  const recordingReaddir = (path: string, options?: unknown): unknown => {
    try {
      // fast-glob passes readdirSync's own options through; we forward them unchanged.
      return readdirSync(path, options as never);
    } catch (error) {
      // readdirSync throws only Node system errors, which carry code and message.
      const cause = error as NodeJS.ErrnoException;
      failures.push({
        directory: toPosixRelative(root, path) || ".",
        reason: `${cause.code ?? "ERROR"}: cannot list the folder (${cause.message})`,
      });
      throw error;
    }
  };
  // It forwards every argument to readdirSync and returns its result, so it has readdirSync's signature.
  return { readdirSync: recordingReaddir as typeof readdirSync };
}

class GitignoreFilter {
  private readonly rules: { directory: string; matcher: Ignore }[] = [];

  constructor(root: string) {
    // Symlinks are not followed (a link to a parent folder would loop); unreadable ones are skipped.
    const gitignores = fg.sync("**/.gitignore", {
      cwd: root,
      dot: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      ignore: ["**/node_modules/**", "**/.git/**"],
    });
    for (const file of gitignores) {
      const directory = posix.dirname(file);
      const text = readTextOrEmpty(join(root, file));
      this.rules.push({ directory: directory === "." ? "" : directory, matcher: ignore().add(text) });
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

/** A .gitignore that is a folder, a dangling link or unreadable ignores nothing. */
function readTextOrEmpty(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
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
  const isIncluded = picomatch(include, { dot: false });
  // Symlinks are listed too (not followed): a dangling one is reported as unreadable, not dropped.
  const unreadableDirectories: DiscoveredFiles["unreadableDirectories"] = [];
  const found = fg
    .sync([...include, PROJECT_INPUT_GLOB], {
      cwd: root,
      dot: false,
      onlyFiles: false,
      objectMode: true,
      followSymbolicLinks: false,
      suppressErrors: true,
      fs: recordingFileSystem(root, unreadableDirectories),
      // The empty default gives the array literal the element type of the config's exclude list.
      ignore: [...ALWAYS_EXCLUDED, ...optional(config, ["exclude"], [] as string[])],
    })
    .filter((entry) => entry.dirent.isFile() || entry.dirent.isSymbolicLink())
    .map((entry) => entry.path);
  const gitignore = new GitignoreFilter(root);
  const kept = found.filter((file) => !gitignore.ignores(file)).sort();
  // One walk finds both; a project input is audited only when `include` names it too.
  const projectInputs = kept.filter((file) => PROJECT_INPUT_NAMES.has(posix.basename(file)));
  const files = kept.filter((file) => !PROJECT_INPUT_NAMES.has(posix.basename(file)) || isIncluded(file));
  const isTest = picomatch(optional(config, ["testPatterns"], DEFAULT_TEST_PATTERNS), { dot: true });
  return { files, testFiles: new Set(files.filter((file) => isTest(file))), projectInputs, unreadableDirectories };
}

export function toPosixRelative(root: string, absolutePath: string): string {
  return relative(root, absolutePath).split("\\").join("/");
}
