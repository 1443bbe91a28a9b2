import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { itOnEachNode } from "./node-binaries.js";
import { npm, packRuntime, repoRoot, runOrThrow } from "./pack.js";

/**
 * What a service that only wants the hardened helpers does: install @txo-toolkit/runtime alone,
 * and pay for what the runtime imports (undici, ajv) rather than for the linter and the codemods.
 */

const runtimeDir = join(repoRoot, "packages", "runtime");
const MAX_INSTALLED_BYTES = 6 * 1024 * 1024;
const MAX_INSTALLED_PACKAGES = 10;

function bytesUnder(dir: string): number {
  let total = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) total += bytesUnder(path);
    else if (entry.isFile()) total += statSync(path).size;
  }
  return total;
}

/** Bare module names src/runtime imports (node: builtins aside), at run time or for types only. */
function runtimeImports(dir: string, kind: "value" | "type"): Set<string> {
  const names = new Set<string>();
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith(".ts")) continue;
    const text = readFileSync(join(entry.parentPath, entry.name), "utf8");
    // Type-only imports count too: the published .d.ts files import them (json-schema-to-ts).
    // A package loaded on first use (`requireFromHere("undici")`) is a run-time dependency too.
    const patterns =
      kind === "value"
        ? [/^import (?!type )[^;]*?from "([^".][^"]*)"/gm, /\brequire\w*\("([^".][^"]*)"\)/g]
        : [/^import type [^;]*?from "([^".][^"]*)"/gm];
    for (const match of patterns.flatMap((pattern) => [...text.matchAll(pattern)])) {
      const specifier = match[1] ?? "";
      if (specifier.startsWith("node:")) continue;
      names.add(
        specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : (specifier.split("/")[0] ?? specifier),
      );
    }
  }
  return names;
}

describe("the @txo-toolkit/runtime package", () => {
  // JSON.parse gives any; the root manifest declares these fields (the test reads them).
  const manifest = JSON.parse(readFileSync(join(runtimeDir, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    peerDependencies: Record<string, string>;
    version: string;
  };
  // JSON.parse gives any; the runtime's manifest declares these fields (the test reads them).
  const rootManifest = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
    dependencies: Record<string, string>;
    devDependencies: Record<string, string>;
    version: string;
  };
  const rootRanges: Record<string, string> = { ...rootManifest.devDependencies, ...rootManifest.dependencies };
  let workspace: string;
  let project: string;

  beforeAll(() => {
    workspace = mkdtempSync(join(tmpdir(), "txo-runtime-package-"));
    const tarball = packRuntime(workspace);
    project = join(workspace, "service");
    mkdirSync(project);
    writeFileSync(join(project, "package.json"), JSON.stringify({ name: "service", version: "1.0.0", private: true }));
    runOrThrow(npm, ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error", tarball], project);
  }, 600_000);

  afterAll(() => rmSync(workspace, { recursive: true, force: true }));

  it("depends on exactly what src/runtime imports, at the ranges the repository tests with", () => {
    const source = join(repoRoot, "src", "runtime");
    const imported = [...runtimeImports(source, "value")].sort();
    expect(Object.keys(manifest.dependencies).sort()).toEqual(imported);
    for (const name of imported)
      expect(manifest.dependencies[name], name).toBe(rootRanges[name] ?? manifest.dependencies[name]);
    // Packages needed only for the published types are optional peers: a service that does not use
    // the schema-inferred types does not install them.
    const typeOnly = [...runtimeImports(source, "type")].filter((name) => !imported.includes(name)).sort();
    expect(Object.keys(manifest.peerDependencies).sort()).toEqual(typeOnly);
    for (const name of typeOnly) expect(manifest.peerDependencies[name], name).toBe(rootRanges[name]);
    // txo-toolkit depends on this very version (the workspace's), and re-exports it as txo-toolkit/runtime.
    expect(rootManifest.dependencies["@txo-toolkit/runtime"]).toBe(manifest.version);
  });

  it(`installs alone in at most ${MAX_INSTALLED_PACKAGES} packages and ${MAX_INSTALLED_BYTES / 1024 / 1024} MB`, () => {
    // JSON.parse gives any; npm's package-lock.json (v3) has a packages map.
    const lock = JSON.parse(readFileSync(join(project, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>;
    };
    const installed = Object.keys(lock.packages).filter((path) => path.startsWith("node_modules/"));
    const bytes = bytesUnder(join(project, "node_modules"));
    process.stdout.write(
      `@txo-toolkit/runtime installed alone: ${installed.length} packages, ${(bytes / 1024 / 1024).toFixed(2)} MB (${installed.map((path) => path.slice("node_modules/".length)).join(", ")})\n`,
    );
    expect(installed.length).toBeLessThanOrEqual(MAX_INSTALLED_PACKAGES);
    expect(bytes).toBeLessThanOrEqual(MAX_INSTALLED_BYTES);
  });

  itOnEachNode("is imported from ESM and required from CommonJS", (node) => {
    writeFileSync(
      join(project, "esm.mjs"),
      `import { HelpfulError, requireConfig } from "@txo-toolkit/runtime";\nconsole.log(typeof HelpfulError, typeof requireConfig);\n`,
    );
    writeFileSync(
      join(project, "cjs.cjs"),
      `const { HelpfulError, requireConfig } = require("@txo-toolkit/runtime");\nconsole.log(typeof HelpfulError, typeof requireConfig);\n`,
    );
    for (const file of ["esm.mjs", "cjs.cjs"]) {
      const result = spawnSync(node, [file], { cwd: project, encoding: "utf8" });
      expect(result.stderr, file).toBe("");
      expect(result.stdout.trim(), file).toBe("function function");
    }
  });
});
