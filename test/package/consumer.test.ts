import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { codeBlocks } from "../docs/code-blocks.js";
import { itOnEachNode } from "./node-binaries.js";
import { npm, packRuntime, packToolkit, runOrThrow } from "./pack.js";

/**
 * What a user does: install the packed tarball into a separate project, point eslint.config.js
 * at `txo.configs.recommended`, and run the project's own `eslint` on TypeScript and JavaScript.
 */

const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, npm_config_update_notifier: "false" },
  });
}

const LONG_BODY = Array.from({ length: 55 }, (_, index) => `  total += ${index};`).join("\n");

const CONSUMER_FILES: Record<string, string> = {
  "package.json": JSON.stringify({ name: "txo-consumer", version: "1.0.0", private: true, type: "module" }, null, 2),
  "eslint.config.js": `import txo from "txo-toolkit/eslint-plugin";\nexport default [txo.configs.recommended];\n`,
  "src/client.ts": [
    `const tokens = new Map<string, string>();`,
    ``,
    `export function connect(config: { url?: string }, user: string): string {`,
    `  const url = config.url ?? "http://localhost";`,
    `  if (!user) process.exit(1);`,
    `  tokens.set(user, url);`,
    `  return url;`,
    `}`,
    ``,
    `export function sum(): number {`,
    `  let total = 0;`,
    LONG_BODY,
    `  return total;`,
    `}`,
    ``,
  ].join("\n"),
  "src/legacy.js": [
    `export function start(settings) {`,
    `  const port = settings.port || 8080;`,
    `  if (!port) process.exit(2);`,
    `  return port;`,
    `}`,
    ``,
  ].join("\n"),
};

/** Every path the tarball may hold; anything else (a map, a test, a fixture, a stray file) fails. */
const EXPECTED_TARBALL_PATHS = [
  /^package\/(package\.json|README\.md|LICENSE)$/,
  /^package\/dist\/.+\.(js|d\.ts)$/,
  /^package\/schemas\/[\w.-]+\.schema\.json$/,
  // The schemas' validators, precompiled at build time (scripts/compile-validators.mjs): the audit
  // loads them instead of compiling the schemas with Ajv on every run.
  /^package\/schemas\/[\w.-]+\.validate\.cjs$/,
  /^package\/docs\/[\w/.-]+\.md$/,
];

function tarballPaths(tarball: string): string[] {
  return runOrThrow("tar", ["-tzf", tarball], dirname(tarball))
    .split("\n")
    .filter((line) => line.length > 0);
}

/** Writes `files` under `dir` and installs `packages` there, as a user's `npm install` would. */
function makeProject(dir: string, files: Record<string, string>, packages: string[]): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  runOrThrow(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", ...packages], dir);
}

interface LintMessage {
  ruleId: string | null;
  line: number;
  severity: number;
  message: string;
}

let workspace: string;
let tarball: string;
/** Both tarballs, installed together: @txo-toolkit/runtime is not on the registry until published. */
let tarballs: string[];

// One pair of tarballs for every project below: packing is the slow part.
beforeAll(() => {
  workspace = mkdtempSync(join(tmpdir(), "txo-consumer-"));
  tarball = packToolkit(workspace);
  tarballs = [packRuntime(workspace), tarball];
}, 900_000);

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) total += statSync(join(entry.parentPath, entry.name)).size;
  }
  return total;
}

afterAll(() => rmSync(workspace, { recursive: true, force: true }));

describe("a project that installs the packed package", () => {
  let consumer: string;

  beforeAll(() => {
    consumer = join(workspace, "consumer");
    makeProject(consumer, CONSUMER_FILES, [...tarballs, "eslint@10"]);
  }, 900_000);

  it("ships only the built code, its types, the schemas and their validators, the docs, the README and the LICENSE", () => {
    const paths = tarballPaths(tarball);
    expect(paths.filter((path) => !EXPECTED_TARBALL_PATHS.some((pattern) => pattern.test(path)))).toEqual([]);
    expect(paths).toContain("package/LICENSE");
    expect(paths).toContain("package/dist/runtime-reexport.js");
    // The helpers ship once, in @txo-toolkit/runtime: no second copy of src/runtime in the toolkit.
    expect(paths.filter((path) => path.startsWith("package/dist/runtime/"))).toEqual([]);
  });

  it("installs @txo-toolkit/runtime once, as the toolkit's dependency (sizes printed)", () => {
    // JSON.parse gives any; npm's package-lock.json (v3) has a packages map.
    const lock = JSON.parse(readFileSync(join(consumer, "package-lock.json"), "utf8")) as {
      packages: Record<string, { version?: string }>;
    };
    const runtimeCopies = Object.keys(lock.packages).filter((path) =>
      path.endsWith("node_modules/@txo-toolkit/runtime"),
    );
    expect(runtimeCopies).toEqual(["node_modules/@txo-toolkit/runtime"]);
    const installed = Object.keys(lock.packages).filter((path) => path.startsWith("node_modules/")).length;
    const megabytes = (path: string): string => (bytesUnder(path) / 1024 / 1024).toFixed(2);
    process.stdout.write(
      `txo-toolkit + eslint@10 installed: ${installed} packages, ${megabytes(join(consumer, "node_modules"))} MB; txo-toolkit itself ${megabytes(join(consumer, "node_modules", "txo-toolkit"))} MB, @txo-toolkit/runtime ${megabytes(join(consumer, "node_modules", "@txo-toolkit", "runtime"))} MB\n`,
    );
  });

  itOnEachNode("can be required from CommonJS: the runtime, the plugin and the codemods API", (node) => {
    const script = [
      `const runtime = require("txo-toolkit/runtime");`,
      `const plugin = require("txo-toolkit/eslint-plugin").default;`,
      `const codemods = require("txo-toolkit/codemods");`,
      `const error = new runtime.HelpfulError({ whatWentWrong: "w", howToFix: "h" });`,
      `console.log(JSON.stringify([error instanceof Error, typeof runtime.requireConfig, Object.keys(plugin.configs).sort(), typeof codemods.runCodemods]));`,
    ].join("\n");
    writeFileSync(join(consumer, "require-check.cjs"), script);
    const result = run(node, ["require-check.cjs"], consumer);
    expect(result.stderr).toBe("");
    expect(JSON.parse(result.stdout)).toEqual([
      true,
      "function",
      ["flat/recommended", "flat/strict", "recommended", "strict"],
      "function",
    ]);
  });

  itOnEachNode(
    "has one HelpfulError class across @txo-toolkit/runtime, txo-toolkit/runtime, txo-toolkit and the toolkit's own errors",
    (node) => {
      const script = [
        `import * as runtime from "@txo-toolkit/runtime";`,
        `import * as legacy from "txo-toolkit/runtime";`,
        `import * as toolkit from "txo-toolkit";`,
        `import { runCodemods } from "txo-toolkit/codemods";`,
        `import { createRequire } from "node:module";`,
        `const required = createRequire(import.meta.url)("txo-toolkit/runtime");`,
        `const thrown = await runCodemods(["no-such-transform"]).catch((error) => error);`,
        `console.log(JSON.stringify([legacy.HelpfulError === runtime.HelpfulError, toolkit.HelpfulError === runtime.HelpfulError, required.HelpfulError === runtime.HelpfulError, thrown instanceof runtime.HelpfulError, thrown instanceof legacy.HelpfulError]));`,
      ].join("\n");
      writeFileSync(join(consumer, "identity-check.mjs"), script);
      const result = run(node, ["identity-check.mjs"], consumer);
      expect(result.stderr).toBe("");
      expect(JSON.parse(result.stdout)).toEqual([true, true, true, true, true]);
    },
    120_000,
  );

  function lintConsumer(): Map<string, LintMessage[]> {
    const result = run(npx, ["--no-install", "eslint", "--format", "json", "src"], consumer);
    // eslint exits 1 when it reports errors, 2 when it could not run at all.
    expect(result.status, result.stderr).toBe(1);
    // JSON.parse gives any; `eslint --format json` prints a list of results.
    const reports = JSON.parse(result.stdout) as { filePath: string; messages: LintMessage[] }[];
    return new Map(
      reports.map((report) => [report.filePath.slice(consumer.length + 1).replaceAll("\\", "/"), report.messages]),
    );
  }

  it("lints TypeScript and JavaScript with txo.configs.recommended", { timeout: 300_000 }, () => {
    const byFile = lintConsumer();
    const summary = (file: string): string[] =>
      (byFile.get(file) ?? []).map((m) => `${m.ruleId}:${m.line}:${m.severity}`).sort();
    expect(summary("src/client.ts")).toEqual([
      "txo/max-function-lines:10:1",
      "txo/no-global-mutable-state:1:2",
      "txo/no-process-exit-in-library:5:2",
      "txo/no-soft-fail-config:4:2",
    ]);
    expect(summary("src/legacy.js")).toEqual(["txo/no-process-exit-in-library:3:2", "txo/no-soft-fail-config:2:2"]);
    const longFunction = byFile.get("src/client.ts")?.find((m) => m.ruleId === "txo/max-function-lines");
    expect(longFunction?.message).toMatch(/^Function 'sum' has 59 lines; the limit is 50\. Split it/);
  });
});

/** The README's example next to typescript-eslint: the code block that imports both. */
function readmeEslintConfig(): string {
  const block = codeBlocks().find(
    (candidate) =>
      candidate.where.startsWith("README.md:") &&
      candidate.code.includes("typescript-eslint") &&
      candidate.code.includes("txo.configs.recommended"),
  );
  if (!block) throw new Error("README.md has no eslint.config.mjs example that uses typescript-eslint beside txo");
  return block.code;
}

/** An oclif-style CommonJS CLI: a JavaScript bin that requires compiled TypeScript commands. */
const CJS_CLI_FILES: Record<string, string> = {
  "package.json": JSON.stringify(
    { name: "txo-cjs-cli", version: "1.0.0", private: true, bin: { greet: "./bin/run.js" } },
    null,
    2,
  ),
  "tsconfig.json": JSON.stringify(
    {
      compilerOptions: {
        module: "nodenext",
        moduleResolution: "nodenext",
        target: "es2022",
        strict: true,
        outDir: "dist",
        rootDir: "src",
        skipLibCheck: true,
      },
      include: ["src"],
    },
    null,
    2,
  ),
  "bin/run.js": [
    `#!/usr/bin/env node`,
    `const { run } = require("../dist/index.js");`,
    `module.exports = run(process.argv.slice(2)).then((text) => console.log(text));`,
    ``,
  ].join("\n"),
  "src/index.ts": [
    `import { HelpfulError } from "txo-toolkit/runtime";`,
    `import { requireConfig } from "@txo-toolkit/runtime";`,
    `import { greeting } from "./commands/greet.js";`,
    ``,
    `export async function run(argv: string[]): Promise<string> {`,
    `  const config: Record<string, unknown> = { greeting: "hello" };`,
    `  if (argv.length > 1) throw new HelpfulError({ whatWentWrong: "too many names", howToFix: "pass one name" });`,
    `  return Promise.resolve(greeting(requireConfig(config, "greeting") as string, argv[0]));`,
    `}`,
    ``,
  ].join("\n"),
  "src/commands/greet.ts": [
    `export function greeting(word: string, name: string | undefined): string {`,
    `  const settings: { suffix?: string } = {};`,
    `  if (!word) process.exit(2);`,
    `  return \`\${word}, \${name ?? "world"}\${settings.suffix ?? "!"}\`;`,
    `}`,
    ``,
  ].join("\n"),
};

describe("a CommonJS TypeScript CLI (module: nodenext) that installs the packed package", () => {
  let project: string;

  beforeAll(() => {
    project = join(workspace, "cli");
    makeProject(project, { ...CJS_CLI_FILES, "eslint.config.mjs": readmeEslintConfig() }, [
      ...tarballs,
      "eslint@10",
      "typescript@5.9",
      "typescript-eslint@8",
      "@types/node@20",
    ]);
    runOrThrow(process.execPath, [join(project, "node_modules", "typescript", "bin", "tsc"), "-p", "."], project);
  }, 900_000);

  it("compiles with tsc to require() calls of both runtime entries", () => {
    const compiled = readFileSync(join(project, "dist", "index.js"), "utf8");
    expect(compiled).toContain(`require("txo-toolkit/runtime")`);
    expect(compiled).toContain(`require("@txo-toolkit/runtime")`);
  });

  itOnEachNode("runs the compiled CommonJS: the runtime is required from CommonJS", (node) => {
    const result = run(node, ["bin/run.js", "Ada"], project);
    expect(result.stderr).toBe("");
    expect(result.stdout.trim()).toBe("hello, Ada!");
  });

  it(
    "lints with the README's config beside typescript-eslint and a CommonJS block: no false no-undef",
    { timeout: 300_000 },
    () => {
      const result = run(npx, ["--no-install", "eslint", "--format", "json", "."], project);
      expect(result.status, result.stderr).toBe(1);
      // JSON.parse gives any; `eslint --format json` prints a list of results.
      const reports = JSON.parse(result.stdout) as { filePath: string; messages: LintMessage[] }[];
      const found = reports
        .flatMap((report) =>
          report.messages.map((m) => `${report.filePath.slice(project.length + 1)}:${m.line}:${m.ruleId}`),
        )
        .sort();
      expect(found).toEqual([
        "src/commands/greet.ts:3:txo/no-process-exit-in-library",
        "src/commands/greet.ts:4:txo/no-soft-fail-config",
      ]);
    },
  );
});
