import type { TSESLint } from "@typescript-eslint/utils";
import tsParser from "@typescript-eslint/parser";
import { createRequire } from "node:module";
import { LINTABLE_FILES, RECOMMENDED_RULE_LEVELS, rules } from "./catalog.js";

const packageJson = createRequire(import.meta.url)("../../package.json") as { name: string; version: string };

export { rules };

/** Line counting of `txo/max-function-lines` (identical to core max-lines-per-function), for tools. */
export { countFunctionLines, FunctionLineCounter } from "./max-function-lines.js";

export type TxoRuleName = keyof typeof rules;

export { LINTABLE_FILES };

interface TxoPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: Record<"recommended" | "strict" | "flat/recommended" | "flat/strict", TSESLint.FlatConfig.Config>;
}

/**
 * Sets only what the rules need: the plugin, and a parser that reads TypeScript. It leaves
 * `sourceType` and globals to ESLint's per-extension defaults and the user's own blocks, so a
 * `*.cjs` block keeps `require`/`module` (typescript-eslint's configs follow the same rule).
 */
function buildConfig(plugin: TxoPlugin, name: string, ruleLevels: TSESLint.FlatConfig.Rules): TSESLint.FlatConfig.Config {
  return {
    name: `txo/${name}`,
    files: LINTABLE_FILES,
    plugins: { txo: plugin as unknown as TSESLint.FlatConfig.Plugin },
    languageOptions: { parser: tsParser as TSESLint.FlatConfig.Parser },
    rules: ruleLevels,
  };
}

const recommendedRules: TSESLint.FlatConfig.Rules = {
  ...RECOMMENDED_RULE_LEVELS,
  // A describe/suite/context callback is as long as the tests it groups; the rule's own default
  // (used by txo-audit, which lists test files in a section of their own) still counts them.
  "txo/max-function-lines": [RECOMMENDED_RULE_LEVELS["txo/max-function-lines"], { skipTestGroups: true }],
};

const strictRules: TSESLint.FlatConfig.Rules = {
  ...recommendedRules,
  // Strict: a long function is an error, and a long IIFE is a long function too. Blank and
  // comment lines count (the defaults); the limit still comes from txo.config.json or 50.
  "txo/max-function-lines": ["error", { IIFEs: true, skipBlankLines: false, skipComments: false }],
};

const plugin: TxoPlugin = {
  meta: { name: "txo-toolkit/eslint-plugin", version: packageJson.version, namespace: "txo" },
  rules,
  configs: {} as TxoPlugin["configs"],
};
plugin.configs.recommended = buildConfig(plugin, "recommended", recommendedRules);
plugin.configs.strict = buildConfig(plugin, "strict", strictRules);
// The names older plugins use for their flat configs, so copied snippets keep working.
plugin.configs["flat/recommended"] = plugin.configs.recommended;
plugin.configs["flat/strict"] = plugin.configs.strict;

export default plugin;
