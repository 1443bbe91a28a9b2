import { relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import type { ProjectConfigStore } from "../../config/project-config.js";

/**
 * Benchmarks and fuzz tests: like tests, they are harnesses around the library, not the library; a
 * counter that makes each generated fixture unique (`let id = 0; const make = () => ({ id: id++ })`)
 * or an engine a fuzz suite loads in `beforeAll` is not state any caller shares.
 */
export const DEFAULT_HARNESS_PATTERNS = [
  "**/*.bench.*",
  "**/*.benchmark.*",
  "**/bench/**",
  "**/benchmark/**",
  "**/benchmarks/**",
  "**/*.fuzz.*",
  "**/fuzz/**",
];

/**
 * One compiled matcher per pattern list, keyed by the list itself: ESLint hands every file of a
 * configuration the same options, so the list (the default one, most of the time) is compiled once.
 */
const matchers = new WeakMap<readonly string[], (path: string) => boolean>();

function matcherFor(patterns: readonly string[]): (path: string) => boolean {
  let matcher = matchers.get(patterns);
  if (!matcher) {
    matcher = picomatch([...patterns], { dot: true });
    matchers.set(patterns, matcher);
  }
  return matcher;
}

/** Whether `filename`'s path from its project root (the folder of txo.config.json or package.json) matches `patterns`. */
export function matchesProjectPath(
  filename: string,
  patterns: readonly string[],
  projectConfigs: ProjectConfigStore,
): boolean {
  if (patterns.length === 0) return false;
  const absolute = resolve(filename);
  const { root } = projectConfigs.load(absolute);
  return matcherFor(patterns)(relative(root, absolute).split(sep).join("/"));
}
