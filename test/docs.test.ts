import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import tsParser from "@typescript-eslint/parser";
import { Linter } from "eslint";
import { afterAll, describe, expect, it } from "vitest";
import { PRINCIPLES } from "../src/rules/catalog.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** A fenced TypeScript/JavaScript example under a "❌ Incorrect" or "✅ Correct" heading. */
interface Example {
  verdict: "reports" | "clean";
  heading: string;
  line: number;
  code: string;
  /** Rule options from the heading, e.g. "❌ Incorrect (with `{ max: 5 }`)". */
  options: unknown[];
}

/** `{ max: 5 }` → `{"max": 5}`: the doc headings write options the way a config file does. */
function parseHeadingOptions(heading: string): unknown[] {
  const written = /\(with `(\{.*\})`\)/.exec(heading)?.[1];
  if (written === undefined) return [];
  return [JSON.parse(written.replace(/([{,]\s*)([A-Za-z_$][\w$]*)\s*:/g, '$1"$2":').replaceAll("'", '"'))];
}

function examplesOf(markdown: string): Example[] {
  const examples: Example[] = [];
  const lines = markdown.split("\n");
  let heading = "";
  for (let index = 0; index < lines.length; index++) {
    const text = lines[index] ?? "";
    if (/^#{2,4} /.test(text)) heading = text;
    const fence = /^```(ts|js|tsx|mjs)( fragment)?$/.exec(text);
    if (!fence) continue;
    const end = lines.indexOf("```", index + 1);
    const verdict = heading.includes("❌") ? "reports" : heading.includes("✅") ? "clean" : undefined;
    if (verdict)
      examples.push({
        verdict,
        heading,
        line: index + 1,
        code: lines.slice(index + 1, end).join("\n") + "\n",
        options: parseHeadingOptions(heading),
      });
    index = end;
  }
  return examples;
}

/** The file an example names in its first comment (`// src/cli.ts — …`), else a library module. */
function fileOf(example: Example): string {
  const named = /^\/\/ ((?:[\w.-]+\/)*[\w.-]+\.(?:ts|js|mjs|tsx))\b/m.exec(
    example.code.split("\n").slice(0, 2).join("\n"),
  );
  return named?.[1] ?? "src/example.ts";
}

const project = mkdtempSync(join(tmpdir(), "txo-doc-examples-"));
writeFileSync(join(project, "package.json"), JSON.stringify({ name: "doc-examples", type: "module" }));
afterAll(() => rmSync(project, { recursive: true, force: true }));

function lint(ruleName: string, example: Example): Linter.LintMessage[] {
  const principle = PRINCIPLES.find((candidate) => candidate.ruleName === ruleName);
  const file = join(project, fileOf(example));
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, example.code);
  const config: Linter.Config = {
    files: ["**/*.*"],
    // RuleCreator rules are ESLint rules at run time; ESLint's plugin type does not name their option types.
    plugins: { txo: { rules: { [ruleName]: principle?.rule } } as never },
    languageOptions: { parser: tsParser, sourceType: "module" },
    // A level and the heading's options: the shape of a rule entry, whatever the options are.
    rules: { [`txo/${ruleName}`]: ["error", ...example.options] as Linter.RuleEntry },
  };
  return new Linter({ configType: "flat", cwd: project }).verify(example.code, config, { filename: file });
}

const pages = readdirSync(join(repoRoot, "docs", "rules")).filter((file) => file.endsWith(".md"));

describe.each(pages)("docs/rules/%s", (page) => {
  const ruleName = page.replace(/\.md$/, "");
  const markdown = readFileSync(join(repoRoot, "docs", "rules", page), "utf8");
  const examples = examplesOf(markdown);

  it("has ❌ and ✅ examples", () => {
    expect(examples.filter((example) => example.verdict === "reports").length).toBeGreaterThan(0);
    expect(examples.filter((example) => example.verdict === "clean").length).toBeGreaterThan(0);
  });

  it.each(examples.map((example) => [`line ${example.line} (${example.verdict})`, example] as const))(
    "example at %s",
    (_name, example) => {
      const messages = lint(ruleName, example);
      expect(
        messages.filter((message) => message.fatal === true),
        "the example must parse",
      ).toEqual([]);
      if (example.verdict === "reports")
        expect(
          messages.length,
          `${page}:${example.line} is under "${example.heading}" but the rule reports nothing`,
        ).toBeGreaterThan(0);
      else
        expect(
          messages.map((message) => `${message.line}: ${message.message}`),
          `${page}:${example.line} is under "${example.heading}"`,
        ).toEqual([]);
    },
  );

  it("its options table lists exactly the schema's options, with the rule's defaults", () => {
    const rule = PRINCIPLES.find((principle) => principle.ruleName === ruleName)?.rule;
    const section = /\n## Options\n([\s\S]*?)(?=\n## |$)/.exec(markdown)?.[1] ?? "";
    const rows = [...section.matchAll(/^\| `(\w+)` \| [^|]+ \| (.+?) \| /gm)].map(([, name, defaultCell = ""]) => ({
      name,
      defaultCell,
    }));
    expect(rows.map((row) => row.name).sort()).toEqual(optionNames(rule?.meta.schema).sort());
    // Each rule's one option is an object; its defaults are in meta.defaultOptions, as ESLint reads them.
    const [defaultOption] = rule?.meta.defaultOptions ?? [];
    const defaults: Record<string, unknown> = isRecord(defaultOption) ? defaultOption : {};
    for (const { name, defaultCell } of rows) {
      // A cell that is one JSON literal in backticks states the default exactly (when meta.defaultOptions
      // holds it; some defaults are applied in the rule's code); prose cells explain it.
      const literal = /^`([^`]+)`$/.exec(defaultCell.trim())?.[1];
      const parsed = literal === undefined ? undefined : parseJson(literal);
      if (parsed !== undefined && name !== undefined && name in defaults)
        expect(parsed, `${page}: default of ${name}`).toEqual(defaults[name]);
    }
  });
});

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Property names of the rule's options object, wherever the schema nests it (arrays, oneOf). */
function optionNames(schema: unknown): string[] {
  if (Array.isArray(schema)) return schema.flatMap(optionNames);
  if (schema === null || typeof schema !== "object") return [];
  // A JSON schema object; only these keywords are read, each checked before use.
  const node = schema as { properties?: Record<string, unknown>; oneOf?: unknown[]; anyOf?: unknown[] };
  return [...Object.keys(node.properties ?? {}), ...optionNames(node.oneOf ?? []), ...optionNames(node.anyOf ?? [])];
}
