import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

/**
 * What a user does: install the packed tarball into a separate project, point eslint.config.js
 * at `txo.configs.recommended`, and run the project's own `eslint` on TypeScript and JavaScript.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const npx = process.platform === "win32" ? "npx.cmd" : "npx";

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(command, args, { cwd, encoding: "utf8", maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: "false" } });
}

function runOrThrow(command: string, args: string[], cwd: string): string {
  const result = run(command, args, cwd);
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed (${result.status}):\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
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
  "src/legacy.js": [`export function start(settings) {`, `  const port = settings.port || 8080;`, `  if (!port) process.exit(2);`, `  return port;`, `}`, ``].join("\n"),
};

/** What package.json "files" ships, besides dist/ (package.json itself always ships). */
const SHIPPED = ["package.json", "README.md", "LICENSE", "schemas", "docs"];

/**
 * Builds the package (the `build` script's compiler run, into a staging copy so the repository's
 * own dist/, which other test files run, is never rewritten under them) and packs it.
 */
function buildAndPack(workspace: string): string {
  const staging = join(workspace, "staging");
  mkdirSync(staging);
  for (const entry of SHIPPED.filter((name) => existsSync(join(repoRoot, name)))) cpSync(join(repoRoot, entry), join(staging, entry), { recursive: true });
  runOrThrow(process.execPath, [join(repoRoot, "node_modules", "typescript", "bin", "tsc"), "-p", join(repoRoot, "tsconfig.build.json"), "--outDir", join(staging, "dist")], repoRoot);
  runOrThrow(npm, ["pack", "--ignore-scripts", "--pack-destination", workspace], staging);
  const tarball = readdirSync(workspace).find((name) => name.endsWith(".tgz"));
  if (!tarball) throw new Error(`npm pack wrote no tarball into ${workspace}`);
  return join(workspace, tarball);
}

interface LintMessage {
  ruleId: string | null;
  line: number;
  severity: number;
  message: string;
}

describe("a project that installs the packed package", () => {
  let workspace: string;
  let consumer: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), "txo-consumer-"));
    consumer = join(workspace, "consumer");
    const tarball = buildAndPack(workspace);
    for (const [path, text] of Object.entries(CONSUMER_FILES)) {
      mkdirSync(dirname(join(consumer, path)), { recursive: true });
      writeFileSync(join(consumer, path), text);
    }
    runOrThrow(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball, "eslint@10"], consumer);
  }, 900_000);

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  function lintConsumer(): Map<string, LintMessage[]> {
    const result = run(npx, ["--no-install", "eslint", "--format", "json", "src"], consumer);
    // eslint exits 1 when it reports errors, 2 when it could not run at all.
    expect(result.status, result.stderr).toBe(1);
    const reports = JSON.parse(result.stdout) as Array<{ filePath: string; messages: LintMessage[] }>;
    return new Map(reports.map((report) => [report.filePath.slice(consumer.length + 1).replaceAll("\\", "/"), report.messages]));
  }

  it("lints TypeScript and JavaScript with txo.configs.recommended", { timeout: 300_000 }, () => {
    const byFile = lintConsumer();
    const summary = (file: string): string[] => (byFile.get(file) ?? []).map((m) => `${m.ruleId}:${m.line}:${m.severity}`).sort();
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
