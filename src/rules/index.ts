import type { TSESLint } from "@typescript-eslint/utils";
import tsParser from "@typescript-eslint/parser";
import { createRequire } from "node:module";
import maxFunctionLines from "./max-function-lines.js";
import noGlobalMutableState from "./no-global-mutable-state.js";
import noProcessExitInLibrary from "./no-process-exit-in-library.js";
import noSoftFailConfig from "./no-soft-fail-config.js";

const packageJson = createRequire(import.meta.url)("../../package.json") as { name: string; version: string };

export const rules = {
  "no-soft-fail-config": noSoftFailConfig,
  "no-process-exit-in-library": noProcessExitInLibrary,
  "no-global-mutable-state": noGlobalMutableState,
  "max-function-lines": maxFunctionLines,
};

/** Line counting of `txo/max-function-lines` (identical to core max-lines-per-function), for tools. */
export { countFunctionLines, FunctionLineCounter } from "./max-function-lines.js";

export type TxoRuleName = keyof typeof rules;

/** Every file extension the rules understand; TypeScript's parser handles all of them. */
export const LINTABLE_FILES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];

interface TxoPlugin {
  meta: { name: string; version: string; namespace: string };
  rules: typeof rules;
  configs: { recommended: TSESLint.FlatConfig.Config; strict: TSESLint.FlatConfig.Config };
}

function buildConfig(plugin: TxoPlugin, name: string, ruleLevels: TSESLint.FlatConfig.Rules): TSESLint.FlatConfig.Config {
  return {
    name: `txo/${name}`,
    files: LINTABLE_FILES,
    plugins: { txo: plugin as unknown as TSESLint.FlatConfig.Plugin },
    languageOptions: { parser: tsParser as TSESLint.FlatConfig.Parser, sourceType: "module" },
    rules: ruleLevels,
  };
}

const recommendedRules: TSESLint.FlatConfig.Rules = {
  "txo/no-soft-fail-config": "error",
  "txo/no-process-exit-in-library": "error",
  "txo/no-global-mutable-state": "error",
  "txo/max-function-lines": "warn",
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

export default plugin;
