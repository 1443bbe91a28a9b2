import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { LintCache, statStamp } from "../../src/audit/cache.js";
import type { AuditReport } from "../../src/audit/model.js";
import { FileLinter } from "../../src/lint/engine.js";
import { hashText } from "../../src/lint/lint-file.js";
import { DERIVED_READS } from "../../src/rules/derived-reads.js";
import { readJson, runCli, temporaryDirectory } from "./helpers.js";

type Tree = Record<string, string>;

const EXIT = "export function stop(): void {\n  process.exit(1);\n}\n";
/** A bin-only package (no library entry) whose bin is built from src/tool.ts by the layout under test. */
const toolPackage = (extra: Record<string, unknown> = {}) =>
  JSON.stringify({ name: "tool", version: "1.0.0", private: true, ...extra });

interface Scenario {
  name: string;
  tree: Tree;
  /** The linted file; the change touches only other files. */
  linted: string;
  change: Tree;
  findingsBefore: number;
  findingsAfter: number;
}

const scenarios: Scenario[] = [
  {
    name: "an imported module's type (optional keys)",
    tree: {
      "package.json": JSON.stringify({ name: "library", version: "1.0.0" }),
      "src/types.ts": "export interface TransportConfig { url: string; retryCount?: number }\n",
      "src/use.ts":
        'import type { TransportConfig } from "./types.js";\nexport function http(config: TransportConfig) { return config.url ?? "http://localhost"; }\n',
    },
    linted: "src/use.ts",
    change: { "src/types.ts": "export interface TransportConfig { url?: string; retryCount?: number }\n" },
    findingsBefore: 1,
    findingsAfter: 0,
  },
  {
    name: "an imported module that declares defineConfig",
    tree: {
      "package.json": JSON.stringify({ name: "config-tool", version: "1.0.0" }),
      "config.ts":
        "export interface Plugin { name: string }\nexport function defineConfig(config: { plugins?: Plugin[] }) { return config; }\n",
      "foundry.ts": [
        'import type { Plugin } from "./config.js";',
        "interface FoundryConfig { clean?: boolean }",
        "export function foundry(config: FoundryConfig = {}): Plugin {",
        "  const { clean = false } = config;",
        '  return { name: clean ? "clean" : "keep" };',
        "}",
      ].join("\n"),
    },
    linted: "foundry.ts",
    change: {
      "config.ts":
        "export interface Plugin { name: string }\nexport function buildPlugins(config: { plugins?: Plugin[] }) { return config; }\n",
    },
    findingsBefore: 1,
    findingsAfter: 0,
  },
  {
    name: "a nested package.json bin",
    tree: {
      "package.json": JSON.stringify({ name: "root", private: true }),
      "packages/tool/package.json": toolPackage({ bin: "dist/tool.js" }),
      "packages/tool/src/tool.ts": EXIT,
    },
    linted: "packages/tool/src/tool.ts",
    change: { "packages/tool/package.json": toolPackage() },
    findingsBefore: 0,
    findingsAfter: 1,
  },
  {
    name: "a tsconfig outDir",
    tree: {
      "package.json": toolPackage({ bin: "bin/tool.js" }),
      "tsconfig.json": '{ "compilerOptions": { "outDir": "bin", "rootDir": "src" } }',
      "src/tool.ts": EXIT,
    },
    linted: "src/tool.ts",
    change: { "tsconfig.json": '{ "compilerOptions": { "outDir": "build", "rootDir": "src" } }' },
    findingsBefore: 0,
    findingsAfter: 1,
  },
  {
    name: "a tsconfig it extends",
    tree: {
      "package.json": toolPackage({ bin: "bin/tool.js" }),
      "tsconfig.json": '{ "extends": "./tsconfig.base.json" }',
      "tsconfig.base.json": '{ "compilerOptions": { "outDir": "bin", "rootDir": "src" } }',
      "src/tool.ts": EXIT,
    },
    linted: "src/tool.ts",
    change: { "tsconfig.base.json": '{ "compilerOptions": { "outDir": "build", "rootDir": "src" } }' },
    findingsBefore: 0,
    findingsAfter: 1,
  },
  {
    name: "a txo.config.json appearing",
    tree: { "package.json": toolPackage(), "src/tool.ts": EXIT },
    linted: "src/tool.ts",
    change: { "txo.config.json": '{ "entryPoints": ["src/**"] }' },
    findingsBefore: 1,
    findingsAfter: 0,
  },
  {
    name: "a tsup config's entry",
    tree: {
      "package.json": toolPackage({ bin: "dist/run.js" }),
      "tsup.config.ts": 'export default { entry: { run: "src/tool.ts" } };\n',
      "src/tool.ts": EXIT,
      "src/other.ts": "export const other = 1;\n",
    },
    linted: "src/tool.ts",
    change: { "tsup.config.ts": 'export default { entry: { run: "src/other.ts" } };\n' },
    findingsBefore: 0,
    findingsAfter: 1,
  },
  {
    name: "an esbuild config's outdir",
    tree: {
      "package.json": toolPackage({ bin: "app/tool.js" }),
      "esbuild.config.mjs": 'await build({ entryPoints: ["src/tool.ts"], outdir: "app" });\n',
      "src/tool.ts": EXIT,
    },
    linted: "src/tool.ts",
    change: { "esbuild.config.mjs": 'await build({ entryPoints: ["src/tool.ts"], outdir: "web" });\n' },
    findingsBefore: 0,
    findingsAfter: 1,
  },
  {
    name: 'package.json "tsup"',
    tree: {
      "package.json": toolPackage({ bin: "dist/run.js", tsup: { entry: { run: "src/tool.ts" } } }),
      "src/tool.ts": EXIT,
    },
    linted: "src/tool.ts",
    change: { "package.json": toolPackage({ bin: "dist/run.js", tsup: { entry: { run: "src/main.ts" } } }) },
    findingsBefore: 0,
    findingsAfter: 1,
  },
  {
    name: "the bin source that imports the module (the only path to it)",
    tree: {
      "package.json": JSON.stringify({ name: "tool", version: "1.0.0", bin: "dist/cli.js", main: "dist/index.js" }),
      "tsconfig.json": '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
      "src/cli.ts": 'import { stop } from "./commands.js";\nstop();\n',
      "src/index.ts": "export const version = 1;\n",
      "src/commands.ts": EXIT,
    },
    linted: "src/commands.ts",
    change: { "src/cli.ts": "console.log('no commands');\n" },
    findingsBefore: 0,
    findingsAfter: 1,
  },
];

let roots: string[] = [];
afterEach(() => {
  for (const root of roots) rmSync(root, { recursive: true, force: true });
  roots = [];
});

function writeTree(root: string, tree: Tree): void {
  for (const [file, text] of Object.entries(tree)) {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
  }
}

/** The cache as the next audit run opens it: with the rules' derivations when an edited file needs them. */
function openCache(root: string): LintCache {
  const cache = new LintCache(join(root, ".cache"), "key");
  if (cache.needsDerivations()) cache.useDerivations(DERIVED_READS);
  return cache;
}

/** Lints one file of the tree with a fresh linter (as a new audit run would) and caches the result. */
function lintAndCache(root: string, file: string): { findings: number; hash: string } {
  const text = readFileSync(join(root, file), "utf8");
  const { result, consulted } = new FileLinter(root, { fastParser: true }).lintRecorded(text, join(root, file));
  const cache = new LintCache(join(root, ".cache"), "key");
  cache.set(file, hashText(text), result, statStamp(join(root, file)), consulted);
  cache.save();
  return { findings: result.findings.length, hash: hashText(text) };
}

describe("a cached result is dropped when a file its rules consulted changes", () => {
  it.each(scenarios)("$name", ({ tree, linted, change, findingsBefore, findingsAfter }) => {
    const root = temporaryDirectory("consulted");
    roots.push(root);
    writeTree(root, tree);
    const before = lintAndCache(root, linted);
    expect(before.findings).toBe(findingsBefore);
    // Nothing changed: the next run takes the result from the cache.
    expect(openCache(root).get(linted, before.hash)).toBeDefined();
    writeTree(root, change);
    expect(openCache(root).get(linted, before.hash)).toBeUndefined();
    expect(lintAndCache(root, linted).findings).toBe(findingsAfter);
  });

  it.each([
    ["an unrelated file changes", 0, { "src/unrelated.ts": "export const a = 2;\n" }],
    [
      "the imported module changes outside its declarations",
      0,
      {
        "src/types.ts":
          "export interface TransportConfig { url: string; retryCount?: number }\nexport const edited = 1;\n",
      },
    ],
    ["a module the walk reads changes, not its imports", 9, { "src/index.ts": "export const version = 2;\n" }],
  ] as const)("keeps the result when %s", (_name, index, change) => {
    const root = temporaryDirectory("consulted");
    roots.push(root);
    const scenario = scenarios[index];
    if (scenario === undefined) throw new Error(`no scenario ${index}`);
    writeTree(root, { ...scenario.tree, "src/unrelated.ts": "export const a = 1;\n" });
    const before = lintAndCache(root, scenario.linted);
    writeTree(root, change);
    expect(openCache(root).get(scenario.linted, before.hash)).toBeDefined();
  });
});

describe("a cached run after only an imported module changed (built binary)", () => {
  it("reports what --no-cache reports", () => {
    const root = temporaryDirectory("consulted-cli");
    roots.push(root);
    const [scenario] = scenarios;
    if (scenario === undefined) throw new Error("the scenarios list is empty");
    writeTree(root, scenario.tree);
    const audit = (...flags: string[]) => {
      const run = runCli([root, "--format", "json", "--fail-on", "none", ...flags]);
      expect(run.status).toBe(0);
      const report = readJson<AuditReport>(join(root, "reports/txo-audit.json"));
      return { findings: report.findings.map((finding) => finding.fingerprint), files: report.files };
    };
    expect(audit().findings).toHaveLength(1);
    writeTree(root, scenario.change);
    const cached = audit();
    expect(cached.files.fromCache).toBe(0);
    expect(cached.findings).toEqual(audit("--no-cache").findings);
    expect(cached.findings).toEqual([]);
  });
});
