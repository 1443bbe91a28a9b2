import { readFileSync, statSync } from "node:fs";
import { dirname, extname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { Linter, type Rule } from "eslint";
import { builtinRules } from "eslint/use-at-your-own-risk";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import txoRule from "../../src/rules/max-function-lines/rule.js";
import { nth } from "../nth.js";

/**
 * Parity with ESLint core: `txo/max-function-lines` and core `max-lines-per-function` run side by
 * side, with the same options, over real files of installed packages (code nobody here wrote).
 * Every function core reports must be reported by txo with the same line count, and no other.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const MAX_FILE_BYTES = 300_000;
const TARGET_FILES = 1_600;

/** Low limits so that many functions are over them; every combination of the counting options. */
const OPTION_SETS = [
  { max: 5 },
  { max: 5, skipBlankLines: true },
  { max: 5, skipComments: true },
  { max: 4, skipBlankLines: true, skipComments: true },
  { max: 8, skipComments: true, IIFEs: true },
  { max: 3, IIFEs: true },
] as const;

/** Installed JavaScript and TypeScript sources, declaration files left out, every n-th file kept so the sample spans all packages. */
function realFiles(): string[] {
  const all = fg
    .sync(["node_modules/**/*.{js,mjs,cjs,ts,mts,cts,tsx}"], {
      cwd: repoRoot,
      absolute: true,
      ignore: ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts"],
    })
    .filter((file) => statSync(file).size <= MAX_FILE_BYTES)
    .sort();
  const picked = Math.min(TARGET_FILES, all.length);
  return Array.from({ length: picked }, (_, index) => nth(all, Math.floor((index * all.length) / picked)));
}

/**
 * Both rules report on a function's head, but core puts an arrow's head on its `=>` while txo
 * starts it at the arrow. To compare finding for finding, the report is moved to the node each
 * rule measured (the function, or the method it is the value of): one key per function.
 */
function reportAtMeasuredNode(rule: Rule.RuleModule): Rule.RuleModule {
  return {
    meta: rule.meta,
    create(context) {
      const report = (descriptor: Rule.ReportDescriptor): void => {
        // A report descriptor has a node or a loc; the node, when present, has a loc.
        const node = (descriptor as { node?: { loc?: Rule.ReportDescriptorLocation } }).node;
        // The same descriptor with an explicit loc: ESLint's union type cannot name the spread of one branch.
        context.report({ ...descriptor, loc: node?.loc } as unknown as Rule.ReportDescriptor);
      };
      // Object.create keeps the context's prototype chain, so the result is a context with report replaced.
      return rule.create(Object.create(context, { report: { value: report } }) as Rule.RuleContext);
    },
  };
}

function loadCoreRule(): Rule.RuleModule {
  // eslint-disable-next-line @typescript-eslint/no-deprecated -- ESLint exposes its core rules only here, and parity with that rule is what this test checks
  const rule = builtinRules.get("max-lines-per-function");
  if (!rule) throw new Error("ESLint no longer ships max-lines-per-function");
  return rule;
}
const coreRule = loadCoreRule();

function parityConfig(file: string): Linter.Config {
  const coreRules: Record<string, Rule.RuleModule> = Object.fromEntries(
    OPTION_SETS.map((_, index) => [`m${index}`, reportAtMeasuredNode(coreRule)]),
  );
  const plugins: Record<string, { rules: Record<string, Rule.RuleModule> }> = {
    core: { rules: coreRules },
    txo: {
      rules: Object.fromEntries(
        // A typescript-eslint RuleModule is an ESLint rule; only its context's type is narrower.
        OPTION_SETS.map((_, index) => [`m${index}`, reportAtMeasuredNode(txoRule as unknown as Rule.RuleModule)]),
      ),
    },
  };
  const rules: Linter.RulesRecord = {};
  OPTION_SETS.forEach((options, index) => {
    rules[`core/m${index}`] = ["error", options];
    rules[`txo/m${index}`] = ["error", options];
  });
  // With `max: 0` every function is a finding: the census of functions compared.
  coreRules.census = coreRule;
  rules["core/census"] = ["error", { max: 0, IIFEs: true }];
  const sourceType = extname(file) === ".cjs" || extname(file) === ".cts" ? "commonjs" : "module";
  return {
    files: ["**/*"],
    plugins,
    languageOptions: { parser: tsParser, sourceType, parserOptions: { ecmaFeatures: { jsx: true } } },
    rules,
  };
}

const CORE_COUNT = /has too many lines \((\d+)\)/;
const TXO_COUNT = /has (\d+) lines; the limit is (\d+)/;

interface Tally {
  files: number;
  parseErrors: number;
  functions: number;
  findings: number;
  mismatches: string[];
}

function keyOf(file: string, message: Linter.LintMessage, count: RegExp): string {
  return `${file}:${message.line}:${message.column} ${count.exec(message.message)?.[1] ?? "?"}`;
}

/** ESLint never lints inside node_modules, so each file is linted under a name outside it. */
function lintedName(file: string): string {
  return file.replaceAll("/node_modules/", "/installed/");
}

function compareFile(linter: Linter, file: string, tally: Tally): void {
  const text = readFileSync(file, "utf8");
  const name = lintedName(file);
  const messages = linter.verify(text, parityConfig(file), name);
  if (messages.some((message) => message.fatal)) {
    tally.parseErrors++;
    return;
  }
  tally.files++;
  OPTION_SETS.forEach((_, index) => {
    const core = messages.filter((m) => m.ruleId === `core/m${index}`).map((m) => keyOf(file, m, CORE_COUNT));
    // Core does not measure class static blocks; they are compared by the RuleTester suite instead.
    const ours = messages
      .filter((m) => m.ruleId === `txo/m${index}` && !m.message.startsWith("Static block"))
      .map((m) => keyOf(file, m, TXO_COUNT));
    tally.findings += core.length;
    const oursSet = new Set(ours);
    const coreSet = new Set(core);
    for (const key of core) if (!oursSet.has(key)) tally.mismatches.push(`only core (options ${index}): ${key}`);
    for (const key of ours) if (!coreSet.has(key)) tally.mismatches.push(`only txo (options ${index}): ${key}`);
  });
  tally.functions += messages.filter((m) => m.ruleId === "core/census").length;
}

describe("txo/max-function-lines agrees with core max-lines-per-function", () => {
  it("on every function of 1,500+ real files, for every option combination", { timeout: 300_000 }, () => {
    const files = realFiles();
    expect(files.length).toBeGreaterThanOrEqual(1_500);
    const linter = new Linter({ configType: "flat", cwd: repoRoot });
    const tally: Tally = { files: 0, parseErrors: 0, functions: 0, findings: 0, mismatches: [] };
    for (const file of files) compareFile(linter, file, tally);
    console.log(
      `max-function-lines parity: ${tally.files} files (${tally.parseErrors} skipped as unparsable), ` +
        `${tally.functions} functions, ${tally.findings} core findings over ${OPTION_SETS.length} option sets, ${tally.mismatches.length} mismatches`,
    );
    expect(tally.mismatches.slice(0, 20)).toEqual([]);
    expect(tally.files).toBeGreaterThanOrEqual(1_500);
    expect(tally.findings).toBeGreaterThan(10_000);
  });
});
