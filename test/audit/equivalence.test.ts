import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { ESLint } from "eslint";
import fg from "fast-glob";
import { describe, expect, it } from "vitest";
import { FileLinter } from "../../src/audit/lint/engine.js";
import plugin from "../../src/rules/index.js";

const repoRoot = resolve(import.meta.dirname, "../..");

/** ESLint's Node API with the plugin's recommended config and @typescript-eslint/parser: the reference. */
async function referenceMessages(cwd: string, files: string[]): Promise<Map<string, string[]>> {
  const eslint = new ESLint({
    cwd,
    overrideConfigFile: true,
    overrideConfig: [{ ignores: ["!**/node_modules/"] }, plugin.configs.recommended as never, { linterOptions: { reportUnusedDisableDirectives: "off" } }],
    cache: false,
    ignore: false,
  });
  const results = await eslint.lintFiles(files);
  return new Map(
    results.map((result) => [
      result.filePath,
      result.messages
        // Only rule findings and parse errors: "rule not found" notes for other plugins' disable comments are not findings.
        .filter((message) => message.fatal === true || message.ruleId?.startsWith("txo/"))
        .map((message) => (message.fatal ? `parse:${message.line}:${message.column}` : `${message.ruleId}:${message.line}:${message.column}:${message.endLine}:${message.endColumn}:${message.message}`))
        .sort(),
    ]),
  );
}

function fastMessages(cwd: string, files: string[]): Map<string, string[]> {
  const linter = new FileLinter(cwd, { fastParser: true });
  return new Map(
    files.map((file) => {
      const result = linter.lint(readFileSync(file, "utf8"), file);
      if (result.parseError) return [file, [`parse:${result.parseError.line}:${result.parseError.column}`]];
      return [file, result.findings.map((finding) => `${finding.ruleId}:${finding.line}:${finding.column}:${finding.endLine}:${finding.endColumn}:${finding.message}`).sort()];
    }),
  );
}

async function compare(cwd: string, files: string[]): Promise<{ reference: Map<string, string[]>; fast: Map<string, string[]> }> {
  return { reference: await referenceMessages(cwd, files), fast: fastMessages(cwd, files) };
}

describe("the fast path (oxc + typescript-estree-compatible tokens) reports exactly what plain ESLint reports", () => {
  it("on examples/legacy-app", async () => {
    const cwd = join(repoRoot, "examples/legacy-app");
    const files = fg.sync(["**/*.{ts,tsx,js,mjs,cjs,mts,cts}"], { cwd, absolute: true, ignore: ["**/node_modules/**", "**/*.d.ts"] });
    expect(files.length).toBeGreaterThan(5);
    const { reference, fast } = await compare(cwd, files);
    expect(fast).toEqual(reference);
    const total = [...reference.values()].reduce((sum, messages) => sum + messages.length, 0);
    expect(total).toBeGreaterThan(10);
  });

  it("on a few hundred real files from node_modules (TypeScript and JavaScript)", async () => {
    // Copied out of node_modules, which ESLint ignores by default, into a corpus folder.
    const corpus = mkdtempSync(join(tmpdir(), "txo-equivalence-"));
    const typescriptFiles = fg.sync(["node_modules/ajv/lib/**/*.ts"], { cwd: repoRoot, ignore: ["**/*.d.ts"] });
    const javascriptFiles = fg.sync(["node_modules/eslint/lib/**/*.js", "node_modules/commander/lib/*.js"], { cwd: repoRoot }).slice(0, 180);
    const sources = [...typescriptFiles, ...javascriptFiles, ...fg.sync(["src/**/*.ts"], { cwd: repoRoot })];
    const files = sources.map((file) => {
      const target = join(corpus, file.replace(/^node_modules\//, "packages/"));
      cpSync(join(repoRoot, file), target);
      return target;
    });
    expect(files.length).toBeGreaterThan(300);
    try {
      const { reference, fast } = await compare(corpus, files);
      for (const file of files) expect({ file, messages: fast.get(file) }).toEqual({ file, messages: reference.get(file) });
    } finally {
      rmSync(corpus, { recursive: true, force: true });
    }
  }, 600_000);

  it("reports a parse error like ESLint does for a file that does not parse", async () => {
    const linter = new FileLinter(repoRoot, { fastParser: true });
    const result = linter.lint("export function broken( {\n", join(repoRoot, "broken.ts"));
    expect(result.parser).toBe("typescript-estree");
    expect(result.parseError?.message).toMatch(/expected|Parsing error/i);
  });
});
