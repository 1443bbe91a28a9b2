import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { loadProjectConfig } from "../../src/config/project-config.js";
import { discoverFiles } from "../../src/lint/discovery.js";
import { cacheKey } from "../../src/audit/cache.js";
import type { AuditReport } from "../../src/audit/model.js";
import { readJson, runCli, temporaryDirectory } from "./helpers.js";

const LIBRARY_EXIT = "export function stop(): void {\n  process.exit(1);\n}\n";

/** A monorepo-shaped tree: a root package and a nested one with a bin compiled from src/tool.ts. */
function monorepo(): string {
  const root = temporaryDirectory("cache-key");
  writeFileSync(join(root, "package.json"), '{ "name": "root", "private": true }');
  mkdirSync(join(root, "packages/tool/src"), { recursive: true });
  writeFileSync(join(root, "packages/tool/package.json"), '{ "name": "tool", "bin": "dist/tool.js" }');
  writeFileSync(join(root, "packages/tool/tsconfig.json"), '{ "extends": "./tsconfig.base.json" }');
  writeFileSync(
    join(root, "packages/tool/tsconfig.base.json"),
    '{ "compilerOptions": { "outDir": "dist", "rootDir": "src" } }',
  );
  writeFileSync(join(root, "packages/tool/src/tool.ts"), LIBRARY_EXIT);
  return root;
}

function keyOf(root: string, version = "1.0.0"): string {
  return cacheKey(root, version, true, discoverFiles(root, loadProjectConfig(root).config).projectInputs);
}

describe("the cache key covers every file the rules consult", () => {
  let root: string;
  let before: string;

  beforeEach(() => {
    root = monorepo();
    before = keyOf(root);
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("is stable while nothing changes", () => {
    expect(keyOf(root)).toBe(before);
  });

  it.each([
    ["a nested package.json bin", "packages/tool/package.json", '{ "name": "tool" }'],
    ["a nested tsconfig.json", "packages/tool/tsconfig.json", '{ "compilerOptions": { "outDir": "lib" } }'],
    ["a tsconfig it extends", "packages/tool/tsconfig.base.json", '{ "compilerOptions": { "outDir": "out" } }'],
    ["a nested txo.config.json appearing", "packages/tool/txo.config.json", '{ "entryPoints": ["src/**"] }'],
    ["the root txo.config.json appearing", "txo.config.json", '{ "maxLines": 20 }'],
    ["a bin wrapper the rule reads", "packages/tool/dist/tool.js", 'require("../lib/cli.js");\n'],
  ])("changes with %s", (_name, file, text) => {
    mkdirSync(dirname(join(root, file)), { recursive: true });
    writeFileSync(join(root, file), text);
    expect(keyOf(root)).not.toBe(before);
  });

  it("changes with the toolkit's version", () => {
    expect(keyOf(root, "1.0.1")).not.toBe(before);
  });
});

describe("a cached run after a nested package.json loses its bin (built binary)", () => {
  it("reports what --no-cache reports", () => {
    const root = monorepo();
    const audit = (...flags: string[]) => {
      const run = runCli([root, "--format", "json", "--fail-on", "none", ...flags]);
      expect(run.status).toBe(0);
      return readJson<AuditReport>(join(root, "reports/txo-audit.json")).summary.findings;
    };
    expect(audit()).toBe(0);
    writeFileSync(join(root, "packages/tool/package.json"), '{ "name": "tool" }');
    expect(audit()).toBe(1);
    expect(audit("--no-cache")).toBe(1);
    rmSync(root, { recursive: true, force: true });
  });
});
