/**
 * txo-toolkit: the ESLint plugin (default export, also `txo-toolkit/eslint-plugin`), the hardened
 * runtime helpers (also `txo-toolkit/runtime`, which loads no lint machinery) and the codemod API
 * (also `txo-toolkit/codemods`).
 */
export { default, rules, LINTABLE_FILES } from "./rules/index.js";
export type { TxoRuleName } from "./rules/index.js";
export * from "@txo-toolkit/runtime";
export { runCodemods, availableTransforms, TRANSFORM_NAMES } from "./codemods/index.js";
export type { ChangeRow, CodemodOptions, CodemodResult, TransformName } from "./codemods/index.js";
