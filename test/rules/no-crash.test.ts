import { readFileSync, statSync } from "node:fs";
import { dirname, extname, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Linter } from "eslint";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import plugin from "../../src/rules/index.js";
import { nth } from "../nth.js";
import { eslintConfig } from "../eslint-config.js";

/**
 * Every txo rule over thousands of installed source files (code nobody here wrote): a rule may
 * report anything, but it must never throw. Files the parser itself rejects (Flow, odd syntax)
 * are counted apart; they say nothing about the rules.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const MAX_FILE_BYTES = 300_000;
const TARGET_FILES = 2_300;

function realFiles(): string[] {
  const all = fg
    .sync(["node_modules/**/*.{js,mjs,cjs,ts,mts,cts,tsx,jsx}"], {
      cwd: repoRoot,
      absolute: true,
      ignore: ["**/*.d.ts", "**/*.d.mts", "**/*.d.cts"],
    })
    .filter((file) => statSync(file).size <= MAX_FILE_BYTES)
    .sort();
  const picked = Math.min(TARGET_FILES, all.length);
  return Array.from({ length: picked }, (_, index) => nth(all, Math.floor((index * all.length) / picked)));
}

const recommended = eslintConfig(plugin.configs.recommended);

/** The recommended config, every file kind allowed, and the line rule with its optional counting switched on. */
function sweepConfig(file: string): Linter.Config[] {
  const sourceType = extname(file) === ".cjs" || extname(file) === ".cts" ? "commonjs" : "module";
  return [
    // ESLint skips node_modules by default; these files are the point of the sweep.
    { ignores: ["!**/node_modules/"] },
    {
      // The packages' own eslint-disable comments name plugins that are not loaded here.
      linterOptions: { noInlineConfig: true, reportUnusedDisableDirectives: "off", reportUnusedInlineConfigs: "off" },
    },
    {
      ...recommended,
      languageOptions: { ...recommended.languageOptions, sourceType, parserOptions: { ecmaFeatures: { jsx: true } } },
      rules: {
        ...recommended.rules,
        "txo/max-function-lines": ["error", { max: 10, skipComments: true, skipBlankLines: true, IIFEs: true }],
      },
    },
  ];
}

interface Sweep {
  linted: number;
  unparsable: number;
  findings: Record<string, number>;
  crashes: string[];
}

/** With inline configuration off, ESLint notes each eslint-disable comment it did not apply. */
function isIgnoredInlineConfig(message: Linter.LintMessage): boolean {
  return message.ruleId === null && message.message.includes("'noInlineConfig'");
}

function lintOne(linter: Linter, file: string, sweep: Sweep): void {
  const text = readFileSync(file, "utf8");
  try {
    const messages = linter.verify(text, sweepConfig(file), file);
    if (messages.some((message) => message.fatal)) {
      sweep.unparsable++;
      return;
    }
    const strays = messages.filter((message) => !message.ruleId?.startsWith("txo/") && !isIgnoredInlineConfig(message));
    if (strays.length > 0) {
      sweep.crashes.push(`${relative(repoRoot, file)}: not a txo finding: ${strays[0]?.message}`);
      return;
    }
    sweep.linted++;
    for (const message of messages.filter((found) => found.ruleId !== null))
      sweep.findings[message.ruleId ?? "?"] = (sweep.findings[message.ruleId ?? "?"] ?? 0) + 1;
  } catch (error) {
    sweep.crashes.push(
      `${relative(repoRoot, file)}: ${(error instanceof Error ? error.message : String(error)).split("\n").slice(0, 3).join(" | ")}`,
    );
  }
}

describe("no txo rule crashes on real code", () => {
  it("lints 2,000+ installed source files with every rule without one exception", { timeout: 600_000 }, () => {
    const files = realFiles();
    const linter = new Linter({ configType: "flat", cwd: repoRoot });
    const sweep: Sweep = { linted: 0, unparsable: 0, findings: {}, crashes: [] };
    for (const file of files) lintOne(linter, file, sweep);
    console.log(
      `no-crash sweep: ${sweep.linted} files linted, ${sweep.unparsable} skipped as unparsable, ${sweep.crashes.length} crashes; findings ${JSON.stringify(sweep.findings)}`,
    );
    if (sweep.crashes.length > 0) console.log(sweep.crashes.slice(0, 15).join("\n"));
    expect(sweep.crashes).toEqual([]);
    expect(files.length).toBeGreaterThanOrEqual(2_000);
    expect(sweep.linted).toBeGreaterThanOrEqual(2_000);
    // The sweep really ran the rules: long functions are everywhere in installed code.
    expect(sweep.findings["txo/max-function-lines"]).toBeGreaterThan(1_000);
  });
});
