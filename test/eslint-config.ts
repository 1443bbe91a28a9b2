import type { TSESLint } from "@typescript-eslint/utils";
import type { Linter } from "eslint";
import { AUDIT_RULES } from "../src/rules/catalog.js";
import plugin from "../src/rules/index.js";

/** A flat config typed by typescript-eslint (the plugin's configs) as ESLint's own `Linter.Config`, for ESLint's API. */
export function eslintConfig(config: TSESLint.FlatConfig.Config): Linter.Config {
  // The same flat config object; only the two packages' declarations of plugins, parsers and rule options differ.
  return config as Linter.Config;
}

/**
 * The plugin's recommended config with the audit's rule setup (configRules(…, "audit")) in place of
 * its own: what txo-audit runs (describe() callbacks of test files count), as a reference for ESLint.
 * Its `rules` are replaced, not layered: a later `"warn"` would keep the earlier entry's options.
 */
export const auditSetupConfig: Linter.Config[] = [
  { ...eslintConfig(plugin.configs.recommended), rules: { ...AUDIT_RULES } },
];
