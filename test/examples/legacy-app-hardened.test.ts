import { spawnSync } from "node:child_process";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint, type Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/rules/index.js";

/**
 * examples/legacy-app-hardened is examples/legacy-app migrated by hand onto txo-toolkit/runtime
 * (token provider, API factory, typed configuration, result tracker). It must type-check, pass
 * its own loopback-server tests, and give the rules nothing to report.
 */

const REPOSITORY_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const APP_ROOT = join(REPOSITORY_ROOT, "examples", "legacy-app-hardened");
const BIN = join(REPOSITORY_ROOT, "node_modules", ".bin");
/** tsc and a whole vitest run in a child process: generous, for a busy 2-core CI machine. */
const CHILD_TIMEOUT_MS = 240_000;

/** The child runs outside this vitest worker: drop the variables that tell a process it is one. */
function childEnvironment(): NodeJS.ProcessEnv {
  const environment: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(environment)) {
    if (name.startsWith("VITEST") || name === "TEST") delete environment[name];
  }
  return environment;
}

function run(command: string, args: string[]): { status: number | null; output: string } {
  const child = spawnSync(join(BIN, command), args, { cwd: REPOSITORY_ROOT, env: childEnvironment(), encoding: "utf8", timeout: CHILD_TIMEOUT_MS });
  return { status: child.status, output: `${child.stdout}\n${child.stderr}${child.error ? `\n${child.error.message}` : ""}` };
}

describe("examples/legacy-app-hardened", () => {
  it("gives the rules nothing to report", async () => {
    const eslint = new ESLint({ cwd: APP_ROOT, overrideConfigFile: true, overrideConfig: [plugin.configs.recommended as unknown as Linter.Config] });
    const results = await eslint.lintFiles(["src/**/*.ts"]);
    const messages = results.flatMap((result) => result.messages.map((message) => `${relative(APP_ROOT, result.filePath)}:${message.line} ${message.ruleId ?? "fatal"} ${message.message}`));
    expect(results.length).toBeGreaterThanOrEqual(4);
    expect(messages).toEqual([]);
  });

  it("type-checks with tsc --noEmit", () => {
    const { status, output } = run("tsc", ["--noEmit", "-p", "examples/legacy-app-hardened"]);
    expect(status, output).toBe(0);
  }, CHILD_TIMEOUT_MS);

  it("passes its own loopback-server tests, token expiry during a run included", () => {
    const { status, output } = run("vitest", ["run", "--root", "examples/legacy-app-hardened", "--reporter", "verbose"]);
    expect(status, output).toBe(0);
    expect(output).toMatch(/Tests\s+\d+ passed/);
    expect(output).toContain("renews the token before it expires");
  }, CHILD_TIMEOUT_MS);
});
