import { readFileSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { ts } from "ts-morph";
import type { ProjectConfigStore } from "../config/project-config.js";
import { discoverFiles } from "../lint/discovery.js";

/**
 * `vi.spyOn(process, "exit")`, `jest.spyOn(...)`, `sinon.stub(process, "exit")`, node:test's
 * `mock.method(process, "exit")`,
 * `Object.defineProperty(process, "exit", ...)`, `process.exit = ...`, jest-mock-process's `mockProcessExit`:
 * a test that replaces process.exit observes the exit as the behaviour it checks.
 */
const EXIT_SPIES = [
  /\b(?:spyOn|spy|stub|replace|mock|method|defineProperty)\s*\(\s*process\s*,\s*(['"`])exit\1/,
  /\bprocess\s*\.\s*exit\s*=(?!=)/,
  /\bmockProcessExit\b/,
];

/** The test files of one package that replace process.exit, with the module paths each imports. */
type ExitSpyingTests = { file: string; imports: Set<string> }[];

const testsByStore = new WeakMap<ProjectConfigStore, Map<string, ExitSpyingTests>>();

/** A module path without its extension (`./a.js` in a test names `a.ts`) nor a trailing `/index`. */
function moduleKey(path: string): string {
  return path.replace(/\.(?:[cm]?[jt]sx?)$/, "").replace(/[\\/]index$/, "");
}

function relativeImports(file: string, text: string): Set<string> {
  const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((reference) => reference.fileName);
  return new Set(
    specifiers
      .filter((specifier) => specifier.startsWith("./") || specifier.startsWith("../"))
      .map((specifier) => moduleKey(resolve(dirname(file), specifier))),
  );
}

function findExitSpyingTests(root: string, projectConfigs: ProjectConfigStore): ExitSpyingTests {
  const { testFiles } = discoverFiles(root, projectConfigs.load(root).config);
  const found: ExitSpyingTests = [];
  for (const test of testFiles) {
    const file = join(root, test);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch {
      continue; // A dangling link or an unreadable file holds no test to run.
    }
    if (EXIT_SPIES.some((pattern) => pattern.test(text))) found.push({ file, imports: relativeImports(file, text) });
  }
  return found;
}

/**
 * A test file of the module's package (the folder of its nearest package.json or txo.config.json)
 * that replaces process.exit and imports the module, as a path relative to that package; undefined
 * when there is none. Such a test asserts the exit itself (`expect(process.exit).toHaveBeenCalledWith(1)`):
 * turning the exit into a throw breaks it, so the change belongs with a change to the test.
 */
export function findTestAssertingExit(modulePath: string, projectConfigs: ProjectConfigStore): string | undefined {
  const { root } = projectConfigs.load(modulePath);
  let byRoot = testsByStore.get(projectConfigs);
  if (!byRoot) {
    byRoot = new Map();
    testsByStore.set(projectConfigs, byRoot);
  }
  let tests = byRoot.get(root);
  if (!tests) {
    tests = findExitSpyingTests(root, projectConfigs);
    byRoot.set(root, tests);
  }
  const key = moduleKey(resolve(modulePath));
  const test = tests.find((candidate) => candidate.imports.has(key));
  return test ? relative(root, test.file).split(sep).join("/") : undefined;
}
