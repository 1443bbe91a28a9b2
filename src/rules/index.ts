import type { TSESLint } from "@typescript-eslint/utils";
import tsParser from "@typescript-eslint/parser";
import { createRequire } from "node:module";
import { configRules, LINTABLE_FILES, PRINCIPLES, rules, rulesOf } from "./catalog.js";
import { ProjectConfigStore } from "../config/project-config.js";
import type { PrincipleDescriptor } from "./principle.js";
import { projectConfigSettings } from "./project-configs.js";

// The package's own manifest: npm refuses to publish one without a name and a version.
const packageJson = createRequire(import.meta.url)("../../package.json") as { name: string; version: string };

export { rules };

/** Line counting of `txo/max-function-lines` (identical to core max-lines-per-function), for tools. */
export { countFunctionLines, FunctionLineCounter } from "./max-function-lines/rule.js";

export type { TxoRuleName } from "./catalog.js";

export { LINTABLE_FILES };

interface TxoPlugin<Rules = typeof rules> {
  meta: { name: string; version: string; namespace: string };
  rules: Rules;
  configs: Record<"recommended" | "strict" | "flat/recommended" | "flat/strict", TSESLint.FlatConfig.Config>;
}

/**
 * Sets only what the rules need: the plugin, and a parser that reads TypeScript. It leaves
 * `sourceType` and globals to ESLint's per-extension defaults and the user's own blocks, so a
 * `*.cjs` block keeps `require`/`module` (typescript-eslint's configs follow the same rule).
 */
function buildConfig(
  plugin: TxoPlugin<ReturnType<typeof rulesOf>>,
  setup: "recommended" | "strict",
  principles: readonly PrincipleDescriptor[],
  projectConfigs: ProjectConfigStore,
): TSESLint.FlatConfig.Config {
  return {
    name: `txo/${setup}`,
    files: LINTABLE_FILES,
    plugins: { txo: plugin },
    languageOptions: { parser: tsParser },
    // The rules read txo.config.json through the plugin's store (kept current by file stamps).
    settings: projectConfigSettings(projectConfigs),
    rules: configRules(principles, setup),
  };
}

/** The plugin for a list of principles: the package's default export is the one for PRINCIPLES. */
export function createPlugin<Rules = typeof rules>(principles: readonly PrincipleDescriptor[]): TxoPlugin<Rules> {
  const plugin: TxoPlugin<ReturnType<typeof rulesOf>> = {
    meta: { name: "txo-toolkit/eslint-plugin", version: packageJson.version, namespace: "txo" },
    rules: rulesOf(principles),
    // Filled in just below: each config names the plugin itself, so the plugin object must exist first.
    configs: {} as TxoPlugin["configs"],
  };
  const projectConfigs = new ProjectConfigStore();
  plugin.configs.recommended = buildConfig(plugin, "recommended", principles, projectConfigs);
  plugin.configs.strict = buildConfig(plugin, "strict", principles, projectConfigs);
  // The names older plugins use for their flat configs, so copied snippets keep working.
  plugin.configs["flat/recommended"] = plugin.configs.recommended;
  plugin.configs["flat/strict"] = plugin.configs.strict;
  // The caller names the rules type of the principles it passes (the default: the catalog's PRINCIPLES).
  return plugin as TxoPlugin<Rules>;
}

const plugin = createPlugin(PRINCIPLES);
// The default plugin shares the catalog's `rules` object, so `plugin.rules === rules`.
plugin.rules = rules;

export default plugin;
