import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { ESLint } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../src/rules/index.js";
import { eslintConfig } from "./eslint-config.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// The code carries `eslint-disable-next-line @typescript-eslint/...` comments for the repository lint
// (eslint.config.mjs): registering the plugin lets ESLint resolve the rules they name, and whether
// each is still needed is the repository lint's question (`npm run lint:repo`), not this test's.
const typescriptEslintDirectives = {
  plugins: { "@typescript-eslint": tseslint.plugin },
  linterOptions: { reportUnusedDisableDirectives: "off" as const },
};

/** The package must pass its own rules: the recommended config over src/, with this repo's txo.config.json. */
describe("self-lint", () => {
  it("src/ has zero findings under txo.configs.recommended", async () => {
    const eslint = new ESLint({
      cwd: repoRoot,
      overrideConfigFile: true,
      overrideConfig: [eslintConfig(plugin.configs.recommended), typescriptEslintDirectives],
    });
    const results = await eslint.lintFiles([join(repoRoot, "src", "**", "*.ts")]);
    const findings = results.flatMap((result) =>
      result.messages.map(
        (m) =>
          `${result.filePath.slice(repoRoot.length + 1)}:${m.line}:${m.column} ${m.ruleId ?? "parse"}: ${m.message.split("\n")[0]}`,
      ),
    );
    expect(results.length).toBeGreaterThan(50);
    expect(findings).toEqual([]);
  }, 180_000);
});
