import { relative, resolve, sep } from "node:path";
import picomatch from "picomatch";
import { optional } from "@txo-toolkit/runtime";
import type { ProjectConfigStore, TxoProjectConfig } from "./project-config.js";

/** What counts as a test file when the project does not say (`testPatterns` in txo.config.json). */
export const DEFAULT_TEST_PATTERNS = [
  "**/*.test.*",
  "**/*.spec.*",
  "**/test/**",
  "**/tests/**",
  "**/__tests__/**",
  "**/__mocks__/**",
];

/** One compiled matcher per loaded project configuration (a ProjectConfigStore keeps those objects). */
const matchersByConfig = new WeakMap<object, (path: string) => boolean>();

function matcherFor(config: TxoProjectConfig): (path: string) => boolean {
  let matcher = matchersByConfig.get(config);
  if (!matcher) {
    matcher = picomatch(optional(config, ["testPatterns"], DEFAULT_TEST_PATTERNS), { dot: true });
    matchersByConfig.set(config, matcher);
  }
  return matcher;
}

/**
 * Whether `filename` is a test file of its project: its path from the project root (the folder of
 * txo.config.json or package.json) matches `testPatterns`, the same patterns the audit's test section uses.
 */
export function isTestFile(filename: string, projectConfigs: ProjectConfigStore): boolean {
  const absolute = resolve(filename);
  const loaded = projectConfigs.load(absolute);
  return matcherFor(loaded.config)(relative(loaded.root, absolute).split(sep).join("/"));
}
