import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Linter } from "eslint";
import { Project } from "ts-morph";
import { describe, expect, it } from "vitest";
import { classifyFindings } from "../src/audit/build-report.js";
import type { RawFinding } from "../src/audit/model.js";
import { profileFromPrinciple, RULE_PROFILES } from "../src/audit/principles.js";
import { buildPlan, successCriteria, summarizePrinciples } from "../src/audit/summarize.js";
import { resolveTransforms, TRANSFORM_NAMES } from "../src/codemods/registry.js";
import { ProjectConfigStore } from "../src/config/project-config.js";
import { resolveCodemodOptions } from "../src/codemods/engine.js";
import type { Finding as CodemodFinding } from "../src/codemods/types.js";
import { PRINCIPLES } from "../src/rules/catalog.js";
import { createPlugin } from "../src/rules/index.js";
import type { PrincipleDescriptor } from "../src/rules/principle.js";
import { toyPrinciple } from "./fixtures/toy-principle/descriptor.js";
import { createRemoveDebugger } from "./fixtures/toy-principle/remove-debugger.js";
import { eslintConfig } from "./eslint-config.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

type GeneratedFiles = (root?: string) => Promise<Map<string, [string, string]>>;

describe("what is derived from the principle descriptors", () => {
  it("the README's and docs' tables, the rule pages' options tables and the schemas' enums match the catalog (node scripts/principle-tables.mjs)", async () => {
    // The script reads dist/, which the test setup builds from these sources.
    const script = (await import(pathToFileURL(join(repoRoot, "scripts", "principle-tables.mjs")).href)) as {
      generatedFiles: GeneratedFiles;
    };
    const files = await script.generatedFiles(repoRoot);
    const rulePages = PRINCIPLES.map((principle) => `docs/rules/${principle.ruleName}.md`);
    expect([...files.keys()].sort()).toEqual(
      [
        "README.md",
        "docs/audit.md",
        ...rulePages,
        "schemas/audit-report.schema.json",
        "schemas/change-table.schema.json",
      ].sort(),
    );
    for (const [file, [current, expected]] of files)
      expect(current, `${file} drifted from src/rules/catalog.ts`).toBe(expected);
  });

  it("the codemod registry runs every principle's transform, and only those", () => {
    expect([...TRANSFORM_NAMES].sort()).toEqual(PRINCIPLES.map((principle) => principle.codemod.transform).sort());
    for (const transform of resolveTransforms("all")) {
      const principle = PRINCIPLES.find((candidate) => candidate.codemod.transform === transform.name);
      expect({ rule: transform.rule, breaking: transform.breaking }).toEqual({
        rule: principle?.ruleName,
        breaking: principle?.codemod.breaking,
      });
    }
  });

  it("each descriptor's facts are its rule's own description and messages (one source, not a copy)", () => {
    for (const principle of PRINCIPLES) {
      expect(principle.rule.meta.messages, principle.ruleName).toBe(principle.meta.messages);
      expect(principle.rule.meta.docs, principle.ruleName).toMatchObject(principle.meta.docs);
    }
  });

  it("the audit has one profile per principle, in order", () => {
    expect(RULE_PROFILES.map((profile) => [profile.principle, profile.ruleId])).toEqual(
      PRINCIPLES.map((principle) => [principle.number, `txo/${principle.ruleName}`]),
    );
  });
});

describe("a fifth, toy principle registered from a fixture (docs/contributing.md)", () => {
  const principles: readonly PrincipleDescriptor[] = [...PRINCIPLES, toyPrinciple];
  const source = "export function step(value: number): number {\n  debugger;\n  return value + 1;\n}\n";

  function lintWithToy(): Linter.LintMessage[] {
    const plugin = createPlugin(principles);
    return new Linter({ configType: "flat" }).verify(source, [eslintConfig(plugin.configs.recommended)], {
      filename: join(repoRoot, "toy.ts"),
    });
  }

  it("the plugin built from the list has its rule, on in recommended and strict", () => {
    const plugin = createPlugin(principles);
    expect(Object.keys(plugin.rules)).toEqual([
      ...PRINCIPLES.map((principle) => principle.ruleName),
      "no-debugger-statement",
    ]);
    expect(plugin.configs.recommended.rules?.["txo/no-debugger-statement"]).toBe("error");
    expect(plugin.configs.strict.rules?.["txo/no-debugger-statement"]).toBe("error");
    expect(lintWithToy().map((message) => [message.ruleId, message.line])).toEqual([["txo/no-debugger-statement", 2]]);
  });

  it("the codemod registry resolves its transform, which fixes what the rule reports", () => {
    const transforms = resolveTransforms("all", { "remove-debugger": createRemoveDebugger });
    expect(transforms.map((transform) => [transform.name, transform.rule, transform.breaking])).toEqual([
      ["remove-debugger", "no-debugger-statement", "none"],
    ]);
    const sourceFile = new Project({ useInMemoryFileSystem: true }).createSourceFile("toy.ts", source);
    const findings: CodemodFinding[] = lintWithToy().map((message) => ({
      ruleId: message.ruleId ?? "",
      messageId: message.messageId,
      message: message.message,
      line: message.line,
      column: message.column,
      endLine: message.endLine ?? message.line,
      endColumn: message.endColumn ?? message.column,
    }));
    const options = resolveCodemodOptions({ cwd: repoRoot });
    const rows = transforms[0]?.applyToFile({
      sourceFile,
      relativePath: "toy.ts",
      findings,
      options,
      checkRewrite: () => undefined,
      relint: () => [],
      projectConfigs: new ProjectConfigStore(),
    });
    expect(rows?.map((row) => row.status)).toEqual(["fixed"]);
    expect(sourceFile.getFullText()).not.toContain("debugger");
  });

  it("the audit gives it a severity, a summary row, a plan phase and a success criterion", () => {
    const profiles = principles.map(profileFromPrinciple);
    const raw: RawFinding[] = lintWithToy().map((message) => ({
      ruleId: message.ruleId ?? "",
      messageId: message.messageId ?? null,
      message: message.message,
      line: message.line,
      column: message.column,
      endLine: message.endLine ?? message.line,
      endColumn: message.endColumn ?? message.column,
      snippet: "debugger;",
    }));
    const findings = classifyFindings([{ file: "src/toy.ts", findings: raw }], profiles);
    // Without a trial run nothing is proven: the codemod is named, and the finding counts as "may fix".
    expect(
      findings.map((finding) => [
        finding.principle,
        finding.severity,
        finding.codemod,
        finding.autoFixable,
        finding.codemodFix,
      ]),
    ).toEqual([[5, "critical", "remove-debugger", false, "may-fix"]]);
    expect(summarizePrinciples(findings, profiles).at(-1)).toMatchObject({
      principle: 5,
      title: "No debugger statements",
      findings: 1,
      critical: 1,
    });
    expect(buildPlan(findings, 50, profiles).at(-1)).toMatchObject({
      phase: 5,
      codemod: "remove-debugger",
      findings: 1,
    });
    expect(successCriteria(findings, profiles).at(-1)).toEqual({
      principle: 5,
      criterion: "Zero debugger statements",
      met: false,
      remaining: 1,
    });
  });
});
