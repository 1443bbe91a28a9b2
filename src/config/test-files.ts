import { relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { optional } from "../runtime/config.js";
import { loadProjectConfig } from "./project-config.js";

/** What counts as a test file when the project does not say (`testPatterns` in txo.config.json). */
export const DEFAULT_TEST_PATTERNS = ["**/*.test.*", "**/*.spec.*", "**/test/**", "**/tests/**", "**/__tests__/**", "**/__mocks__/**"];

/**
 * Whether `filename` is a test file of its project: its path from the project root (the folder of
 * txo.config.json or package.json) matches `testPatterns`, the same patterns the audit's test section uses.
 */
export function isTestFile(filename: string): boolean {
  const absolute = resolve(filename);
  const loaded = loadProjectConfig(absolute);
  const patterns = optional(loaded.config, ["testPatterns"], DEFAULT_TEST_PATTERNS);
  const path = relative(loaded.root, absolute).split(sep).join("/");
  return picomatch.isMatch(path, [...patterns], { dot: true });
}
