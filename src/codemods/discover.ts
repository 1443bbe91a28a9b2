import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import fg from "fast-glob";
import ignore, { type Ignore } from "ignore";
import { HelpfulError } from "../runtime/errors.js";

/** Source files a codemod may touch; declaration files and build output never are. */
export const SOURCE_GLOB = "**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}";
export const ALWAYS_EXCLUDED = ["**/node_modules/**", "**/dist/**", "**/build/**", "**/out/**", "**/coverage/**", "**/.git/**", "**/*.d.ts", "**/*.d.mts", "**/*.d.cts"];

export interface DiscoveryOptions {
  cwd: string;
  paths: string[];
  include: string[] | undefined;
  exclude: string[] | undefined;
  /** Globs of test files, skipped unless includeTests: a long describe() is not what the programme is about. */
  testPatterns: string[] | undefined;
  includeTests: boolean;
}

export const DEFAULT_TEST_PATTERNS = ["**/*.{test,spec}.{ts,tsx,mts,cts,js,jsx,mjs,cjs}", "**/test/**", "**/tests/**", "**/__tests__/**", "**/__mocks__/**"];

function loadGitignores(cwd: string): Ignore {
  const matcher = ignore();
  const files = fg.sync("**/.gitignore", { cwd, ignore: ["**/node_modules/**"], dot: true });
  for (const file of files) {
    const base = dirname(file);
    const lines = readFileSync(join(cwd, file), "utf8").split(/\r?\n/).filter((line) => line.trim() && !line.startsWith("#"));
    matcher.add(lines.map((line) => prefixGitignoreLine(line, base)));
  }
  return matcher;
}

function prefixGitignoreLine(line: string, base: string): string {
  if (base === ".") return line;
  const negated = line.startsWith("!");
  const pattern = negated ? line.slice(1) : line;
  const anchored = pattern.startsWith("/") ? pattern.slice(1) : pattern.includes("/") && !pattern.endsWith("/") ? pattern : `**/${pattern}`;
  return `${negated ? "!" : ""}${base}/${anchored}`;
}

function assertPathExists(path: string): void {
  if (existsSync(path)) return;
  throw new HelpfulError({
    whatWentWrong: `The path ${path} does not exist.`,
    howToFix: "Pass files or directories that exist, relative to the current directory (or the project root given with --cwd).",
    example: "npx txo-codemod exit-to-throw src/ --write",
    context: { operation: "find source files", resource: path },
  });
}

/** Finds the source files under `paths`, honouring .gitignore files and include/exclude globs. */
export function discoverSourceFiles(options: DiscoveryOptions): string[] {
  const gitignore = loadGitignores(options.cwd);
  const files = new Set<string>();
  for (const path of options.paths) {
    const absolute = resolve(options.cwd, path);
    assertPathExists(absolute);
    if (statSync(absolute).isFile()) {
      files.add(absolute);
      continue;
    }
    const patterns = options.include && options.include.length > 0 ? options.include : [SOURCE_GLOB];
    const testIgnores = options.includeTests ? [] : (options.testPatterns ?? DEFAULT_TEST_PATTERNS);
    const found = fg.sync(patterns, { cwd: absolute, absolute: true, ignore: [...ALWAYS_EXCLUDED, ...(options.exclude ?? []), ...testIgnores], dot: false });
    for (const file of found) files.add(file);
  }
  return [...files].filter((file) => isSourceFile(file) && !isIgnored(gitignore, options.cwd, file)).sort();
}

function isSourceFile(file: string): boolean {
  return /\.(ts|tsx|mts|cts|js|jsx|mjs|cjs)$/.test(file) && !/\.d\.[mc]?ts$/.test(file);
}

function isIgnored(gitignore: Ignore, cwd: string, file: string): boolean {
  const path = relative(cwd, file);
  if (path.startsWith("..")) return false;
  return gitignore.ignores(path);
}
