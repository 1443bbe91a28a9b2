import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter } from "eslint";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRINCIPLES } from "../../src/rules/catalog.js";
import plugin, { rules } from "../../src/rules/index.js";
import { eslintConfig } from "../eslint-config.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
// The JSON import of package.json: a manifest with a name and a version.
const packageJson = (await import("../../package.json", { with: { type: "json" } })).default as {
  name: string;
  version: string;
};

const RULE_NAMES = PRINCIPLES.map((principle) => principle.ruleName);

describe("the txo plugin object", () => {
  it("names itself and carries the package version", () => {
    expect(plugin.meta.name).toBe("txo-toolkit/eslint-plugin");
    expect(plugin.meta.namespace).toBe("txo");
    expect(plugin.meta.version).toBe(packageJson.version);
  });

  it("has exactly one rule per principle, in principle order", () => {
    expect(Object.keys(plugin.rules)).toEqual(RULE_NAMES);
    expect(plugin.rules).toBe(rules);
  });

  it.each(RULE_NAMES)("%s: documented, described, with messages and a schema", (name) => {
    const rule = plugin.rules[name];
    // createRule adds url to the docs the rule declares (TxoRuleDocs and description).
    const docs = rule.meta.docs as { url?: string; description?: string; recommended?: boolean };
    expect(docs.url).toMatch(new RegExp(`/docs/rules/${name}\\.md$`));
    expect(existsSync(join(repoRoot, "docs", "rules", `${name}.md`))).toBe(true);
    expect(docs.description?.length).toBeGreaterThan(20);
    expect(docs.recommended).toBe(true);
    expect(Object.keys(rule.meta.messages).length).toBeGreaterThan(0);
    for (const text of Object.values(rule.meta.messages)) expect(text.length).toBeGreaterThan(20);
    expect(Array.isArray(rule.meta.schema)).toBe(true);
    expect(["problem", "suggestion", "layout"]).toContain(rule.meta.type);
  });

  it("principles are numbered 1..n in order, each with its own rule and codemod", () => {
    expect(PRINCIPLES.map((principle) => principle.number)).toEqual(PRINCIPLES.map((_, index) => index + 1));
    expect(new Set(PRINCIPLES.map((principle) => principle.rule)).size).toBe(PRINCIPLES.length);
    expect(new Set(PRINCIPLES.map((principle) => principle.codemod.transform)).size).toBe(PRINCIPLES.length);
  });

  it("configs.recommended turns on every recommended rule; strict makes them all errors", () => {
    const recommendedRules = plugin.configs.recommended.rules ?? {};
    const strictRules = plugin.configs.strict.rules ?? {};
    for (const name of RULE_NAMES) {
      expect(recommendedRules[`txo/${name}`]).toBeDefined();
      const level = strictRules[`txo/${name}`];
      expect(Array.isArray(level) ? level[0] : level).toBe("error");
    }
    expect(plugin.configs.recommended.plugins?.txo).toBe(plugin);
    expect(plugin.configs.strict.plugins?.txo).toBe(plugin);
  });
});

/** A small project with one planted smell per principle, in a TypeScript and a JavaScript file. */
const TS_SOURCE = `import { readFileSync } from "node:fs";

const cache = new Map<string, string>();

export function load(config: { timeout?: number }, path: string): string {
  const timeout = config.timeout ?? 30;
  if (!path) process.exit(1);
  cache.set(path, readFileSync(path, "utf8"));
  return String(timeout);
}

export function long(): number {
  let total = 0;
${Array.from({ length: 60 }, (_, index) => `  total += ${index};`).join("\n")}
  return total;
}
`;

const JS_SOURCE = `export function check(settings) {
  if (!settings.ready) process.exit(2);
  return settings.name || "anonymous";
}

(() => {
${Array.from({ length: 55 }, (_, index) => `  console.log(${index});`).join("\n")}
})();
`;

describe("the plugin's flat configs in the ESLint API", () => {
  let project: string;

  beforeAll(() => {
    project = mkdtempSync(join(tmpdir(), "txo-plugin-"));
    mkdirSync(join(project, "src"));
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "planted", type: "module" }));
    writeFileSync(join(project, "src", "load.ts"), TS_SOURCE);
    writeFileSync(join(project, "src", "check.js"), JS_SOURCE);
  });
  afterAll(() => rmSync(project, { recursive: true, force: true }));

  async function lint(config: Linter.Config): Promise<ESLint.LintResult[]> {
    const eslint = new ESLint({ cwd: project, overrideConfigFile: true, overrideConfig: [config] });
    return eslint.lintFiles(["src"]);
  }

  function findings(results: ESLint.LintResult[], file: string): string[] {
    const result = results.find((r) => r.filePath.endsWith(file));
    return (result?.messages ?? []).map((m) => `${m.ruleId}:${m.line}:${m.severity}`).sort();
  }

  it("recommended lints TypeScript and JavaScript files", async () => {
    const results = await lint(eslintConfig(plugin.configs.recommended));
    expect(results.every((r) => r.fatalErrorCount === 0)).toBe(true);
    expect(findings(results, "load.ts")).toEqual([
      "txo/max-function-lines:12:1",
      "txo/no-global-mutable-state:3:2",
      "txo/no-process-exit-in-library:7:2",
      "txo/no-soft-fail-config:6:2",
    ]);
    expect(findings(results, "check.js")).toEqual([
      "txo/no-process-exit-in-library:2:2",
      "txo/no-soft-fail-config:3:2",
    ]);
  });

  it("strict reports the long function as an error, and measures IIFEs", async () => {
    const results = await lint(eslintConfig(plugin.configs.strict));
    expect(findings(results, "load.ts")).toContain("txo/max-function-lines:12:2");
    expect(findings(results, "check.js")).toContain("txo/max-function-lines:6:2");
    const inLoad = results.find((r) => r.filePath.endsWith("load.ts"))?.messages ?? [];
    const message = inLoad.find((m) => m.ruleId === "txo/max-function-lines");
    expect(message?.message).toMatch(/^Function 'long' has 64 lines; the limit is 50\./);
  });
});
