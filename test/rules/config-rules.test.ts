import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { RuleRunner } from "../../src/codemods/findings.js";
import { TRANSFORM_NAMES, resolveTransforms } from "../../src/codemods/registry.js";
import { FileLinter } from "../../src/lint/engine.js";
import { AUDIT_RULES, configRules, PRINCIPLES, type RuleEntry, rules } from "../../src/rules/catalog.js";
import plugin from "../../src/rules/index.js";

const RULE_IDS = PRINCIPLES.map((principle) => `txo/${principle.ruleName}`);

/** A describe() callback over 50 lines (recommended skips test groups, the audit counts them) and a process exit. */
const SOURCE = `import { describe, it } from "vitest";

export function stop(): void {
  process.exit(1);
}

describe("a long group", () => {
${Array.from({ length: 55 }, (_, index) => `  it("case ${index}", () => undefined);`).join("\n")}
});
`;

const project = mkdtempSync(join(tmpdir(), "txo-config-rules-"));
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "config-rules", type: "module" }));
const file = join(project, "group.test.ts");
writeFileSync(file, SOURCE);
afterAll(() => rmSync(project, { recursive: true, force: true }));

/** Plain ESLint with the plugin's rules under a given `rules` block: what each setup means. */
function eslintFindings(ruleEntries: Linter.RulesRecord): string[] {
  const config: Linter.Config = {
    files: ["**/*.ts"],
    // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
    plugins: { txo: { rules } as never },
    languageOptions: { parser: tsParser, sourceType: "module" },
    rules: ruleEntries,
  };
  return new Linter({ configType: "flat", cwd: project })
    .verify(SOURCE, config, { filename: file })
    .map((message) => `${message.ruleId ?? ""}:${message.line}`);
}

describe("configRules: one builder for the plugin's configs, the audit's engine and the codemods", () => {
  it("the plugin's configs are configRules' recommended and strict setups", () => {
    expect(plugin.configs.recommended.rules).toEqual(configRules(PRINCIPLES, "recommended"));
    expect(plugin.configs.strict.rules).toEqual(configRules(PRINCIPLES, "strict"));
  });

  it("every setup runs every principle's rule in principle order; audit and recommended share levels", () => {
    for (const setup of ["recommended", "strict", "audit"] as const)
      expect(Object.keys(configRules(PRINCIPLES, setup)), setup).toEqual(RULE_IDS);
    const levelOf = (entry: RuleEntry) => (typeof entry === "string" ? entry : entry[0]);
    expect(Object.values(AUDIT_RULES).map(levelOf)).toEqual(PRINCIPLES.map((principle) => principle.level));
    expect(new Set(Object.values(configRules(PRINCIPLES, "strict")).map(levelOf))).toEqual(new Set(["error"]));
    // Only the plugin's configs set options (from each descriptor's configOptions); the audit runs the rules' defaults.
    expect(Object.values(AUDIT_RULES).filter(Array.isArray)).toEqual([]);
  });

  it("the audit's engine reports what plain ESLint reports with the audit setup, on the fast path and the fallback", () => {
    const expected = eslintFindings({ ...AUDIT_RULES });
    // The setups differ where a descriptor says so: recommended skips the long describe() callback.
    expect(expected).toEqual(["txo/no-process-exit-in-library:4", "txo/max-function-lines:7"]);
    expect(eslintFindings(configRules(PRINCIPLES, "recommended"))).toEqual(["txo/no-process-exit-in-library:4"]);
    for (const fastParser of [true, false]) {
      const result = new FileLinter(project, { fastParser }).lint(SOURCE, file);
      expect(result.findings.map((finding) => `${finding.ruleId}:${finding.line}`)).toEqual(expected);
    }
  });

  it("the codemods' RuleRunner gives each transform the audit setup's findings of its rule", () => {
    const expected = eslintFindings({ ...AUDIT_RULES });
    for (const transform of resolveTransforms("all")) {
      const { findings } = new RuleRunner(project, [transform.rule]).lint(SOURCE, file);
      expect(
        findings.map((finding) => `${finding.ruleId}:${finding.line}`),
        transform.name,
      ).toEqual(expected.filter((finding) => finding.startsWith(`txo/${transform.rule}:`)));
    }
    expect(resolveTransforms("all")).toHaveLength(TRANSFORM_NAMES.length);
  });
});

describe("meta.defaultOptions: the user's options deep-merge over the defaults, as before the move", () => {
  function findingsWith(ruleName: string, options: Record<string, unknown>, path: string, code: string): string[] {
    const target = join(project, path);
    const config: Linter.Config = {
      files: ["**/*.ts"],
      // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
      plugins: { txo: { rules } as never },
      languageOptions: { parser: tsParser, sourceType: "module" },
      rules: { [`txo/${ruleName}`]: ["error", options] },
    };
    return new Linter({ configType: "flat", cwd: project })
      .verify(code, config, { filename: target })
      .map((message) => `${message.messageId ?? ""}:${message.line}`);
  }

  it("a partial object keeps the defaults it does not name", () => {
    const code = 'process.on("SIGINT", () => process.exit(0));\nprocess.exitCode = 1;\n';
    // checkExitCode is turned off; allowSignalHandlers keeps its default (true), so nothing is reported.
    expect(findingsWith("no-process-exit-in-library", { checkExitCode: false }, "lib.ts", code)).toEqual([]);
    expect(findingsWith("no-process-exit-in-library", {}, "lib.ts", code)).toEqual(["exitCode:2"]);
  });

  it("an array replaces the default array rather than extending it", () => {
    const code = "let count = 0;\nexport function next(): number {\n  return ++count;\n}\n";
    expect(findingsWith("no-global-mutable-state", {}, "bench/counter.ts", code)).toEqual([]);
    const replaced = { harnessPatterns: ["**/tools/**"] };
    expect(findingsWith("no-global-mutable-state", replaced, "tools/counter.ts", code)).toEqual([]);
    expect(findingsWith("no-global-mutable-state", replaced, "bench/counter.ts", code)).toHaveLength(1);
  });
});
