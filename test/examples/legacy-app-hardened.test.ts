import { join, relative } from "node:path";
import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/rules/index.js";
import { CHILD_TIMEOUT_MS, REPOSITORY_ROOT, runTool } from "./run-tool.js";
import { eslintConfig } from "../eslint-config.js";

/**
 * examples/legacy-app-hardened is examples/legacy-app migrated by hand onto txo-toolkit/runtime
 * (token provider, API factory, typed configuration, result tracker). It must type-check, pass
 * its own loopback-server tests, and give the rules nothing to report.
 */

const APP_ROOT = join(REPOSITORY_ROOT, "examples", "legacy-app-hardened");

describe("examples/legacy-app-hardened", () => {
  it("gives the rules nothing to report", async () => {
    const eslint = new ESLint({
      cwd: APP_ROOT,
      overrideConfigFile: true,
      overrideConfig: [eslintConfig(plugin.configs.recommended)],
    });
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const messages = results.flatMap((result) =>
      result.messages.map(
        (message) =>
          `${relative(APP_ROOT, result.filePath)}:${message.line} ${message.ruleId ?? "fatal"} ${message.message}`,
      ),
    );
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(messages).toEqual([]);
  });

  it(
    "type-checks with tsc --noEmit",
    () => {
      const { status, output } = runTool("tsc", ["--noEmit", "-p", "examples/legacy-app-hardened"]);
      expect(status, output).toBe(0);
    },
    CHILD_TIMEOUT_MS,
  );

  it(
    "passes its own loopback-server tests, token expiry during a run included",
    () => {
      const { status, output } = runTool("vitest", [
        "run",
        "--root",
        "examples/legacy-app-hardened",
        "--reporter",
        "verbose",
      ]);
      expect(status, output).toBe(0);
      expect(output).toMatch(/Tests\s+\d+ passed/);
      expect(output).toContain("renews the token before it expires");
    },
    CHILD_TIMEOUT_MS,
  );
});
